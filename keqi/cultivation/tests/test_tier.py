"""Issue 15 (S3.1–S3.5, S3.8, S3.11, X2): tier declarations in province windows, the digital
assessment gate, the ruleset switch, real-name verification, recognition batches and the lookup."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from keqi.accounts.tests.helpers import solve_captcha
from keqi.cultivation import selectors, services
from keqi.cultivation.models import Announcement, Verification
from keqi.declarations import assessment, program_services
from keqi.declarations import services as declarations
from keqi.declarations.models import Submission
from keqi.files.tests.builders import EXE, pdf_bytes, zip_bytes
from keqi.policy.schemes.digital_level_2024 import QUESTIONS

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def pdf():
    return SimpleUploadedFile("营业执照.pdf", pdf_bytes(), content_type="application/pdf")


def verify(cq):
    return services.request_verification(
        actor=cq["ent"], name="张三", id_number="11010519491231002X", uscc=cq["enterprise"].uscc, upload=pdf()
    )


def full_answers() -> dict:
    return {q.key: ([o.key for o in q.options[1:]] if q.multiple else q.options[-1].key) for q in QUESTIONS}


def take(cq, **extra):
    return services.take_assessment(actor=cq["ent"], data={**full_answers(), **extra})


SPECIALIZED_ANSWERS = {
    "contact_name": "李四",
    "contact_mobile": "13800000000",
    "operating_revenue_y0": "4000",
    "main_revenue_y0": "3600",
    "operating_revenue_y1": "5000",
    "main_revenue_y1": "4500",
    "operating_revenue_y2": "6000",
    "main_revenue_y2": "5400",
    "rd_expense_y1": "300",
    "rd_expense_y2": "400",
    "net_profit": "600",
    "total_liabilities": "2000",
    "total_assets": "5000",
    "employees": "100",
    "rd_staff": "25",
    "niche_years": "5",
    "ip_level": "class1_self",
    "ip_class1_self": "2",
    "field_level": "basic",
    "quality_items": "2",
    "rd_institution_level": "provincial",
    "award_provincial_top3_3y": "no",
    "provincial_rd_institution": "yes",
    "equity_financing_2y": "0",
}


def test_s3_4_province_officer_sets_the_window_of_their_own_province_only(cq):
    program = cq["programs"]["specialized-sme"]
    now = timezone.now()
    window = program_services.set_region_window(
        actor=cq["province"], program=program, opens=now, closes=now + timedelta(days=10)
    )
    assert window.region.code == "500000"
    # extend it
    program_services.set_region_window(
        actor=cq["province"], program=program, opens=now, closes=now + timedelta(days=20)
    )
    assert program.windows.filter(region__code="500000").count() == 1
    for officer in ("county", "city", "ministry"):
        with pytest.raises(PermissionDenied):
            program_services.set_region_window(actor=cq[officer], program=program, opens=now, closes=now)
    with pytest.raises(PermissionDenied):  # 小巨人: the ministry's windows
        program_services.set_region_window(
            actor=cq["province"], program=cq["programs"]["little-giant"], opens=now, closes=now + timedelta(days=1)
        )


def test_s3_4_declaring_outside_the_window_says_when_and_why(cq, open_window):
    verify(cq)
    program = cq["programs"]["innovative-sme"]
    with pytest.raises(ValidationError) as caught:
        declarations.start(actor=cq["ent"], program=program)
    assert "需主管部门完成【申报时间】维护" in str(caught.value)
    open_window("innovative-sme", days_before=-5, days_after=10)  # opens in 5 days
    with pytest.raises(ValidationError) as caught:
        declarations.start(actor=cq["ent"], program=program)
    assert "申报尚未开始，申报时间：" in str(caught.value)


def test_s3_4_unverified_account_and_missing_assessment_are_refused_with_the_reason(cq, open_window):
    open_window("specialized-sme")
    program = cq["programs"]["specialized-sme"]
    with pytest.raises(ValidationError) as caught:
        declarations.start(actor=cq["ent"], program=program)
    assert "请先完成法人实名认证" in str(caught.value)
    verify(cq)
    with pytest.raises(ValidationError) as caught:
        declarations.start(actor=cq["ent"], program=program)
    assert "请先完成数字化水平评测" in str(caught.value)
    take(cq)
    assert declarations.start(actor=cq["ent"], program=program).pk
    assert not Submission.objects.filter(program=cq["programs"]["innovative-sme"]).exists()


def test_s3_4_any_tier_without_the_lower_one(cq, open_window):
    """FAQ 5: 专精特新 may be declared without 创新型 (only the assessment is required)."""
    open_window("specialized-sme")
    verify(cq)
    take(cq)
    assert declarations.start(actor=cq["ent"], program=cq["programs"]["specialized-sme"]).status == "draft"


@pytest.mark.parametrize(("day", "ruleset"), [(date(2026, 3, 31), "2022"), (date(2026, 4, 1), "2026")])
def test_x2_specialized_ruleset_follows_the_declaration_date(cq, open_window, day, ruleset):
    """The ruleset switch: declared 2026-03-31 → 2022 (63号 附件2), 2026-04-01 → 2026 (2号文)."""
    with time_machine.travel(datetime(day.year, day.month, day.day, 10, 0, tzinfo=SHANGHAI), tick=False):
        open_window("specialized-sme")
        verify(cq)
        take(cq, platform_level=3)
        submission = declarations.start(actor=cq["ent"], program=cq["programs"]["specialized-sme"])
        submission.answers.update(SPECIALIZED_ANSWERS)
        submission.save()
        found = assessment.view(submission)
    assert found["ruleset"] == ruleset and found["on"] == day
    if ruleset == "2022":
        assert found["result"]["scores"]["digital"] == 5  # 三级 from the latest assessment
        assert found["result"]["total"] is not None
    else:
        assert "digital" not in found["result"]["scores"]


def test_x2_unknown_digital_level_is_needs_information_not_zero(cq, open_window):
    with time_machine.travel(datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI), tick=False):
        open_window("specialized-sme")
        verify(cq)
        take(cq)  # no platform level
        submission = declarations.start(actor=cq["ent"], program=cq["programs"]["specialized-sme"])
        submission.answers.update(SPECIALIZED_ANSWERS)
        found = assessment.view(submission)
    assert any("需补充信息" in m and "数字化水平" in m for m in found["missing"])


def test_s3_3_retakes_keep_history_and_the_latest_counts(cq):
    first = take(cq)
    answers = full_answers()
    answers["network"] = ["A"]
    second = services.take_assessment(actor=cq["ent"], data=answers)
    assert first.total == 100 and second.total == 92
    assert selectors.latest_assessment(cq["enterprise"]) == second
    assert list(selectors.assessments(cq["enterprise"])) == [second, first]
    assert second.questionnaire == "manufacturing"


def test_s3_3_assessment_page_scores_the_posted_answers(client, cq):
    client.force_login(cq["ent"])
    data = {q.key: ([o.key for o in q.options[1:]] if q.multiple else q.options[-1].key) for q in QUESTIONS}
    data["network"] = ["B", "C"]  # 4 of 8
    data["planning"] = "C"  # 3 of 7.5
    response = client.post("/tier/digital/", data)
    assert response.status_code == 302
    assert str(selectors.latest_assessment(cq["enterprise"]).total.normalize()) == "91.5"
    page = client.get("/tier/digital/").content.decode()
    assert "91.5" in page and "制造业" in page
    bad = client.post("/tier/digital/", {**data, "network": ["A", "B"]})
    assert bad.status_code == 422 and "选择“无”时不能再选择其他选项" in bad.content.decode()


def test_s3_5_manual_verification_queue_and_scope(cq, make_enterprise):
    with pytest.raises(ValidationError) as caught:
        services.request_verification(
            actor=cq["ent"], name="王五", id_number="11010519491231002X", uscc=cq["enterprise"].uscc, upload=pdf()
        )
    assert "人工实名认证" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        services.request_verification(
            actor=cq["ent"], name="王五", id_number="110105194912310021", uscc=cq["enterprise"].uscc, upload=pdf()
        )
    assert "id_number" in caught.value.message_dict
    other = make_enterprise("500101")
    with pytest.raises(ValidationError) as caught:
        services.request_verification(
            actor=cq["ent"], name="王五", id_number="11010519491231002X", uscc=other.uscc, upload=pdf()
        )
    assert "统一社会信用代码已存在" in caught.value.message_dict["uscc"][0]
    pending = services.request_verification(
        actor=cq["ent"],
        name="王五",
        id_number="11010519491231002X",
        uscc=cq["enterprise"].uscc,
        upload=pdf(),
        manual=True,
    )
    assert pending.status == Verification.Status.PENDING and not selectors.verified(cq["enterprise"])
    assert pending not in selectors.verification_queue(cq["beijing"])
    with pytest.raises(PermissionDenied):
        services.decide_verification(actor=cq["beijing"], verification=pending, approve=True)
    with pytest.raises(ValidationError):
        services.decide_verification(actor=cq["province"], verification=pending, approve=False)
    services.decide_verification(actor=cq["province"], verification=pending, approve=True)
    assert selectors.verified(cq["enterprise"])


def test_s3_5_login_by_uscc_and_account_recovery(client, cq, sms_outbox):
    from keqi.accounts.services import login_account_id

    assert login_account_id(cq["enterprise"].uscc) == cq["ent"].pk
    assert login_account_id(cq["ent"].mobile) == cq["ent"].pk
    with pytest.raises(ValidationError) as caught:
        services.recover_account(uscc=cq["enterprise"].uscc, name="张三", id_number="11010519491231002X")
    assert "信息有误" in str(caught.value)
    verify(cq)
    masked = services.recover_account(uscc=cq["enterprise"].uscc, name="张三", id_number="11010519491231002X")
    assert masked.endswith(cq["ent"].mobile[-4:]) and cq["ent"].username in sms_outbox()[-1]["text"]


def test_s3_5_mobile_change_by_manual_check(cq, sms_outbox):
    request = services.request_mobile_change(
        uscc=cq["enterprise"].uscc, name="张三", id_number="11010519491231002X", new_mobile="13911112222", upload=pdf()
    )
    services.decide_verification(actor=cq["province"], verification=request, approve=True)
    cq["ent"].refresh_from_db()
    assert cq["ent"].mobile == "13911112222"
    assert sms_outbox()[-1]["mobile"] == "13911112222" and cq["ent"].username in sms_outbox()[-1]["text"]


def test_s3_4_evidence_zip_members_are_checked(client, cq, open_window):
    open_window("innovative-sme")
    verify(cq)
    submission = declarations.start(actor=cq["ent"], program=cq["programs"]["innovative-sme"])
    client.force_login(cq["ent"])
    url = f"/declarations/{submission.pk}/upload/evidence_zip/"
    exe = client.post(url, {"file": SimpleUploadedFile("材料.zip", zip_bytes({"安装.exe": EXE}))})
    assert exe.status_code == 422 and "“安装.exe”是可执行程序" in exe.content.decode()
    hidden = client.post(url, {"file": SimpleUploadedFile("材料.zip", zip_bytes({"说明.pdf": EXE}))})
    assert "“说明.pdf”是可执行程序" in hidden.content.decode()
    traversal = client.post(url, {"file": SimpleUploadedFile("材料.zip", zip_bytes({"../x.pdf": pdf_bytes()}))})
    assert "“../x.pdf”路径中含有“..”" in traversal.content.decode()
    too_big = client.generic(
        "POST", url, b"", CONTENT_TYPE="multipart/form-data; boundary=x", CONTENT_LENGTH=str(int(300.1 * 1024 * 1024))
    )
    assert too_big.status_code == 413 and "不能超过300M（当前300.1M）" in too_big.content.decode()
    good = client.post(url, {"file": SimpleUploadedFile("材料.zip", zip_bytes({"证明/营业执照.pdf": pdf_bytes()}))})
    assert good.status_code == 200 and "材料.zip" in good.content.decode()


def _approved_specialized(cq, open_window):
    open_window("specialized-sme")
    verify(cq)
    take(cq, platform_level=3)
    submission = declarations.start(actor=cq["ent"], program=cq["programs"]["specialized-sme"])
    Submission.objects.filter(pk=submission.pk).update(status="approved", level=2, submitted_at=timezone.now())
    return Submission.objects.get(pk=submission.pk)


def test_s3_4_recognition_batch_grants_three_years_and_appears_in_the_lookup(client, cq, open_window):
    submission = _approved_specialized(cq, open_window)
    program = cq["programs"]["specialized-sme"]
    assert list(selectors.recognisable(cq["beijing"], program)) == []
    assert list(selectors.recognisable(cq["city"], program)) == []  # not the final level
    today = timezone.localdate()
    batch = services.create_batch(
        actor=cq["province"],
        program=program,
        title="重庆市2026年第一批专精特新中小企业",
        publicity_from=today,
        publicity_to=today + timedelta(days=5),
        submission_ids=[submission.pk],
    )
    with pytest.raises(ValidationError) as caught:
        services.recognise(actor=cq["province"], batch=batch)
    assert "公示期满后才能认定" in str(caught.value)
    with time_machine.travel(timezone.now() + timedelta(days=7), tick=False):
        services.recognise(actor=cq["province"], batch=batch)
        enterprise, rows = selectors.lookup(cq["enterprise"].name, cq["enterprise"].uscc)
        later = timezone.localdate()
    assert enterprise == cq["enterprise"]
    assert rows[0]["tier"] == "专精特新中小企业" and rows[0]["batch"] == batch.title
    assert rows[0]["valid_until"] == later.replace(year=later.year + 3) - timedelta(days=1)


def test_s3_2_lookup_needs_the_captcha_and_is_rate_limited(client, cq):
    enterprise = cq["enterprise"]
    wrong = client.post("/tier/lookup/", {"name": enterprise.name, "uscc": enterprise.uscc, "captcha": "XXXX"})
    assert wrong.status_code == 422 and "验证码错误" in wrong.content.decode()
    for _ in range(10):
        ok = client.post(
            "/tier/lookup/", {"name": enterprise.name, "uscc": enterprise.uscc, "captcha": solve_captcha(client)}
        )
        assert ok.status_code == 200 and "未查询到该企业在有效期内的认定结果" in ok.content.decode()
    eleventh = client.post(
        "/tier/lookup/", {"name": enterprise.name, "uscc": enterprise.uscc, "captcha": solve_captcha(client)}
    )
    assert eleventh.status_code == 429 and "查询过于频繁" in eleventh.content.decode()
    assert enterprise.name in eleventh.content.decode()  # what was typed is kept


def test_s3_1_announcements_published_searched_pinned_withdrawn_and_scoped(client, cq):
    draft = services.save_announcement(actor=cq["province"], title="重庆市专精特新申报通知", body="请各区县组织申报。")
    ministry = services.save_announcement(actor=cq["ministry"], title="工业和信息化部关于小巨人申报的通知", body="正文")
    assert (draft.level, ministry.level) == (Announcement.Level.PROVINCE, Announcement.Level.MINISTRY)
    assert draft not in selectors.managed_announcements(cq["beijing"])
    with pytest.raises(PermissionDenied):
        services.announcement_action(actor=cq["beijing"], announcement=draft, action="publish")
    assert client.get(f"/tier/announcements/{draft.pk}/").status_code == 404
    services.announcement_action(actor=cq["province"], announcement=draft, action="publish")
    services.announcement_action(actor=cq["ministry"], announcement=ministry, action="publish")
    services.announcement_action(actor=cq["province"], announcement=draft, action="pin")
    home = client.get("/").content.decode()
    assert "部级公告" in home and "省级公告" in home and draft.title in home and ministry.title in home
    found = client.get("/tier/announcements/", {"q": "专精特新", "level": "province", "province": "500000"})
    assert draft.title in found.content.decode() and ministry.title not in found.content.decode()
    assert draft.title in client.get(f"/tier/announcements/{draft.pk}/").content.decode()
    services.announcement_action(actor=cq["province"], announcement=draft, action="withdraw")
    assert client.get(f"/tier/announcements/{draft.pk}/").status_code == 404


def test_scope_beijing_officer_sees_no_chongqing_declaration_draft_or_request(client, cq, open_window):
    submission = _approved_specialized(cq, open_window)
    services.save_announcement(actor=cq["province"], title="重庆草稿公告", body="草稿")
    services.request_verification(
        actor=cq["ent"],
        name="王五",
        id_number="11010519491231002X",
        uscc=cq["enterprise"].uscc,
        upload=pdf(),
        manual=True,
    ) if not selectors.verified(cq["enterprise"]) else None
    client.force_login(cq["beijing"])
    for url in ("/tier/declarations/", "/tier/verifications/?status=", "/tier/manage/announcements/", "/tier/batches/"):
        body = client.get(url).content.decode()
        assert cq["enterprise"].name not in body and "重庆草稿公告" not in body, url
    assert client.get(f"/declarations/review/{submission.pk}/").status_code == 404
    client.force_login(cq["province"])
    assert cq["enterprise"].name in client.get("/tier/declarations/").content.decode()


def test_workbench_counts_per_tier(client, cq, open_window):
    open_window("innovative-sme")
    verify(cq)
    submission = declarations.start(actor=cq["ent"], program=cq["programs"]["innovative-sme"])
    Submission.objects.filter(pk=submission.pk).update(status="review", submitted_at=timezone.now())
    counts = {row["series"]: row for row in selectors.counts(cq["county"])}
    assert counts["innovative-sme"]["review"] == 1 and counts["specialized-sme"]["total"] == 0
    assert selectors.counts(cq["beijing"])[0]["total"] == 0
    client.force_login(cq["county"])
    assert "创新型中小企业申报审核中" in client.get("/workbench/").content.decode()


def test_s3_4_little_giant_runs_county_city_province_ministry_in_the_ministry_window(cq, open_window):
    """小巨人: the ministry sets the (national) window; the province recommends (part 十 is its opinion)
    and the ministry decides last; each level may return to itself."""
    open_window("little-giant")
    verify(cq)
    program = cq["programs"]["little-giant"]
    assert [level["key"] for level in program.levels] == ["county", "city", "province", "ministry"]
    submission = declarations.start(actor=cq["ent"], program=program)
    Submission.objects.filter(pk=submission.pk).update(status="review", submitted_at=timezone.now())
    submission = Submission.objects.get(pk=submission.pk)
    for officer in ("county", "city", "province"):
        with pytest.raises(PermissionDenied):
            declarations.decide(actor=cq["ministry"], submission=submission, action="pass")
        submission = declarations.decide(actor=cq[officer], submission=submission, action="pass", opinion="同意推荐")
    assert submission.level == 3 and submission.status == "review"
    submission = declarations.decide(actor=cq["ministry"], submission=submission, action="return", opinion="请补充")
    assert submission.status == "returned" and submission.returned_level == 3
    Submission.objects.filter(pk=submission.pk).update(status="review", level=3)
    submission = Submission.objects.get(pk=submission.pk)
    submission = declarations.decide(actor=cq["ministry"], submission=submission, action="pass")
    assert submission.status == "approved"
    assert selectors.can_recognise(cq["ministry"], program) and not selectors.can_recognise(cq["province"], program)
    counts = selectors.region_counts(cq["province"])
    assert counts == [{"region": "万州区", "little_giant": 1}]
