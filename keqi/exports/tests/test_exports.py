"""P10 / S2.9 exports: exactly the filtered rows, picked and ordered fields, typed cells,
translated dictionary values, masking, one export at a time, background jobs over 20,000 rows
run by the django-tasks database worker, a download centre only the owner can use, expiry."""

import io
import os
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from keqi.accounts.models import Role
from keqi.enterprises.models import Contact, Qualification
from keqi.exports import services
from keqi.exports.models import ExportJob
from keqi.exports.tests.helpers import read_xlsx, read_xlsx_sheet, run_worker
from keqi.reference.models import Industry

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_enterprise, make_user):
    software = Industry.objects.get(code="6513")
    a = make_enterprise(
        "110114",
        name="北京甲软件有限公司",
        industry=software,
        registration_type="173",
        established_date=date(2015, 3, 1),
        registered_capital=Decimal("12345678901.2345"),
        employees=50,
    )
    b = make_enterprise(
        "110114", name="北京乙制造有限公司", established_date=date(2019, 6, 1), registered_capital=Decimal("0.1")
    )
    make_enterprise("110114", name="北京丙软件有限公司", industry=software, established_date=date(2020, 1, 1))
    chongqing = make_enterprise(
        "500240", name="重庆石柱软件有限公司", industry=software, established_date=date(2015, 1, 1)
    )
    Contact.objects.create(enterprise=a, name="张三", mobile="13812345678", is_primary=True)
    Qualification.objects.create(enterprise=a, kind="tech_sme", number="2026A", year=timezone.localdate().year)
    return {
        "a": a,
        "b": b,
        "chongqing": chongqing,
        "changping": make_user(Role.DISTRICT, region_code="110114"),
        "other": make_user(Role.DISTRICT, region_code="110114"),
    }


def export(client, fields=None, **params):
    data = dict(params)
    if fields is None:
        data["default"] = "1"
    else:
        data["fields"] = [key for key, _order in fields]
        data.update({f"order_{key}": str(order) for key, order in fields})
    return client.post("/exports/new/enterprises/", data)


def test_p10_s2_9_export_equals_the_filtered_list_with_picked_ordered_fields(client, world):
    client.force_login(world["changping"])
    listed = client.get("/api/v1/enterprises", {"q": "软件"}).json()
    assert listed["count"] == 2
    fields = [
        ("registered_capital", 3),
        ("name", 1),
        ("established_date", 2),
        ("registration_type", 4),
        ("employees", 5),
    ]
    response = export(client, fields, q="软件")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = read_xlsx(response)
    assert rows[0] == ["企业名称", "成立日期", "注册资本（万元）", "企业注册类型", "职工总数"]
    assert sorted(row[0] for row in rows[1:]) == sorted(item["name"] for item in listed["items"])
    first = next(row for row in rows if row[0] == "北京甲软件有限公司")
    assert first[1] == datetime(2015, 3, 1)  # a real Excel date
    assert first[2] == 12345678901.2345  # a real number, exactly the 万元 amount (15 significant digits)
    assert Decimal(str(first[2])) == Decimal("12345678901.2345")
    assert first[3] == "私营有限责任公司"  # dictionary value translated
    assert first[4] == 50
    assert "重庆石柱软件有限公司" not in str(rows)


def test_p10_default_export_and_filters_without_rows_and_scope(client, world):
    client.force_login(world["changping"])
    rows = read_xlsx(export(client))
    assert rows[0] == [
        "企业名称",
        "统一社会信用代码",
        "所属区县",
        "所属行业",
        "成立日期",
        "审核状态",
        "入库状态（当年）",
    ]
    assert len(rows) == 4
    assert {row[6] for row in rows[1:]} == {"已入库", "未入库"}
    assert all(row[5] == "未提交" for row in rows[1:])
    empty = read_xlsx(export(client, q="不存在的企业"))
    assert empty == [rows[0]]
    assert "重庆" not in str(rows)


