"""Start and stop a real `streamlit run` server on a free loopback port, and read its CPU and memory."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
_CLK_TCK = os.sysconf("SC_CLK_TCK")
# Streamlit options every server of this bench run gets (``python -m bench --option NAME=VALUE``), so a
# proposed config can be measured before it goes into .streamlit/config.toml. Explicit options win.
EXTRA_OPTIONS: dict[str, str] = {}
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(
    base_url: str, timeout_s: float = 60.0, proc: subprocess.Popen[bytes] | None = None
) -> float:
    """Poll ``/_stcore/health`` until it answers 200; return the seconds waited."""
    t0 = time.perf_counter()
    while True:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before becoming healthy")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return time.perf_counter() - t0
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.perf_counter() - t0 > timeout_s:
            raise TimeoutError(f"{base_url} not healthy after {timeout_s:.0f} s")
        time.sleep(0.05)


def proc_cpu_s(pid: int) -> float:
    """User + system CPU seconds used so far by process `pid` (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK


def proc_rss_bytes(pid: int) -> int:
    """Resident set size of process `pid` in bytes (Linux /proc)."""
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE_BYTES


class StreamlitServer:
    """``python -m streamlit run SCRIPT`` on 127.0.0.1:PORT, as a context manager.

    ``options`` are extra ``--section.name=value`` flags (e.g. ``{"runner.postScriptGC": "false"}``).
    ``python_args`` lets a wrapper module stand in for ``-m streamlit`` (used by the profiler).
    """

    def __init__(
        self,
        script: str | Path,
        *,
        port: int | None = None,
        options: dict[str, str] | None = None,
        module: str = "streamlit",
        env: dict[str, str] | None = None,
        wait: bool = True,
    ):
        self.script = str(script)
        self.port = port or free_port()
        self.options = {
            "server.address": "127.0.0.1",
            "server.port": str(self.port),
            "server.headless": "true",
            "browser.gatherUsageStats": "false",
            "server.fileWatcherType": "none",
            "server.runOnSave": "false",
            **EXTRA_OPTIONS,
            **(options or {}),
        }
        self.module = module
        self.env = env
        self.wait = wait
        self.proc: subprocess.Popen[bytes] | None = None
        self.started_at = 0.0
        self._log = tempfile.TemporaryFile()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> StreamlitServer:
        cmd = [PYTHON, "-m", self.module, "run", self.script]
        cmd += [f"--{name}={value}" for name, value in self.options.items()]
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **(self.env or {})}
        self.started_at = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        if self.wait:
            try:
                wait_healthy(self.base_url, proc=self.proc)
            except Exception:
                self.stop()
                raise
        return self

    def log_text(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self._log.close()
