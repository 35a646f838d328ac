"""``ortakakil serve``: the production server (gunicorn, several workers, static files served)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

CLI = [sys.executable, "-m", "ortakakil"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 — loopback only
        return response.status, response.read()


@pytest.mark.slow
def test_serve_starts_workers_on_a_fresh_database_and_serves_pages_static_files_and_the_api(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env["ORTAKAKIL_VAR_DIR"] = str(tmp_path)
    port = _free_port()
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _ = _get(base + "/")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "the server did not answer within 90 s"
                time.sleep(0.5)
        assert status == 200
        assert _get(base + "/static/ortakakil/site.css")[0] == 200  # static files served
        status, body = _get(base + "/api/v1/processes/")
        assert status == 200 and body.startswith(b"{")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Booting worker" in output and output.count("Booting worker") >= 2, output[-2000:]


@pytest.mark.parametrize(("flag", "value"), [("--port", "70000"), ("--workers", "0")])
def test_serve_refuses_bad_numbers_with_exit_code_2(tmp_path, flag, value):
    env = {**os.environ, "ORTAKAKIL_VAR_DIR": str(tmp_path)}
    result = subprocess.run([*CLI, "serve", flag, value], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "arasında" in result.stderr
