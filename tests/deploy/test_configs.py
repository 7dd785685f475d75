"""The nginx configurations are accepted by Debian's nginx itself (``nginx -t``), and the launcher rejects
bad sizes. Nothing is started or bound here: ``nginx -t`` only parses and opens files in a tmp prefix."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from deploy.launch import COOKIE_NAME, Deployment, find_nginx, render_nginx_conf
from tests.conftest import ROOT


def _nginx_t(conf: Path, prefix: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [find_nginx(), "-t", "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
        capture_output=True,
        text=True,
    )


def test_rendered_launcher_config_passes_nginx_t(tmp_path: Path) -> None:
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (tmp_path / sub).mkdir(parents=True)
    text = render_nginx_conf(tmp_path, 18080, [18501, 18502, 18503], debug_headers=True)
    conf = tmp_path / "nginx.conf"
    conf.write_text(text)
    result = _nginx_t(conf, tmp_path)
    assert result.returncode == 0, result.stderr
    # Only loopback, every replica listed once, the affinity cookie and websocket upgrade wired in.
    assert "listen 127.0.0.1:18080;" in text and "listen 80" not in text
    assert [p for p in (18501, 18502, 18503) if text.count(f"server 127.0.0.1:{p} ") == 1] == [
        18501,
        18502,
        18503,
    ]
    assert "hash $ttclab_affinity consistent;" in text and f"$cookie_{COOKIE_NAME}" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text and "proxy_read_timeout 1d;" in text
    directives = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    assert str(tmp_path) in directives and "/var/log" not in directives and "/etc/nginx" not in directives


def test_a_broken_config_is_caught_by_nginx_t(tmp_path: Path) -> None:
    text = render_nginx_conf(tmp_path, 18080, [18501]).replace("hash $ttclab_affinity consistent;", "hash;")
    conf = tmp_path / "nginx.conf"
    conf.write_text(text)
    assert _nginx_t(conf, tmp_path).returncode != 0


def test_university_site_example_passes_nginx_t(tmp_path: Path) -> None:
    # A throwaway self-signed certificate stands in for the real one (TLS itself is not exercised here).
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=ttclab.test",
        ],
        check=True,
        capture_output=True,
    )
    site = (ROOT / "deploy" / "nginx-site.example.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/ttclab.example.edu/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/ttclab.example.edu/privkey.pem", str(key))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "tmp").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n access_log off;\n"
        f" client_body_temp_path {tmp_path}/tmp;\n proxy_temp_path {tmp_path}/tmp;\n"
        f" include {tmp_path}/site.conf;\n}}\n"
    )
    result = _nginx_t(conf, tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("kwargs", [{"replicas": 0}, {"replicas": 65}])
def test_launcher_rejects_bad_replica_counts(kwargs: dict[str, int], tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="replicas"):
        Deployment(run_dir=tmp_path, **kwargs)


def test_render_rejects_bad_ports(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="replica_ports"):
        render_nginx_conf(tmp_path, 18080, [])
    with pytest.raises(ValueError, match="listen_port"):
        render_nginx_conf(tmp_path, 70000, [18501])
