"""Issue 16 (S3.6, S3.7, S3.9, S3.10, P9): time travel through a recognition's three years."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from keqi.cultivation.tests.test_tier import SPECIALIZED_ANSWERS
from keqi.exports.tests.helpers import read_xlsx
from keqi.inbox.models import Message
from keqi.recognitions import jobs

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=CST), tick=False)


def test_recognition_valid_three_years_and_notice_sent_once(recognised, sms_outbox):
    q = recognised["qualification"]
    assert q.valid_until == date(2026, 6, 30) and q.holder_name == "重庆石柱精工科技有限公司"
    notices = Message.objects.filter(enterprise=recognised["enterprise"], kind="notice")
    assert [m.title for m in notices] == ["认定通知：贵企业已被认定为专精特新中小企业"]


def test_expiry_messages_on_the_right_days_of_2026_once_each(
    recognised, sms_outbox, django_capture_on_commit_callbacks
):
    """Recognised 2023-07-01 → valid until 2026-06-30: 认定到期 on 04-01 (90), 05-31 (30), 06-23 (7)."""
    sent_on = {}
    day = date(2026, 3, 1)
    while day <= date(2026, 7, 10):
        with at(day), django_capture_on_commit_callbacks(execute=True):
            jobs.run()
            jobs.run()  # twice the same day: nothing twice
        for m in Message.objects.filter(kind="expiry"):
            sent_on.setdefault(m.pk, day)
        day = date.fromordinal(day.toordinal() + 1)
    assert sorted(sent_on.values()) == [date(2026, 4, 1), date(2026, 5, 31), date(2026, 6, 23)]
    titles = set(Message.objects.filter(kind="expiry").values_list("title", flat=True))
    assert titles == {"认定到期提醒：专精特新中小企业认定将于2026年6月30日到期"}
    expiry_sms = [s for s in sms_outbox() if "认定到期" in s["text"]]
    assert len(expiry_sms) == 3 and all(s["mobile"] == "13900001111" for s in expiry_sms)


def test_a_missed_run_catches_up_with_the_nearest_threshold_only(recognised):
    with at(date(2026, 6, 1)):  # 29 days left: the 90-day run was missed
        jobs.run()
    reasons = list(Message.objects.filter(kind="expiry").values_list("reason", flat=True))
    assert len(reasons) == 1 and reasons[0].endswith(":30")


def test_job_twice_on_the_same_day_sends_nothing_twice(
    recognised, review_program, sms_outbox, django_capture_on_commit_callbacks
):
    with at(date(2026, 1, 1)), django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
        first = Message.objects.count()
        sms = len(sms_outbox())
        call_command("send_reminders")
    assert Message.objects.count() == first and len(sms_outbox()) == sms
    kinds = set(Message.objects.values_list("kind", flat=True))
    assert {"update", "reminder"} <= kinds  # window opened; the 复核 program is open and it qualifies


def test_update_messages_when_window_opens_and_15_days_before_close_only_if_not_updated(recognised, make_enterprise):
    from keqi.enterprises.services import grant_qualification

    other = make_enterprise("500240", name="已更新企业")
    grant_qualification(actor=None, enterprise=other, kind="innovative_sme", issued_on=date(2024, 3, 1))
    with at(date(2026, 1, 1)):
        jobs.update_messages(date(2026, 1, 1))
    from keqi.recognitions import services

    with at(date(2026, 2, 1)):
        from keqi.accounts.models import Role, User

        user = User.objects.create(username="u-other", role=Role.ENTERPRISE, enterprise=other)
        services.submit_yearly_update(actor=user, enterprise=other, values={}, expected_version=other.version)
    for day in (date(2026, 4, 14), date(2026, 4, 15), date(2026, 4, 16)):
        with at(day):
            jobs.update_messages(day)
    rows = list(Message.objects.filter(kind="update").values_list("enterprise__name", "reason"))
    mine = sorted(r for n, r in rows if n == "重庆石柱精工科技有限公司")
    theirs = sorted(r.split(":")[0] for n, r in rows if n == "已更新企业")
    assert [r.split(":")[0] for r in mine] == ["update-closing", "update-open"]
    assert theirs == ["update-open"]  # updated in February: no closing reminder
    closing = Message.objects.get(reason__startswith="update-closing")
    assert closing.created_at.astimezone(CST).date() == date(2026, 4, 15)


def test_info_update_button_enabled_on_1_january_and_30_april_disabled_on_1_may(client, recognised):
    for day, enabled in ((date(2026, 1, 1), True), (date(2026, 4, 30), True), (date(2026, 5, 1), False)):
        with at(day, hour=23):
            client.force_login(recognised["ent"])  # sessions expire across the jumps
            body = client.get("/enterprise/profile/").content.decode()
        if enabled:
            assert 'href="/recognitions/update/" id="info-update">信息更新</a>' in body, day
        else:
            assert '<button type="button" id="info-update" disabled' in body, day
            assert "下次开放时间：2027年1月1日至2027年4月30日" in body


def test_unrecognised_enterprise_edits_freely_and_sees_why_fields_matter(client, make_enterprise, make_user):
    from keqi.accounts.models import Role

    user = make_user(Role.ENTERPRISE, enterprise=make_enterprise("500240"))
    client.force_login(user)
    body = client.get("/enterprise/profile/").content.decode()
    assert "info-update" not in body and "【编辑】" in body
    assert "【注册地】将作为管理端审核区划依据" in body and "【所属行业】将作为数字化水平评测表分类依据" in body


def test_update_outside_window_is_refused_with_the_dates(client, recognised):
    client.force_login(recognised["ent"])
    with at(date(2026, 5, 1)):
        response = client.post("/recognitions/update/", {"version": 1, "name": "改名"})
        locked = client.post("/enterprise/profile/", {"version": 1, "name": "改名"}, follow=True)
    assert response.status_code == 400
    assert "当前不在信息更新期内，不能提交" in response.content.decode()
    assert "2027年1月1日至2027年4月30日" in response.content.decode()
    assert "只能通过【信息更新】修改" in locked.content.decode()
    recognised["enterprise"].refresh_from_db()
    assert recognised["enterprise"].name == "重庆石柱精工科技有限公司"


def test_update_in_window_reviewed_by_district_and_overdue_flag_after_30_april(client, recognised, make_enterprise):
    from keqi.enterprises.models import InfoChangeRequest
    from keqi.enterprises.services import grant_qualification, review_change_request
    from keqi.recognitions import selectors

    late = make_enterprise("500240", name="未更新企业")
    grant_qualification(actor=None, enterprise=late, kind="innovative_sme", issued_on=date(2024, 3, 1))
    enterprise = recognised["enterprise"]
    client.force_login(recognised["ent"])
    with at(date(2026, 3, 2)):
        page = client.get("/recognitions/update/")
        data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
        data.update(
            {"version": enterprise.version, "name": enterprise.name, "region": enterprise.region_id, "employees": 60}
        )
        response = client.post("/recognitions/update/", data)
        assert response.status_code == 302, response.content.decode()[:3000]
        request = InfoChangeRequest.objects.get(enterprise=enterprise, purpose="yearly_update")
        assert request.year == 2026 and request.changes == {"employees": [50, 60]}
        review_change_request(actor=recognised["district"], change_request=request, decision="approve")
    enterprise.refresh_from_db()
    assert enterprise.employees == 60
    assert Message.objects.filter(enterprise=enterprise, kind="update", title__contains="审核通过").exists()
    with at(date(2026, 5, 1)):
        assert selectors.update_status(enterprise, date(2026, 5, 1)) == selectors.UPDATED
        assert selectors.update_status(late, date(2026, 5, 1)) == selectors.OVERDUE
        client.force_login(recognised["district"])
        listed = client.get("/recognitions/manage/?update=overdue")
        assert [r["enterprise"].name for r in listed.context["rows"]] == ["未更新企业"]
        assert "逾期未更新" in listed.content.decode()
        rows = read_xlsx(client.post("/exports/new/recognised_enterprises/", {"default": "1"}))
        text = str(rows)
        assert "未更新企业" in text and "逾期未更新" in text and "重庆石柱精工科技有限公司" in text


def test_go_review_appears_only_in_the_last_year(client, recognised, review_program):
    from keqi.enterprises.models import InfoChangeRequest

    for year in (2025, 2026):  # updated on time each year: the update rule does not block
        InfoChangeRequest.objects.create(
            enterprise=recognised["enterprise"], purpose="yearly_update", year=year, status="approved", base_version=1
        )
    seen = {}
    for day in (date(2025, 6, 30), date(2025, 7, 1), date(2026, 1, 5), date(2026, 6, 30), date(2026, 7, 1)):
        with at(day):
            client.force_login(recognised["ent"])
            seen[day] = "data-go-review>去复核" in client.get("/recognitions/expiry/").content.decode()
    # The program's window is 2026 only: on 2025-07-01 the rule allows it but no 复核 is open yet.
    assert seen == {
        date(2025, 6, 30): False,
        date(2025, 7, 1): False,
        date(2026, 1, 5): True,
        date(2026, 6, 30): True,
        date(2026, 7, 1): False,
    }
    from keqi.recognitions.selectors import review_block_reason

    assert review_block_reason(recognised["enterprise"], date(2025, 7, 1)) == ""
    assert "最后一年内" in review_block_reason(recognised["enterprise"], date(2025, 6, 30))
    InfoChangeRequest.objects.filter(year=2026).delete()
    assert "未在2026年4月30日前完成信息更新" in review_block_reason(recognised["enterprise"], date(2026, 5, 1))
    assert review_block_reason(recognised["enterprise"], date(2026, 4, 30)) == ""


def test_unrecognised_enterprise_sees_no_review_and_cannot_file_one(client, make_enterprise, make_user, review_program):
    from keqi.accounts.models import Role

    user = make_user(Role.ENTERPRISE, enterprise=make_enterprise("500240"))
    client.force_login(user)
    with at(date(2026, 3, 1)):
        page = client.get("/recognitions/expiry/").content.decode()
        response = client.post(f"/declarations/programs/{review_program.key}/", follow=True)
    assert "贵企业尚未认定，不提供复核功能" in page and "去复核" not in page
    assert response.status_code == 200
    assert "未认定的企业不能申请复核" in response.content.decode()


INNOVATIVE_ANSWERS = {
    **{k: v for k, v in SPECIALIZED_ANSWERS.items() if not k.endswith("_y0") and k != "niche_years"},
    **{"strategic_emerging": "no", "award_3y": "no", "honour_valid": "no", "equity_financing_3y": "0"},
}


def test_review_passed_extends_by_three_years_and_failed_cancels_with_reason(
    recognised, review_programs, sms_outbox, make_enterprise, make_user, django_capture_on_commit_callbacks
):
    """Each 复核 is its tier's declaration form, prefilled from the enterprise's latest submitted
    declaration of that tier (see test_review_form for the prefill itself)."""
    from keqi.accounts.models import Role
    from keqi.declarations import services
    from keqi.enterprises.services import grant_qualification
    from keqi.files.tests.builders import pdf_bytes, zip_bytes

    def file_review(user, kind, answers):
        submission = services.start(actor=user, program=review_programs[kind])
        services.save(
            actor=user,
            submission=submission,
            raw={**submission.answers, **answers},
            expected_version=submission.version,
        )
        submission.refresh_from_db()
        services.upload(
            actor=user,
            submission=submission,
            slot_key="evidence_zip",
            path="",
            upload_file=SimpleUploadedFile(
                "佐证材料.zip", zip_bytes({"营业执照.pdf": pdf_bytes()}), content_type="application/zip"
            ),
        )
        submission.refresh_from_db()
        return services.submit(actor=user, submission=submission)

    with at(date(2026, 3, 1)):
        submission = file_review(recognised["ent"], "specialized_sme", SPECIALIZED_ANSWERS)
        assert submission.answers["ent_name"] == "重庆石柱精工科技有限公司"  # prefilled from the latest data
        assert submission.form_id == review_programs["specialized_sme"].form_id
        submission = services.decide(actor=recognised["district"], submission=submission, action="pass")
        services.decide(actor=recognised["city"], submission=submission, action="pass")
    recognised["qualification"].refresh_from_db()
    assert recognised["qualification"].valid_until == date(2029, 6, 30)
    assert Message.objects.filter(kind="notice", title__contains="复核通过").count() == 1

    other = make_enterprise("500240", name="复核未通过企业")
    q = grant_qualification(actor=None, enterprise=other, kind="innovative_sme", issued_on=date(2023, 5, 1))
    user = make_user(Role.ENTERPRISE, enterprise=other)
    from keqi.enterprises.models import Contact

    Contact.objects.create(enterprise=other, name="王", mobile="13900002222", is_primary=True)
    with at(date(2026, 3, 1)), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError) as caught:  # the 专精特新 复核 is not for a 创新型
            services.start(actor=user, program=review_programs["specialized_sme"])
        assert "未查询到有效的认定" in str(caught.value)
        submission = file_review(user, "innovative_sme", INNOVATIVE_ANSWERS)
        submission = services.decide(actor=recognised["district"], submission=submission, action="pass")
        services.decide(
            actor=recognised["city"], submission=submission, action="reject", opinion="发展评价得分不足60分"
        )
    q.refresh_from_db()
    assert q.cancelled_on == date(2026, 3, 1) and "发展评价得分不足60分" in q.cancel_reason
    cancelled = Message.objects.get(enterprise=other, kind="cancelled")
    assert "发展评价得分不足60分" in cancelled.body
    assert any(s["mobile"] == "13900002222" and "取消认定" in s["text"] for s in sms_outbox())
