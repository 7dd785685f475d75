"""best_of_n model (to be implemented)."""

__all__: list[str] = []
