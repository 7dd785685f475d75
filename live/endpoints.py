"""Where requests go: the bundled simulated model, the operator's configured endpoint, or a custom URL.

The key is looked up in this order: the sidebar field (session only), Streamlit secrets, then the
``OPENAI_API_KEY`` environment variable; the base URL in secrets, then ``OPENAI_BASE_URL``, then OpenAI's.
A base URL typed into the page is refused unless the operator set ``allow_custom_base_url``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from live.client import DEFAULT_BASE_URL, SIM_API_KEY, Endpoint, LiveError, Secret, validate_base_url
from live.config import LiveConfig
from live.sim_server import MODEL_ID, SimConfig, ensure_sim_server

__all__ = ["configured_endpoint", "key_source", "sim_endpoint"]

_MODEL_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}$")


def sim_endpoint(config: SimConfig | None = None, *, timeout_s: float = 120.0) -> Endpoint:
    """The simulated model, starting its loopback server on first use."""
    return Endpoint(ensure_sim_server(config), MODEL_ID, Secret(SIM_API_KEY), simulated=True,
                    timeout_s=timeout_s)


def _pick(name: str, secrets: Mapping[str, object], env: Mapping[str, str]) -> str:
    value = secrets.get(name) or env.get(name) or ""
    return str(value).strip()


def key_source(sidebar_key: str | None, *, secrets: Mapping[str, object] | None = None,
               env: Mapping[str, str] | None = None) -> str:
    """Where the key would come from: "sidebar", "secrets", "environment" or "none" (never the key)."""
    env = os.environ if env is None else env
    if sidebar_key:
        return "sidebar"
    if (secrets or {}).get("OPENAI_API_KEY"):
        return "secrets"
    return "environment" if env.get("OPENAI_API_KEY") else "none"


def configured_endpoint(
    model: str, *, config: LiveConfig, sidebar_key: str | None = None, custom_base_url: str | None = None,
    secrets: Mapping[str, object] | None = None, env: Mapping[str, str] | None = None,
) -> Endpoint:
    """A real endpoint; LiveError (kind "config") for a refused URL or an invalid model name."""
    env = os.environ if env is None else env
    secrets = secrets or {}
    model = model.strip()
    if not _MODEL_RE.match(model):
        raise LiveError("config", "The model name must be 1-200 characters of letters, digits and ._:/@+- "
                        "(e.g. gpt-5-mini or llama3.1:8b).")
    if custom_base_url:
        if not config.allow_custom_base_url:
            raise LiveError("config", "Custom base URLs are switched off on this deployment. The operator "
                            "can allow them with allow_custom_base_url = true in the [live] config.")
        base_url = validate_base_url(custom_base_url)
    else:
        base_url = validate_base_url(_pick("OPENAI_BASE_URL", secrets, env) or DEFAULT_BASE_URL)
    key = sidebar_key or _pick("OPENAI_API_KEY", secrets, env)
    return Endpoint(base_url, model, Secret(key), simulated=False, timeout_s=config.request_timeout_s)
