"""Issue 11 item 12 (X7): the platform on more than one process, as production runs it on more
than one machine. Two gunicorn processes and one task worker share one PostgreSQL primary, a
read replica, moto's S3 server and Redis; nothing else is shared (each has its own local
folder). A user logs in on one process (password and captcha) and carries on on the other (the SMS
code, then the pages); an export runs on the
worker and is downloaded from the other process.

The replica is a copy of the primary on the same server in which one enterprise and one
district carry other names, and its connection is read-only: what the statistics page and
the export show proves where they read, and any write sent there would fail.
"""

import io
import json
import re
import sys
import time

import pytest
import requests
from django.test import override_settings
from openpyxl import load_workbook

from keqi.core.tests import scale_support as support
from keqi.core.tests import scale_world

REDIS_URL = "redis://127.0.0.1:6379/7"


def captcha_answer(session_key: str) -> str:
    """Read the captcha the server put in the session, from Redis, as Django stores it there."""
    from django.contrib.sessions.backends.cache import SessionStore

    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    with override_settings(CACHES=caches):  # the processes were given this process's SECRET_KEY
        return SessionStore(session_key)["captcha_answer"]


def csrf(http: requests.Session, response: requests.Response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


@pytest.fixture
def stack(tmp_path, settings):
    """Primary + replica databases, S3, and the three processes. Yields their addresses."""
    env = support.base_env()
    primary, replica = support.unique_name("keqi_scale"), support.unique_name("keqi_scale_replica")
    try:
        with support.processes() as start:
            s3_endpoint = support.start_moto(start, tmp_path)
            template = support.template_database({**env, "KEQI_DEBUG": "1"})
            support.copy_database(template, primary)
            support.run(
                [sys.executable, "-m", "keqi.core.tests.scale_world"],
                {**env, "KEQI_DEBUG": "1", "DATABASE_URL": support.pg_url(primary)},
            )
            support.copy_database(primary, replica)
            with support.admin() as conn, conn.cursor() as cursor:
                cursor.execute(f'ALTER DATABASE "{replica}" SET default_transaction_read_only = on')
            with support.psycopg.connect(support.pg_url(replica), autocommit=True) as conn:
                conn.execute("SET default_transaction_read_only = off")
                conn.execute("UPDATE enterprises_enterprise SET name = '副本中的企业甲' WHERE name = '扩展测试企业甲'")
                conn.execute("UPDATE reference_region SET name = '昌平区（只读副本）' WHERE code = '110114'")
            bucket = "keqi-scale"
            s3 = support.make_bucket(s3_endpoint, bucket)
            shared = {
                **env,
                "KEQI_DEBUG": "0",
                "KEQI_SECRET_KEY": settings.SECRET_KEY,
                "DATABASE_URL": support.pg_url(primary),
                "DATABASE_REPLICA_URL": support.pg_url(replica),
                "KEQI_REDIS_URL": REDIS_URL,
                "KEQI_SMS_BACKEND": "file",
                "KEQI_SMS_FILE": str(tmp_path / "sms.jsonl"),
                **support.s3_env(s3_endpoint, bucket),
            }
            ports = {}
            for name in ("a", "b"):
                ports[name] = support.free_port()
                own = {**shared, "KEQI_VAR_DIR": str(tmp_path / name)}  # no folder in common
                command = [sys.executable, "-m", "gunicorn", "keqi.wsgi", "-b", f"127.0.0.1:{ports[name]}"]
                command += ["-k", "sync", "-w", "1", "--timeout", "30"]
                process = start(command, own, tmp_path / f"gunicorn-{name}.log")
                ports[name + "_process"] = process
            worker_env = {**shared, "KEQI_VAR_DIR": str(tmp_path / "worker")}
            worker = start(
                [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
                worker_env,
                tmp_path / "worker.log",
            )
            for name in ("a", "b"):
                url = f"http://127.0.0.1:{ports[name]}/accounts/login/"
                support.wait_until_up(ports[name + "_process"], url, tmp_path / f"gunicorn-{name}.log")
            yield {
                "sms": tmp_path / "sms.jsonl",
                "a": f"http://127.0.0.1:{ports['a']}",
                "b": f"http://127.0.0.1:{ports['b']}",
                "worker": worker,
                "s3": s3,
                "bucket": bucket,
                "logs": tmp_path,
            }
    finally:
        support.drop_databases(primary, replica)


def test_two_processes_one_worker_one_database_one_storage(stack, settings):
    started = time.monotonic()
    a, b = stack["a"], stack["b"]
    http = requests.Session()

    # log in on process A (the captcha's answer is in the session, which lives in Redis)
    form = http.get(f"{a}/accounts/login/", timeout=10)
    assert http.get(f"{a}/accounts/captcha.png", timeout=10).headers["Content-Type"] == "image/png"
    answer = captcha_answer(http.cookies["sessionid"])
    logged_in = http.post(
        f"{a}/accounts/login/",
        data={
            "csrfmiddlewaretoken": csrf(http, form),
            "username": scale_world.OFFICER,
            "password": scale_world.PASSWORD,
            "captcha": answer,
        },
        timeout=10,
    )
    assert logged_in.url == f"{a}/accounts/login/code/", logged_in.url  # officers: an SMS code follows
    # the code is entered on process B: the pending login is in the shared session
    sent = json.loads(stack["sms"].read_text(encoding="utf-8").splitlines()[-1])
    assert sent["mobile"] == scale_world.OFFICER_MOBILE
    code_page = http.get(f"{b}/accounts/login/code/", timeout=10)
    verified = http.post(
        f"{b}/accounts/login/code/",
        data={"csrfmiddlewaretoken": csrf(http, code_page), "code": re.search(r"\d{6}", sent["text"]).group(0)},
        timeout=10,
    )
    assert verified.url == f"{b}/workbench/", verified.url

    # carry on on process A with the same session
    listing = http.get(f"{a}/enterprise/list/", timeout=10)
    assert listing.url == f"{a}/enterprise/list/", "process A did not know the session"
    assert "扩展测试企业甲" in listing.text and "副本中的企业甲" not in listing.text  # ordinary pages: primary

    # statistics read from the replica
    statistics = http.get(f"{b}/reports/statistics/enterprises/", timeout=10)
    assert statistics.status_code == 200
    assert "昌平区（只读副本）" in statistics.text

    # an export: asked on A, written by the worker, downloaded from B
    token = http.cookies["csrftoken"]
    queued = http.post(
        f"{a}/api/v1/exports", json={"dataset": "enterprises"}, headers={"X-CSRFToken": token}, timeout=10
    )
    assert queued.status_code == 200, queued.text
    job = queued.json()
    deadline = time.monotonic() + 30
    while job["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, (stack["logs"] / "worker.log").read_text()[-3000:]
        assert stack["worker"].poll() is None, (stack["logs"] / "worker.log").read_text()[-3000:]
        time.sleep(0.2)
        job = http.get(f"{b}/api/v1/exports/{job['id']}", timeout=10).json()
    assert job["status"] == "done", job
    objects = stack["s3"].list_objects_v2(Bucket=stack["bucket"], Prefix="media/exports/").get("Contents", [])
    assert len(objects) == 1, objects  # the file is in the shared storage, not on the worker's disk
    assert not list((stack["logs"] / "worker").rglob("*.xlsx"))
    download = http.get(f"{b}/exports/{job['id']}/download/", timeout=10)
    assert download.status_code == 200 and download.headers["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(download.content), read_only=True).active
    cells = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None}
    assert "副本中的企业甲" in cells and {"扩展测试企业乙", "扩展测试企业丙"} <= cells  # rows from the replica
    assert time.monotonic() - started < 60


def test_replica_router_sends_only_marked_reads_to_the_replica(monkeypatch):
    from keqi.accounts.models import User
    from keqi.core import replica

    router = replica.ReplicaRouter()
    assert not replica.configured()  # the suite runs without one: every read stays on the primary
    with replica.reads():
        assert router.db_for_read(User) is None
    monkeypatch.setattr(replica, "configured", lambda: True)
    assert router.db_for_read(User) is None
    with replica.reads():
        assert router.db_for_read(User) == "replica"
        assert router.db_for_write(User) == "default"
    assert router.db_for_read(User) is None
    assert router.allow_migrate("replica", "accounts") is False and router.allow_migrate("default", "accounts")


@pytest.fixture
def s3_storage(tmp_path, settings):
    """The default storage on moto's S3 server (a real HTTP endpoint on 127.0.0.1)."""
    with support.processes() as start:
        endpoint = support.start_moto(start, tmp_path)
        s3 = support.make_bucket(endpoint, "keqi-attachments")
        env = support.s3_env(endpoint, "keqi-attachments")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": env["KEQI_S3_BUCKET"],
                    "endpoint_url": endpoint,
                    "region_name": env["KEQI_S3_REGION"],
                    "access_key": env["KEQI_S3_ACCESS_KEY_ID"],
                    "secret_key": env["KEQI_S3_SECRET_ACCESS_KEY"],
                    "location": "media",
                    "default_acl": None,
                    "file_overwrite": False,
                },
            },
        }
        yield s3


@pytest.mark.django_db
def test_attachments_are_stored_in_s3_and_read_back(s3_storage, make_enterprise, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from keqi.files import services as files
    from keqi.files.tests.builders import pdf_bytes
    from keqi.formkit.spec import Slot

    enterprise = make_enterprise("110114")
    content = pdf_bytes()
    upload = SimpleUploadedFile("营业执照.pdf", content, content_type="application/pdf")
    attachment = files.store(
        actor=None, enterprise=enterprise, owner=enterprise, slot=Slot(key="licence", label="营业执照"), upload=upload
    )
    key = f"media/{attachment.file.name}"
    stored = s3_storage.get_object(Bucket="keqi-attachments", Key=key)["Body"].read()
    assert stored == content  # in the bucket, byte for byte
    with attachment.file.open("rb") as handle:
        assert handle.read() == content
    with django_capture_on_commit_callbacks(execute=True):
        files.delete(actor=None, attachment=attachment)
    assert s3_storage.list_objects_v2(Bucket="keqi-attachments").get("KeyCount", 0) == 0
