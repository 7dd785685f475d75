"""Serve the app as N Streamlit replicas behind nginx, all on loopback, in the foreground.

    .venv/bin/python -m deploy.launch --replicas 2 --port 8080
    .venv/bin/python -m deploy.launch --replicas 4 --port 8080 --run-dir /tmp/ttclab   # keep logs there

Each replica is ``streamlit run app.py`` on its own 127.0.0.1 port with the same ``server.cookieSecret``
(passed through the environment, never on a command line, so ``ps`` does not show it; taken from
``TTCLAB_COOKIE_SECRET`` or generated once per launch). Once every replica answers ``/_stcore/health``,
nginx (Debian's package) starts in the foreground with its own prefix, pid, logs and temp paths under the
run directory: no system nginx configuration is read or changed. One line ``READY {json}`` on stdout
gives the proxy URL, the replica URLs and the process ids; Ctrl-C or SIGTERM stops nginx, then the
replicas. A replica that dies is restarted (``--no-restart`` turns that off).

Students per replica: see docs/capacity.md; one replica per core.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
COOKIE_NAME = "ttclab_replica"
NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def find_nginx() -> str:
    for cand in NGINX_CANDIDATES:
        path = shutil.which(cand) or (cand if os.access(cand, os.X_OK) else None)
        if path:
            return path
    raise FileNotFoundError("nginx not found: install Debian's package (apt-get install nginx)")


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout_s: float) -> None:
    """Poll ``url`` until it answers 200 (a readiness wait, not a timing check)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"process {proc.args[0] if isinstance(proc.args, list) else proc.args} exited "
                f"with code {proc.returncode} before {url} was healthy"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} not healthy after {timeout_s:.0f} s")


def render_nginx_conf(
    run_dir: Path,
    listen_port: int,
    replica_ports: list[int],
    *,
    debug_headers: bool = False,
    worker_processes: str = "auto",
) -> str:
    """The nginx config for these ports, every path inside `run_dir` (see nginx.conf.template)."""
    if not replica_ports:
        raise ValueError("replica_ports: need at least one replica port")
    if not 1 <= listen_port <= 65535:
        raise ValueError(f"listen_port: must be 1..65535, got {listen_port}")
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=2 fail_timeout=10s;" for p in replica_ports)
    debug = "            add_header X-TTCLab-Replica $upstream_addr always;" if debug_headers else ""
    # nginx started by root would switch its workers to "nobody", who cannot write a private temp dir.
    user_line = "user root;" if os.geteuid() == 0 else ""
    return TEMPLATE.read_text().format(
        run_dir=run_dir,
        listen=f"127.0.0.1:{listen_port}",
        upstream_servers=servers,
        debug_headers=debug,
        cookie_name=COOKIE_NAME,
        user_line=user_line,
        worker_processes=worker_processes,
    )


