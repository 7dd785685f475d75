"""Keep API keys out of messages, logs and files.

Every message the live lab shows or writes passes through :func:`redact`, which removes the keys it was
given plus anything shaped like a bearer token or an OpenAI-style ``sk-`` key, whatever the server echoed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

__all__ = ["REDACTED", "RedactingFilter", "clean_base_url", "get_logger", "redact"]

REDACTED = "[redacted]"
_PATTERNS = (
    (re.compile(r"(?i)(bearer\s+)[^\s\"',;]+"), r"\1" + REDACTED),
    (re.compile(r"\bsk-[A-Za-z0-9_\-*.]{4,}"), "sk-" + REDACTED),
    (re.compile(r"(?i)((?:api[_-]?key|authorization|token)\s*[=:]\s*)[^\s\"',;&]+"), r"\1" + REDACTED),
)
_known_secrets: set[str] = set()


def remember_secret(secret: str) -> None:
    """Register a key so that every later :func:`redact` call removes it too."""
    if secret and len(secret) >= 4:
        _known_secrets.add(secret)


def redact(text: object, secrets: Iterable[str] = ()) -> str:
    """``str(text)`` with the given and remembered secrets and token-like strings replaced."""
    out = str(text)
    for secret in sorted({*secrets, *_known_secrets}, key=len, reverse=True):
        if secret and len(secret) >= 4:
            out = out.replace(secret, REDACTED)
    for pattern, repl in _PATTERNS:
        out = pattern.sub(repl, out)
    return out


def clean_base_url(url: str) -> str:
    """A base URL without credentials, query or fragment (what may be shown or recorded)."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


class RedactingFilter(logging.Filter):
    """Rewrites each record's message through :func:`redact` before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True


def get_logger(name: str) -> logging.Logger:
    """A module logger that redacts its own records."""
    logger = logging.getLogger(name)
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())
    return logger
