"""kv_cache model (to be implemented)."""

__all__: list[str] = []
