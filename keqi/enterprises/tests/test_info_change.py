"""P5 / S1.17 / S2.1 enterprise info change: a 入库 enterprise's registration edits become a
request its district reviews in a queue (fuzzy search, reset, old → new, 审批意见, previous/next);
approval updates the profile and tells subscribers (企业信息同步) through profile_changed."""

from datetime import date

import pytest

from keqi.accounts.models import Role
from keqi.core.models import AuditLog
from keqi.enterprises import services
from keqi.enterprises.models import Enterprise, InfoChangeRequest, Qualification, ReviewStatus
from keqi.enterprises.tests.test_profile import profile_data
from keqi.workflow.services import records_for

pytestmark = pytest.mark.django_db


def stored(enterprise):
    Qualification.objects.create(enterprise=enterprise, kind="tech_sme", number="2026110114A00001", year=2026)
    return enterprise


@pytest.fixture
def world(make_enterprise, make_user):
    own = stored(make_enterprise("110114", name="北京原名科技有限公司", address="北京市昌平区旧址1号"))
    return {
        "own": own,
        "owner": make_user(Role.ENTERPRISE, enterprise=own),
        "changping": make_user(Role.DISTRICT, region_code="110114"),
        "beijing": make_user(Role.CITY, region_code="110000"),
        "chongqing": make_user(Role.DISTRICT, region_code="500240"),
    }


def submit(client, owner, **changes):
    client.force_login(owner)
    enterprise = Enterprise.objects.get(pk=owner.enterprise_id)
    response = client.post("/enterprise/profile/", profile_data(enterprise, **changes), follow=True)
    assert response.status_code == 200
    return response


def test_p5_registration_edit_of_a_stored_enterprise_becomes_a_change_request(client, world):
    response = submit(client, world["owner"], name="北京新名科技有限公司", employees="60")
    assert "工商登记信息的修改已提交区县审核" in response.content.decode()
    enterprise = Enterprise.objects.get(pk=world["own"].pk)
    assert enterprise.name == "北京原名科技有限公司"  # registration info waits for the district
    assert enterprise.employees == 60  # personnel is self-service
    assert enterprise.review_status == ReviewStatus.PENDING
    change = InfoChangeRequest.objects.get(enterprise=enterprise)
    assert change.status == "pending"
    assert change.changes["name"] == ["北京原名科技有限公司", "北京新名科技有限公司"]
    assert change.changes["address"] == ["北京市昌平区旧址1号", "北京市昌平区科技园路1号"]
    [record] = records_for(change)
    assert (record.level, record.decision, record.actor_id) == ("企业", "提交", world["owner"].pk)
    assert AuditLog.objects.filter(action="info_change.submit", enterprise_id=enterprise.pk).exists()
    # a second registration edit while one is pending: message at the field, typing kept
    response = submit(client, world["owner"], name="北京第三名科技有限公司")
    html = response.content.decode()
    assert services.PENDING_MESSAGE in html and 'value="北京第三名科技有限公司"' in html
    assert InfoChangeRequest.objects.filter(enterprise=enterprise).count() == 1


