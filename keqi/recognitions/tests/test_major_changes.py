"""企业重大变更 (S3.9) and bad input (issue 16): drafts, filter, levels, late flag, 更名 on the recognition."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from keqi.inbox.models import Message
from keqi.recognitions.models import MajorChange

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


def form(**values):
    data = {"change_type": "rename", "before": "重庆石柱精工科技有限公司", "after": "重庆石柱精工智造有限公司",
            "changed_on": "2026-02-10", "description": "工商变更登记"}
    data.update(values)
    return data


def test_draft_edit_submit_two_levels_renames_profile_and_recognition(client, recognised):
    enterprise = recognised["enterprise"]
    with at(date(2026, 3, 1)):
        client.force_login(recognised["ent"])
        response = client.post("/recognitions/changes/new/", form(action="save"))
        change = MajorChange.objects.get()
        assert response.status_code == 302 and change.status == "draft"
        response = client.post(f"/recognitions/changes/{change.pk}/edit/",
                               form(action="save", description="已换发营业执照",
                                    evidence=SimpleUploadedFile("执照.pdf", PDF, "application/pdf")))
        assert response.status_code == 302
        response = client.post(f"/recognitions/changes/{change.pk}/submit/")
        change.refresh_from_db()
        assert change.status == "review" and change.level == 0 and not change.is_late
        client.force_login(recognised["city"])  # not its level yet
        refused = client.post(f"/recognitions/manage/changes/{change.pk}/", {"action": "pass"})
        assert refused.status_code == 400
        client.force_login(recognised["district"])
        assert client.post(f"/recognitions/manage/changes/{change.pk}/", {"action": "pass"}).status_code == 302
        client.force_login(recognised["city"])
        assert client.post(f"/recognitions/manage/changes/{change.pk}/", {"action": "pass"}).status_code == 302
    change.refresh_from_db()
    enterprise.refresh_from_db()
    recognised["qualification"].refresh_from_db()
    assert change.status == "approved"
    assert enterprise.name == "重庆石柱精工智造有限公司"
    assert recognised["qualification"].holder_name == "重庆石柱精工智造有限公司"
    titles = list(Message.objects.filter(enterprise=enterprise).values_list("title", flat=True))
    assert "企业重大变更（更名）审核通过" in titles
    assert "认定通知：专精特新中小企业认定信息已更新" in titles


def test_filter_by_change_type_and_drafts_deleted_but_submitted_not(client, recognised):
    with at(date(2026, 3, 1)):
        client.force_login(recognised["ent"])
        client.post("/recognitions/changes/new/", form(action="save"))
        client.post("/recognitions/changes/new/", form(action="save", change_type="merger", before="甲", after="甲乙合并"))
        listed = client.get("/recognitions/changes/?change_type=merger")
        assert [c.change_type for c in listed.context["page"]] == ["merger"]
        bad = client.get("/recognitions/changes/?change_type=nonsense")
        assert bad.status_code == 200 and "变更类型不存在" in bad.content.decode()
        draft = MajorChange.objects.get(change_type="merger")
        assert client.post(f"/recognitions/changes/{draft.pk}/delete/").status_code == 302
        assert not MajorChange.objects.filter(pk=draft.pk).exists()
        submitted = MajorChange.objects.get(change_type="rename")
        client.post(f"/recognitions/changes/{submitted.pk}/edit/", form(
            action="submit", evidence=SimpleUploadedFile("执照.pdf", PDF, "application/pdf")))
        submitted.refresh_from_db()
        assert submitted.status == "review"
        response = client.post(f"/recognitions/changes/{submitted.pk}/delete/", follow=True)
    assert response.status_code == 200
    assert "已提交的变更（审核中）不能删除" in response.content.decode()
    assert MajorChange.objects.filter(pk=submitted.pk).exists()


def test_future_date_refused_and_late_change_flagged(client, recognised):
    with at(date(2026, 3, 1)):
        client.force_login(recognised["ent"])
        response = client.post("/recognitions/changes/new/", form(action="save", changed_on="2026-03-02"))
        assert response.status_code == 400
        assert "变更日期不能晚于今天（2026-03-01）" in response.content.decode()
        assert not MajorChange.objects.exists()
        missing = client.post("/recognitions/changes/new/", form(action="submit", changed_on="2025-11-30"))
        assert missing.status_code == 400 and "请上传证明材料" in missing.content.decode()
        change = MajorChange.objects.get()  # kept as a draft (暂存)
        client.post(f"/recognitions/changes/{change.pk}/edit/", form(
            action="submit", changed_on="2025-11-30", evidence=SimpleUploadedFile("a.pdf", PDF, "application/pdf")))
    change.refresh_from_db()
    assert change.status == "review" and change.is_late  # 2025-11-30 + 3 months = 2026-02-28 < 2026-03-01
    from keqi.recognitions.selectors import review_block_reason

    assert "3个月内申报" in review_block_reason(recognised["enterprise"], date(2026, 3, 1))


def test_unrecognised_enterprise_cannot_declare_a_major_change(client, make_enterprise, make_user):
    from keqi.accounts.models import Role

    client.force_login(make_user(Role.ENTERPRISE, enterprise=make_enterprise("500240")))
    response = client.post("/recognitions/changes/new/", form(action="save", changed_on="2020-01-01"))
    assert response.status_code == 400 and "未认定的企业无需申报重大变更" in response.content.decode()
    assert not MajorChange.objects.exists()


def test_rejected_change_needs_an_opinion_and_tells_the_enterprise(client, recognised):
    with at(date(2026, 3, 1)):
        client.force_login(recognised["ent"])
        client.post("/recognitions/changes/new/", form(
            action="submit", evidence=SimpleUploadedFile("a.pdf", PDF, "application/pdf")))
        change = MajorChange.objects.get()
        client.force_login(recognised["district"])
        no_opinion = client.post(f"/recognitions/manage/changes/{change.pk}/", {"action": "reject"})
        assert no_opinion.status_code == 400 and "请填写审核不通过意见" in no_opinion.content.decode()
        client.post(f"/recognitions/manage/changes/{change.pk}/", {"action": "reject", "opinion": "证明材料不清晰"})
    change.refresh_from_db()
    assert change.status == "rejected"
    assert Message.objects.filter(title="企业重大变更（更名）审核不通过", body__contains="证明材料不清晰").exists()
