"""Processes for the scale-out tests: a PostgreSQL database of our own, moto's S3 server,
gunicorn and the task worker, each a real process on 127.0.0.1 (issue 11 item 12)."""

import hashlib
import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[3]
PG_ADMIN = os.environ.get("KEQI_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
TEMPLATE_PREFIX = "keqi_scale_tpl_"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_url(name: str, **options: str) -> str:
    base = PG_ADMIN.rsplit("/", 1)[0]
    query = "&".join(f"{key}={value}" for key, value in options.items())
    return f"{base}/{name}" + (f"?{query}" if query else "")


def admin():
    return psycopg.connect(PG_ADMIN, autocommit=True)


def migrations_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("keqi/*/migrations/*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def run(command: list[str], env: dict, timeout: int = 120) -> None:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"


def template_database(env: dict) -> str:
    """A migrated database to copy from, made once per set of migrations (CREATE DATABASE …
    TEMPLATE takes about a second where migrating takes fifteen). Older templates are dropped."""
    name = TEMPLATE_PREFIX + migrations_digest()
    with admin() as conn:
        conn.execute("SELECT pg_advisory_lock(8117)")  # parallel runs make the template once
        try:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                for (old,) in conn.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s", [TEMPLATE_PREFIX + "%"]
                ).fetchall():
                    conn.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
                building = name + "_building"
                conn.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{building}"')
                run([sys.executable, "manage.py", "migrate", "-v0"], {**env, "DATABASE_URL": pg_url(building)}, 300)
                conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        finally:
            conn.execute("SELECT pg_advisory_unlock(8117)")
    return name


def copy_database(template: str, name: str) -> None:
    with admin() as conn:
        conn.execute("SELECT pg_advisory_lock(8117)")
        try:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        finally:
            conn.execute("SELECT pg_advisory_unlock(8117)")


def drop_databases(*names: str) -> None:
    with admin() as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def unique_name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def wait_until_up(process: subprocess.Popen, url: str, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{url}: process exited\n" + log.read_text(errors="replace")[-3000:])
        try:
            requests.get(url, timeout=10)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"{url} did not answer\n" + log.read_text(errors="replace")[-3000:])


@contextmanager
def processes():
    """Start processes with `start(name, command, env, log_dir)`; all are stopped at the end."""
    started: list[tuple[subprocess.Popen, object]] = []

    def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
        handle = log.open("wb")
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
        started.append((process, handle))
        return process

    try:
        yield start
    finally:
        for process, _handle in started:
            process.terminate()
        for process, handle in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            handle.close()


def start_moto(start, log_dir: Path) -> str:
    port = free_port()
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
    process = start(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], env, log_dir / "moto.log"
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(process, url, log_dir / "moto.log")
    return url


def make_bucket(endpoint: str, bucket: str):
    import boto3

    s3 = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1"
    )
    s3.create_bucket(Bucket=bucket)
    return s3


def s3_env(endpoint: str, bucket: str) -> dict:
    return {
        "KEQI_S3_BUCKET": bucket,
        "KEQI_S3_ENDPOINT_URL": endpoint,
        "KEQI_S3_REGION": "us-east-1",
        "KEQI_S3_ACCESS_KEY_ID": "test",
        "KEQI_S3_SECRET_ACCESS_KEY": "test",
    }


def base_env() -> dict:
    env = {**os.environ, "KEQI_LOG_LEVEL": "WARNING", "KEQI_PDF_FONT_BUILD": "0"}  # no PDFs here
    for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DATABASE_REPLICA_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    env["DJANGO_SETTINGS_MODULE"] = "keqi.settings"
    return env
