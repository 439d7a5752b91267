"""issue 11 #3 (X7): the oversize and slow-body attacks against a gunicorn started here (sync
workers, as in production). Oversize bodies are refused unread, so the workers stay free; a slow
body holds a worker at most for gunicorn's --timeout, after which the site answers again
(in production nginx buffers bodies, so a slow client never reaches gunicorn: docs/deploy.md)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TIMEOUT = 4  # gunicorn --timeout for this test


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "KEQI_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'gunicorn.sqlite3'}",  # anonymous pages touch no table
        "KEQI_LOG_LEVEL": "ERROR",
        # These attacks target the login page; building the PDF font subset in a fresh var dir
        # would only make start-up slow on a busy machine.
        "KEQI_PDF_WARMUP": "0",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    command = [sys.executable, "-m", "gunicorn", "keqi.wsgi", "-b", f"127.0.0.1:{port}"]
    command += ["-k", "sync", "-w", "2", "--timeout", str(TIMEOUT), "--graceful-timeout", "1", "--preload"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("gunicorn did not start")
    yield port
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def login_page_answers(port: int, timeout: float) -> float:
    """Seconds until GET /accounts/login/ answers 200."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        first = sock.recv(64)
    assert first.startswith(b"HTTP/1.1 200"), first
    return time.monotonic() - started


def open_attack(port: int, length: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(
        (
            "POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n\r\nu"
        ).encode()
    )
    return sock


def test_oversize_bodies_are_answered_at_once_and_the_site_stays_up(gunicorn):
    attackers = [open_attack(gunicorn, 4294967296) for _ in range(4)]  # twice the workers
    try:
        for sock in attackers:
            answer = sock.recv(4096)
            assert answer.startswith(b"HTTP/1.1 413"), answer[:80]
            assert "提交内容过大".encode() in answer or b"413" in answer
        assert login_page_answers(gunicorn, timeout=5) < TIMEOUT - 1  # held workers would need the timeout
    finally:
        for sock in attackers:
            sock.close()


def test_slow_bodies_hold_workers_no_longer_than_the_timeout(gunicorn):
    attackers = [open_attack(gunicorn, 1000) for _ in range(4)]  # allowed size, never finished
    try:
        time.sleep(0.5)
        waited = login_page_answers(gunicorn, timeout=TIMEOUT * 4)
        assert waited < TIMEOUT * 3
    finally:
        for sock in attackers:
            sock.close()