@dataclass
class Deployment:
    """N replicas + nginx; `start()` returns once the proxy answers ``/_stcore/health``."""

    replicas: int = 2
    port: int = 0
    run_dir: Path | None = None
    app: str = "app.py"
    debug_headers: bool = False
    restart: bool = True
    startup_timeout_s: float = 90.0
    extra_options: dict[str, str] = field(default_factory=dict)
    replica_ports: list[int] = field(default_factory=list)
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    nginx: subprocess.Popen[bytes] | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.replicas <= 64:
            raise ValueError(f"replicas: must be 1..64, got {self.replicas}")
        self.port = self.port or free_port()
        self.run_dir = Path(self.run_dir or tempfile.mkdtemp(prefix="ttclab-deploy-"))
        self._secret = os.environ.get("TTCLAB_COOKIE_SECRET") or secrets.token_hex(32)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def replica_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{p}" for p in self.replica_ports]

    def _replica_cmd(self, port: int) -> list[str]:
        opts = {
            "server.address": "127.0.0.1",
            "server.port": str(port),
            "server.headless": "true",
            "server.fileWatcherType": "none",
            "server.runOnSave": "false",
            "browser.gatherUsageStats": "false",
            **self.extra_options,
        }
        return [sys.executable, "-m", "streamlit", "run", self.app, *(f"--{k}={v}" for k, v in opts.items())]

    def _start_replica(self, i: int) -> subprocess.Popen[bytes]:
        assert self.run_dir is not None
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "STREAMLIT_SERVER_COOKIE_SECRET": self._secret}
        env.pop("TTCLAB_COOKIE_SECRET", None)
        log = (self.run_dir / f"replica-{i}.log").open("ab")
        return subprocess.Popen(
            self._replica_cmd(self.replica_ports[i]), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )

    def start(self) -> Deployment:
        assert self.run_dir is not None
        nginx = find_nginx()
        for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
            (self.run_dir / sub).mkdir(parents=True, exist_ok=True)
        self.replica_ports = [free_port() for _ in range(self.replicas)]
        try:
            self.procs = [self._start_replica(i) for i in range(self.replicas)]
            for url, proc in zip(self.replica_urls, self.procs, strict=True):
                wait_healthy(f"{url}/_stcore/health", proc, self.startup_timeout_s)
            conf = self.run_dir / "nginx.conf"
            conf.write_text(
                render_nginx_conf(
                    self.run_dir, self.port, self.replica_ports, debug_headers=self.debug_headers
                )
            )
            cmd = [nginx, "-p", str(self.run_dir), "-c", str(conf), "-e", str(self.run_dir / "error.log")]
            check = subprocess.run([*cmd, "-t", "-q"], capture_output=True, text=True)
            if check.returncode != 0:
                raise RuntimeError(f"nginx -t failed: {check.stderr.strip()}")
            log = (self.run_dir / "nginx.out").open("ab")
            self.nginx = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
            wait_healthy(f"{self.url}/_stcore/health", self.nginx, self.startup_timeout_s)
        except BaseException:
            self.stop()
            raise
        return self

    def info(self) -> dict[str, object]:
        return {
            "url": self.url,
            "replicas": self.replica_urls,
            "replica_pids": [p.pid for p in self.procs],
            "nginx_pid": self.nginx.pid if self.nginx else None,
            "run_dir": str(self.run_dir),
            "access_log": str(Path(str(self.run_dir)) / "access.log"),
        }

    def watch(self, poll_s: float = 1.0) -> None:
        """Block until nginx exits; restart replicas that die (if `restart`)."""
        assert self.nginx is not None
        while self.nginx.poll() is None:
            for i, proc in enumerate(self.procs):
                if proc.poll() is not None and self.restart:
                    print(
                        f"replica {i} exited with {proc.returncode}; restarting", file=sys.stderr, flush=True
                    )
                    self.procs[i] = self._start_replica(i)
            time.sleep(poll_s)

    def stop(self) -> None:
        """Stop nginx (graceful QUIT, then TERM/KILL), then every replica."""
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)
            _wait_or_kill(self.nginx, 10)
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            _wait_or_kill(proc, 15)

    def __enter__(self) -> Deployment:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _wait_or_kill(proc: subprocess.Popen[bytes], timeout_s: float) -> None:
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.launch",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--replicas",
        type=int,
        default=max(1, os.cpu_count() or 1),
        help="Streamlit processes (default: one per core)",
    )
    parser.add_argument("--port", type=int, default=8080, help="nginx port on 127.0.0.1 (0 = any free port)")
    parser.add_argument(
        "--run-dir", type=Path, help="logs, nginx.conf, pid and temp files (default: a new tmp dir)"
    )
    parser.add_argument("--app", default="app.py", help="script each replica runs (default app.py)")
    parser.add_argument("--debug-headers", action="store_true", help="add X-TTCLab-Replica to responses")
    parser.add_argument("--no-restart", action="store_true", help="do not restart replicas that exit")
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="SECTION.NAME=VALUE",
        help="extra Streamlit option for every replica, e.g. runner.postScriptGC=false",
    )
    args = parser.parse_args(argv)
    extra = {}
    for item in args.option:
        name, sep, value = item.partition("=")
        if not sep or "." not in name:
            parser.error(f"--option: expected SECTION.NAME=VALUE, got {item!r}")
        extra[name] = value
    try:
        dep = Deployment(
            replicas=args.replicas,
            port=args.port,
            run_dir=args.run_dir,
            app=args.app,
            debug_headers=args.debug_headers,
            restart=not args.no_restart,
            extra_options=extra,
        )
    except ValueError as exc:
        parser.error(str(exc))

    def on_signal(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        dep.start()
        print("READY " + json.dumps(dep.info()), flush=True)
        dep.watch()
    except KeyboardInterrupt:
        pass
    finally:
        dep.stop()
        print("STOPPED", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
