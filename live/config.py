"""Operator configuration of the live lab: caps, timeouts and whether custom base URLs are allowed.

Sources, highest priority first: environment variables ``LIVE_<KEY>`` (e.g. ``LIVE_MAX_TOTAL_TOKENS``),
the ``[live]`` section of Streamlit secrets (passed in by the page), ``content/live_config.toml``, and the
defaults of :class:`LiveConfig`.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CONFIG_PATH", "LiveConfig", "load_config"]

CONFIG_PATH = Path(__file__).resolve().parent.parent / "content" / "live_config.toml"


@dataclass(frozen=True)
class LiveConfig:
    """Hard caps and switches set by whoever deploys the app (not by the student)."""

    allow_custom_base_url: bool = False
    max_samples_per_run: int = 400
    max_total_tokens: int = 600_000
    max_concurrent_requests: int = 4
    max_retry_wait_s: float = 20.0
    max_retries: int = 2
    request_timeout_s: float = 120.0
    default_model: str = "gpt-5-mini"
    sim_tokens_per_s: float = 400.0

    def __post_init__(self) -> None:
        for name in ("max_samples_per_run", "max_total_tokens", "max_concurrent_requests"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1, got {getattr(self, name)}")
        if not 0 <= self.max_retries <= 10:
            raise ValueError(f"max_retries must be in 0..10, got {self.max_retries}")
        if not self.max_retry_wait_s >= 0:
            raise ValueError(f"max_retry_wait_s must be >= 0, got {self.max_retry_wait_s}")
        if not self.sim_tokens_per_s > 0:
            raise ValueError(f"sim_tokens_per_s must be > 0, got {self.sim_tokens_per_s}")
        if not self.request_timeout_s > 0:
            raise ValueError(f"request_timeout_s must be > 0, got {self.request_timeout_s}")


def _coerce(name: str, kind: type, value: object) -> object:
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(f"{name} must be true or false, got {value!r}")
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a {kind.__name__}, got {value!r}") from None


def load_config(
    *, env: Mapping[str, str] | None = None, secrets: Mapping[str, object] | None = None,
    path: str | Path | None = CONFIG_PATH,
) -> LiveConfig:
    """Merge the sources into a validated :class:`LiveConfig`; ValueError names the bad key."""
    env = os.environ if env is None else env
    merged: dict[str, object] = {}
    if path is not None and Path(path).exists():
        with open(path, "rb") as fh:
            merged.update(tomllib.load(fh).get("live", {}))
    merged.update(dict(secrets or {}))
    types = {f.name: f.type for f in dataclasses.fields(LiveConfig)}
    kinds = {"bool": bool, "int": int, "float": float, "str": str}
    for name in types:
        if f"LIVE_{name.upper()}" in env:
            merged[name] = env[f"LIVE_{name.upper()}"]
    values = {name: _coerce(name, kinds[str(types[name])], v) for name, v in merged.items() if name in types}
    return LiveConfig(**values)  # type: ignore[arg-type]