def test_p10_personal_data_is_masked_unless_the_role_allows(client, world):
    fields = [("name", 1), ("contact_name", 2), ("contact_mobile", 3)]
    client.force_login(world["changping"])
    rows = read_xlsx(export(client, fields, q="甲"))
    assert rows[1] == ["北京甲软件有限公司", "张三", "138****5678"]
    world["other"].can_view_personal_data = True
    world["other"].save()
    client.force_login(world["other"])
    assert read_xlsx(export(client, fields, q="甲"))[1] == ["北京甲软件有限公司", "张三", "13812345678"]


def test_p10_bad_export_requests_give_clear_messages(client, world):
    client.force_login(world["changping"])
    response = client.post("/exports/new/enterprises/", {"q": "软件"})
    assert response.status_code == 200
    assert "请至少选择一个导出字段" in response.content.decode()
    response = export(client, [("password", 1)])
    assert "导出字段“password”不存在" in response.content.decode()
    response = export(client, [("name", 1)], q="企" * 10_000)
    assert "搜索内容不能超过100个字符（当前10000个）" in response.content.decode()
    response = export(client, [("name", 1)], region="500240")
    assert "所选区域不存在或不在您的管辖范围内" in response.content.decode()
    assert client.post("/exports/new/nothing/", {"default": "1"}).status_code == 404
    # an export while another runs
    ExportJob.objects.create(owner=world["changping"], dataset="enterprises", title="企业信息查询", status="running")
    response = export(client)
    assert response.status_code == 200
    assert services.BUSY_MESSAGE in response.content.decode()
    api = client.post("/api/v1/exports", {"fields": []}, content_type="application/json")
    assert api.status_code == 422
    api = client.post("/api/v1/exports", {"fields": ["name"]}, content_type="application/json")
    assert api.status_code == 422 and api.json()["errors"][0]["message"] == services.BUSY_MESSAGE