def test_s2_1_queue_search_reset_detail_and_approval_updates_the_profile(client, world, make_enterprise):
    submit(client, world["owner"], name="北京新名科技有限公司")
    change = InfoChangeRequest.objects.get(enterprise=world["own"])
    received = []

    def on_change(sender, enterprise, fields, actor, **kwargs):
        received.append((enterprise.pk, fields, actor.pk))

    services.profile_changed.connect(on_change)
    try:
        client.force_login(world["changping"])
        queue = client.get("/enterprise/changes/")
        assert [c.pk for c in queue.context["page"]] == [change.pk]
        assert client.get("/enterprise/changes/", {"q": "原名"}).context["total"] == 1
        assert client.get("/enterprise/changes/", {"q": world["own"].uscc[-6:].lower()}).context["total"] == 1
        assert client.get("/enterprise/changes/", {"q": "没有这家"}).context["total"] == 0
        assert 'href="/enterprise/changes/">重置</a>' in queue.content.decode()
        detail = client.get(f"/enterprise/changes/{change.pk}/")
        html = detail.content.decode()
        assert "<del>北京原名科技有限公司</del>" in html and "<mark>北京新名科技有限公司</mark>" in html
        # reject needs an opinion
        response = client.post(f"/enterprise/changes/{change.pk}/", {"decision": "reject", "opinion": "  "})
        assert "请填写审核不通过意见" in response.content.decode()
        response = client.post(f"/enterprise/changes/{change.pk}/", {"decision": "approve", "opinion": "同意"})
        assert response.status_code == 302 and response["Location"].startswith("/enterprise/changes/?")
    finally:
        services.profile_changed.disconnect(on_change)
    enterprise = Enterprise.objects.get(pk=world["own"].pk)
    assert enterprise.name == "北京新名科技有限公司" and enterprise.address == "北京市昌平区科技园路1号"
    assert enterprise.review_status == ReviewStatus.APPROVED
    assert enterprise.established_date == date(2018, 9, 25)
    change.refresh_from_db()
    assert change.status == "approved" and change.decided_by == world["changping"] and change.opinion == "同意"
    assert [r.decision for r in records_for(change)] == ["提交", "审核通过"]
    log = AuditLog.objects.get(action="update_profile", actor=world["changping"])
    assert log.changes["name"] == ["北京原名科技有限公司", "北京新名科技有限公司"]
    assert received == [(enterprise.pk, sorted(change.changes), world["changping"].pk)]
    # opinion history shown to the officer and to the enterprise
    assert "同意" in client.get(f"/enterprise/changes/{change.pk}/").content.decode()
    client.force_login(world["owner"])
    assert "审核意见：同意" in client.get("/enterprise/profile/").content.decode()


def test_s2_1_reject_with_opinion_and_previous_next_through_the_queue(client, world, make_enterprise, make_user):
    changes = []
    for serial in range(3):
        enterprise = stored(make_enterprise("110114", name=f"北京翻页{serial}科技有限公司"))
        owner = make_user(Role.ENTERPRISE, enterprise=enterprise)
        submit(client, owner, name=f"北京翻页{serial}新名有限公司")
        changes.append(InfoChangeRequest.objects.get(enterprise=enterprise))
    client.force_login(world["changping"])
    first, middle, last = (c.pk for c in changes)
    detail = client.get(f"/enterprise/changes/{middle}/", {"q": "翻页"})
    assert (detail.context["previous"], detail.context["following"]) == (first, last)
    detail = client.get(f"/enterprise/changes/{last}/", {"q": "翻页"})
    assert detail.context["following"] is None
    assert (
        '<a class="button" href="/enterprise/changes/?q=%E7%BF%BB%E9%A1%B5&amp;status=pending">下一条</a>'
        in detail.content.decode()
    )
    response = client.post(
        f"/enterprise/changes/{first}/?q=翻页", {"decision": "reject", "opinion": "请补充更名核准通知书"}
    )
    assert response["Location"] == f"/enterprise/changes/{middle}/?q=%E7%BF%BB%E9%A1%B5&status=pending"
    rejected = InfoChangeRequest.objects.get(pk=first)
    assert rejected.status == "rejected" and rejected.enterprise.review_status == ReviewStatus.REJECTED
    assert rejected.enterprise.name == "北京翻页0科技有限公司"
    api = client.get(f"/api/v1/enterprises/changes/{first}").json()
    assert [r["opinion"] for r in api["records"]] == ["", "请补充更名核准通知书"]
    assert api["changes"][0] == {
        "field": "name",
        "label": "企业名称",
        "old": "北京翻页0科技有限公司",
        "new": "北京翻页0新名有限公司",
    }
    # through the API
    reviewed = client.post(
        f"/api/v1/enterprises/changes/{middle}/review", {"decision": "approve"}, content_type="application/json"
    )
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "approved"
    again = client.post(
        f"/api/v1/enterprises/changes/{middle}/review", {"decision": "approve"}, content_type="application/json"
    )
    assert again.status_code == 403  # no longer pending


