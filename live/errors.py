"""The one exception type of the live lab (kept light: importing it does not import ``openai``)."""

from __future__ import annotations

from live.redact import redact

__all__ = ["LiveError"]


class LiveError(Exception):
    """A failed live call or a refused setting.

    ``kind`` is a short machine name (auth, permission, not_found, rate_limited, server_error, timeout,
    connection, malformed, empty_choices, effort_rejected, bad_request, config, cap, unknown); ``str(err)``
    is the message, already redacted.
    """

    def __init__(self, kind: str, message: str, *, status: int | None = None, secrets: tuple[str, ...] = ()):
        self.kind = kind
        self.status = status
        self.message = redact(message, secrets)
        super().__init__(self.message)