@pytest.mark.django_db(transaction=True)
def test_p10_large_export_runs_in_the_background_and_only_its_owner_downloads_it(
    client, world, monkeypatch, settings, tmp_path
):
    """Over the limit (20,000; lowered here so the test stays small) the export becomes a job,
    run by the real django-tasks database worker (`db_worker --batch`)."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(services, "SYNC_LIMIT", 2)
    monkeypatch.setattr(services, "PROGRESS_EVERY", 1)
    client.force_login(world["changping"])
    response = export(client, [("name", 1), ("uscc", 2)], q="北京")
    assert response.status_code == 302 and response["Location"] == "/exports/mine/"
    job = ExportJob.objects.get(owner=world["changping"])
    assert job.status == "queued" and job.total_rows == 3
    page = client.get("/exports/mine/")
    assert "共3条数据，超过2条，已转为后台导出" in page.content.decode()
    assert 'hx-trigger="every 2s"' in page.content.decode()  # the page polls for progress
    assert services.BUSY_MESSAGE in export(client).content.decode()

    run_worker()

    job.refresh_from_db()
    assert job.status == "done" and job.done_rows == 3 and job.percent == 100
    assert job.expires_at > timezone.now() + timedelta(days=6)
    page = client.get("/exports/mine/").content.decode()
    assert f"/exports/{job.pk}/download/" in page and "every 2s" not in page
    rows = read_xlsx(client.get(f"/exports/{job.pk}/download/"))
    assert rows[0] == ["企业名称", "统一社会信用代码"]
    assert sorted(row[0] for row in rows[1:]) == ["北京丙软件有限公司", "北京乙制造有限公司", "北京甲软件有限公司"]
    assert read_xlsx(client.get(f"/api/v1/exports/{job.pk}/file")) == rows
    sheet = read_xlsx_sheet(client.get(f"/exports/{job.pk}/download/"))  # issue 10: title rows, 序号
    assert sheet[0][0] == "企业信息查询" and sheet[1][0] == "查询条件：企业名称/统一社会信用代码：北京"
    assert sheet[2][0].startswith("导出时间：") and sheet[3][0] == "序号"
    assert [row[0] for row in sheet[4:]] == [1, 2, 3]

    # another officer: not in their download centre, 404 by URL and API
    client.force_login(world["other"])
    assert f"/exports/{job.pk}/download/" not in client.get("/exports/mine/").content.decode()
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404
    assert client.get(f"/api/v1/exports/{job.pk}/file").status_code == 404
    assert client.get(f"/api/v1/exports/{job.pk}").status_code == 404

    # expiry: the file is deleted and the owner is told to export again
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(world["changping"])
    response = client.get(f"/exports/{job.pk}/download/", follow=True)
    assert "该导出文件已过期并已删除，请重新导出" in response.content.decode()
    job.refresh_from_db()
    assert job.file_path == "" and not list(Path(tmp_path, "exports").glob("*.xlsx"))


@pytest.mark.django_db(transaction=True)
def test_p10_api_export_is_a_background_job_in_scope(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world["changping"])
    created = client.post(
        "/api/v1/exports",
        {"filters": {"q": "软件"}, "fields": ["name", "registered_capital"]},
        content_type="application/json",
    )
    assert created.status_code == 200, created.content
    job_id = created.json()["id"]
    run_worker()
    status = client.get(f"/api/v1/exports/{job_id}").json()
    assert status["status"] == "done" and status["total_rows"] == 2
    rows = read_xlsx(client.get(f"/api/v1/exports/{job_id}/file"))
    assert rows[0] == ["企业名称", "注册资本（万元）"]
    assert "重庆" not in str(rows)
    assert [job["id"] for job in client.get("/api/v1/exports").json()] == [job_id]


def _job(owner, **fields) -> ExportJob:
    return ExportJob.objects.create(owner=owner, dataset="enterprises", title="企业信息查询", **fields)


def test_p10_a_dead_export_job_no_longer_blocks_the_next_export(client, world, settings, tmp_path):
    """A worker that died mid-export leaves its job "running"; after ten minutes without progress
    it is failed with a message, its half-written file is deleted and the officer can export again."""
    settings.MEDIA_ROOT = tmp_path
    partial = services.export_dir() / "half-written.xlsx"
    partial.write_bytes(b"PK\x03\x04 half")
    now = timezone.now()
    dead = _job(world["changping"], status="running", heartbeat_at=now - timedelta(minutes=11), file_path=str(partial))
    client.force_login(world["changping"])
    response = export(client, [("name", 1)], q="北京甲")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    dead.refresh_from_db()
    assert dead.status == "failed" and dead.error == services.STALE_MESSAGE and dead.file_path == ""
    assert not partial.exists()
    page = client.get("/exports/mine/").content.decode()
    assert services.STALE_MESSAGE in page and "every 2s" not in page


def test_p10_a_job_still_making_progress_keeps_blocking(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    alive = _job(world["changping"], status="running", heartbeat_at=timezone.now() - timedelta(minutes=9))
    waiting = _job(world["other"], status="queued")
    ExportJob.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(minutes=59))
    assert services.sweep_stale() == 0
    client.force_login(world["changping"])
    assert services.BUSY_MESSAGE in export(client, [("name", 1)]).content.decode()
    alive.refresh_from_db()
    assert alive.status == "running"


def test_p10_a_job_no_worker_picked_up_is_cancelled_after_an_hour(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    forgotten = _job(world["changping"], status="queued")
    ExportJob.objects.filter(pk=forgotten.pk).update(created_at=timezone.now() - timedelta(minutes=61))
    client.force_login(world["changping"])
    body = client.get("/api/v1/exports").json()
    assert body[0]["status"] == "failed" and body[0]["error"] == services.QUEUE_TIMEOUT_MESSAGE


@pytest.mark.django_db(transaction=True)
def test_p10_owner_cancels_a_queued_export_and_the_worker_skips_it(client, world, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(services, "SYNC_LIMIT", 1)
    client.force_login(world["changping"])
    assert export(client, [("name", 1)], q="北京").status_code == 302
    job = ExportJob.objects.get(owner=world["changping"])
    page = client.get("/exports/mine/").content.decode()
    assert f"/exports/{job.pk}/cancel/" in page

    # another officer cannot cancel it, by page or API
    client.force_login(world["other"])
    assert client.post(f"/exports/{job.pk}/cancel/").status_code == 404
    assert client.post(f"/api/v1/exports/{job.pk}/cancel").status_code == 404
    job.refresh_from_db()
    assert job.status == "queued"

    client.force_login(world["changping"])
    assert client.get(f"/exports/{job.pk}/cancel/").status_code == 405
    page = client.post(f"/exports/{job.pk}/cancel/", follow=True).content.decode()
    assert f"已取消导出“{job.file_name}”" in page and "已取消" in page
    run_worker()
    job.refresh_from_db()
    assert job.status == "cancelled" and job.file_path == "" and job.done_rows == 0
    assert not list(Path(tmp_path, "exports").glob("*.xlsx"))
    # cancelling again says it is over; a new export may start at once
    page = client.post(f"/exports/{job.pk}/cancel/", follow=True).content.decode()
    assert "该导出任务已结束，无需取消" in page
    api = client.post(f"/api/v1/exports/{job.pk}/cancel")
    assert api.status_code == 422 and api.json()["errors"][0]["message"] == "该导出任务已结束，无需取消"
    assert export(client, [("name", 1)], q="北京").status_code == 302


def test_p10_cancelling_a_running_export_deletes_its_file_and_stops_the_worker(client, world, settings, tmp_path):
    """Cancel lands between two progress steps: the half-written file goes at once, and the
    worker's next progress step finds the job no longer running and stops."""
    settings.MEDIA_ROOT = tmp_path
    partial = services.export_dir() / "writing.xlsx"
    partial.write_bytes(b"PK\x03\x04 partial")
    job = _job(world["changping"], status="running", heartbeat_at=timezone.now(), file_path=str(partial))
    client.force_login(world["changping"])
    cancelled = client.post(f"/api/v1/exports/{job.pk}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert not partial.exists()
    with pytest.raises(services.JobStopped):
        services._beat(job, done_rows=5000)
    job.refresh_from_db()
    assert job.status == "cancelled" and job.done_rows == 0


def test_p10_housekeeping_command_deletes_expired_and_orphaned_files_only(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = services.export_dir()
    now = timezone.now()
    expired_file, kept_file, old_orphan, new_orphan = (folder / f"{name}.xlsx" for name in "abcd")
    for path in (expired_file, kept_file, old_orphan, new_orphan):
        path.write_bytes(b"PK")
    two_days_ago = (now - timedelta(days=2)).timestamp()
    for path in (expired_file, kept_file, old_orphan):
        os.utime(path, (two_days_ago, two_days_ago))
    expired = _job(world["changping"], status="done", file_path=str(expired_file), expires_at=now - timedelta(hours=1))
    kept = _job(world["changping"], status="done", file_path=str(kept_file), expires_at=now + timedelta(days=1))
    out = io.StringIO()
    call_command("exports_housekeeping", stdout=out)
    assert out.getvalue().strip() == "中断任务 0 个，过期文件 1 个，无主文件 1 个"
    assert sorted(p.name for p in folder.iterdir()) == ["b.xlsx", "d.xlsx"]
    expired.refresh_from_db()
    kept.refresh_from_db()
    assert expired.file_path == "" and kept.file_path == str(kept_file)


def test_issue10_xlsx_has_title_rows_with_filters_and_time_and_a_serial_column(client, world):
    client.force_login(world["changping"])
    before = timezone.localtime().replace(microsecond=0)
    response = export(client, [("name", 1), ("established_date", 2)], q="软件", review_status="none", region="110114")
    sheet = read_xlsx_sheet(response)
    assert sheet[0][0] == "企业信息查询"
    assert sheet[1][0] == "查询条件：企业名称/统一社会信用代码：软件；审核状态：未提交；所属区域：北京市昌平区"
    assert sheet[2][0].startswith("导出时间：")
    exported = datetime.strptime(sheet[2][0].removeprefix("导出时间："), "%Y-%m-%d %H:%M:%S")
    assert exported >= before.replace(tzinfo=None)
    assert sheet[3] == ["序号", "企业名称", "成立日期"]
    assert [row[0] for row in sheet[4:]] == [1, 2]
    everything = read_xlsx_sheet(export(client))
    assert everything[1][0] == "查询条件：全部"