def test_s2_1_scope_out_of_scope_request_is_404_and_city_only_reads(client, world, make_enterprise, make_user):
    far = stored(make_enterprise("500240", name="重庆石柱变更企业"))
    submit(client, make_user(Role.ENTERPRISE, enterprise=far), name="重庆石柱变更后企业")
    submit(client, world["owner"], name="北京新名科技有限公司")
    far_change = InfoChangeRequest.objects.get(enterprise=far)
    own_change = InfoChangeRequest.objects.get(enterprise=world["own"])
    client.force_login(world["changping"])
    assert client.get(f"/enterprise/changes/{far_change.pk}/").status_code == 404
    assert client.post(f"/enterprise/changes/{far_change.pk}/", {"decision": "approve"}).status_code == 404
    assert client.get(f"/api/v1/enterprises/changes/{far_change.pk}").status_code == 404
    assert "重庆石柱" not in client.get("/enterprise/changes/", {"status": ""}).content.decode()
    assert "重庆石柱" not in client.get("/api/v1/enterprises/changes", {"status": ""}).content.decode()
    far_change.refresh_from_db()
    assert far_change.status == "pending"
    # the queue's Excel export holds the same rows (P10)
    from keqi.exports.tests.helpers import read_xlsx

    rows = read_xlsx(client.post("/exports/new/change_requests/?", {"default": "1", "status": ""}))
    assert rows[0] == ["企业名称", "统一社会信用代码", "所属区县", "审核状态", "提交时间", "审核意见"]
    assert [row[0] for row in rows[1:]] == ["北京原名科技有限公司"]
    # the city officer sees the queue but cannot decide
    client.force_login(world["beijing"])
    detail = client.get(f"/enterprise/changes/{own_change.pk}/")
    assert detail.status_code == 200 and not detail.context["can_review"]
    response = client.post(
        f"/api/v1/enterprises/changes/{own_change.pk}/review", {"decision": "approve"}, content_type="application/json"
    )
    assert response.status_code == 403
    # the Chongqing district officer decides on their own enterprise
    client.force_login(world["chongqing"])
    assert client.post(f"/enterprise/changes/{far_change.pk}/", {"decision": "approve"}).status_code == 302


def test_s2_1_bad_input_gives_clear_messages(client, world):
    client.force_login(world["changping"])
    response = client.get("/enterprise/changes/", {"q": "企" * 10_000})
    assert response.status_code == 200
    assert "搜索内容不能超过100个字符（当前10000个）" in response.content.decode()
    assert "审核状态“bogus”不存在" in client.get("/enterprise/changes/", {"status": "bogus"}).content.decode()
    api = client.get("/api/v1/enterprises/changes", {"q": "企" * 10_000})
    assert api.status_code == 422
    submit(client, world["owner"], name="北京新名科技有限公司")
    change = InfoChangeRequest.objects.get(enterprise=world["own"])
    client.force_login(world["changping"])
    response = client.post(f"/enterprise/changes/{change.pk}/", {"decision": "maybe"})
    assert "请选择审核通过或审核不通过" in response.content.decode()
    response = client.post(f"/enterprise/changes/{change.pk}/", {"decision": "reject", "opinion": "长" * 2001})
    assert "审核意见不能超过2000字（当前2001字）" in response.content.decode()
    api = client.post(
        f"/api/v1/enterprises/changes/{change.pk}/review", {"decision": "maybe"}, content_type="application/json"
    )
    assert api.status_code == 422
    change.refresh_from_db()
    assert change.status == "pending"
