"""Real local servers for the live tests: the simulated model (fast) and the fault injector."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator

import pytest

from live.client import Endpoint, LiveClient, Secret
from live.sim_server import MODEL_ID, SimConfig, SimServer
from tests.live.fault_server import FAKE_KEY, FaultServer

FAST = SimConfig(tokens_per_s=1e6, base_latency_ms=1.0)


@pytest.fixture(scope="session")
def sim_server() -> Iterator[SimServer]:
    with SimServer(FAST) as server:
        yield server


@pytest.fixture(scope="session")
def fault_server() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fault_client(server: FaultServer, mode: str, *, timeout_s: float = 5.0, max_retries: int = 2,
                 max_retry_wait_s: float = 1.0, key: str = FAKE_KEY,
                 sleep: Callable[[float], None] = time.sleep) -> LiveClient:
    """A client for one fault mode, sending the distinctive fake key."""
    endpoint = Endpoint(server.url(mode), MODEL_ID, Secret(key), timeout_s=timeout_s)
    return LiveClient(endpoint, max_retries=max_retries, max_retry_wait_s=max_retry_wait_s, sleep=sleep)
