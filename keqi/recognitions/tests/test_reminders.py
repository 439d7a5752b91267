"""Issue 16 item 4: 申报提醒 from the policy matcher's verdict (eligibility, region and amount rule;
a tier's recognition standard), falling back to the program's eligibility where the matcher has
no entry; once per window and verdict; the clock moved with time-machine."""

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from keqi.accounts.models import Role
from keqi.declarations import program_services
from keqi.declarations.tests.shizhu import BUNDLE
from keqi.enterprises.models import Qualification
from keqi.inbox.models import Message
from keqi.matcher import selectors as matcher
from keqi.matcher.tests.test_matcher import shizhu_enterprise
from keqi.recognitions import jobs

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
OPENS = datetime(2024, 4, 8, 9, tzinfo=CST)


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def shizhu(make_enterprise, make_user):
    """石柱's eight award programs opening 2024-04-08 09:00, and an enterprise holding 高新技术企业
    with three invention patents (qualifies for some awards, not others, needs information for one)."""
    data = json.loads(BUNDLE.read_text(encoding="utf-8"))
    data["defaults"]["windows"] = [{"opens": "2024-04-08T09:00:00", "closes": "2024-04-30T17:00:00"}]
    programs = [program_services.load(item) for item in program_services.expand(data)]
    enterprise = shizhu_enterprise(make_enterprise)
    make_user(Role.ENTERPRISE, enterprise=enterprise)
    return {"programs": {p.key: p for p in programs}, "enterprise": enterprise}


def reminders(enterprise) -> dict[str, Message]:
    return {m.reason.split(":")[1]: m for m in Message.objects.filter(enterprise=enterprise, kind="reminder")}


def test_reminders_follow_the_matcher_not_just_eligibility_once_per_window(shizhu):
    enterprise = shizhu["enterprise"]
    with at(OPENS - timedelta(minutes=1)):
        assert jobs.reminder_messages(date(2024, 4, 8)) == 0  # not open yet
    with at(OPENS + timedelta(hours=1)):
        entries = {e.key: e for e in matcher.match(enterprise)["entries"]}
        sent = jobs.reminder_messages(date(2024, 4, 8))
        again = jobs.reminder_messages(date(2024, 4, 8))
    assert sent > 0 and again == 0
    got = reminders(enterprise)
    by_pk = {str(p.pk): p for p in shizhu["programs"].values()}
    statuses = {by_pk[pk].key: entries[f"program:{by_pk[pk].key}"].status for pk in got}
    expected = {
        key: entries[f"program:{key}"].status
        for key in shizhu["programs"]
        if entries[f"program:{key}"].status != matcher.NOT_YET
    }
    assert statuses == expected
    high_tech = got[str(shizhu["programs"]["shizhu-kjcx-2024-high-tech"].pk)]
    assert "政策匹配结果：贵企业符合申报条件" in high_tech.body and "测算金额（上限）20万元" in high_tech.body
    assert high_tech.reason.endswith(":qualifies")
    needs = got[str(shizhu["programs"]["shizhu-kjcx-2024-rd-investment"].pk)]
    assert "可能符合申报条件，尚需补充" in needs.body and "是否建立研发准备金制度" in needs.body
    with at(OPENS + timedelta(days=3)):  # later days of the same window: nothing again
        assert jobs.reminder_messages(date(2024, 4, 11)) == 0


def test_matcher_not_yet_means_no_reminder_though_eligibility_is_met(shizhu, make_enterprise):
    """高新 recognised in 2022: registered in 石柱 (the program's eligibility is met), but the award's
    date rule fails on a known fact, so the matcher says 暂不符合 and no reminder goes out for it."""
    from keqi.declarations import eligibility

    old = make_enterprise("500240", name="老高新企业", established_date=date(2012, 5, 1))
    Qualification.objects.create(
        enterprise=old, kind="high_tech", number="GR2022", issued_on=date(2022, 6, 1), valid_until=date(2025, 5, 31)
    )
    program = shizhu["programs"]["shizhu-kjcx-2024-high-tech"]
    with at(OPENS + timedelta(hours=1)):
        outcomes = eligibility.evaluate(program.eligibility, old, date(2024, 4, 8))
        assert all(o.status == eligibility.MET for o in outcomes)
        entry = {e.key: e for e in matcher.match(old)["entries"]}[f"program:{program.key}"]
        assert entry.status == matcher.NOT_YET and "早于2023年8月1日" in entry.unmet[0]
        jobs.reminder_messages(date(2024, 4, 8))
    got = reminders(old)
    assert str(program.pk) not in got
    assert got and all(m.reason.endswith(":needs_info") for m in got.values())  # the others: 需补充信息


def test_without_a_matcher_entry_the_program_eligibility_decides(shizhu, make_enterprise):
    """A program the matcher has no entry for (e.g. the annual report, a duty it leaves out): the
    program's own eligibility decides."""
    from keqi.recognitions.jobs import verdict

    program = shizhu["programs"]["shizhu-kjcx-2024-high-tech"]
    enterprise = shizhu["enterprise"]
    with at(OPENS + timedelta(hours=1)):
        assert verdict(program, enterprise, date(2024, 4, 8), {}) == ("eligible", "贵企业符合申报条件")
        outsider = make_enterprise("110114", name="北京昌平企业")
        assert verdict(program, outsider, date(2024, 4, 8), {}) is None


def test_tier_program_reminds_by_the_recognition_standard_and_not_those_holding_it(make_enterprise, make_user):
    """创新型 opened in 重庆: both enterprises are verified (the program's eligibility); one already
    holds 创新型 (no reminder), the other hears that it may qualify and what the standard still needs."""
    from keqi.cultivation.models import Verification
    from keqi.enterprises.services import grant_qualification

    data = json.loads((program_services.PROGRAM_DIR / "innovative-sme-2026.json").read_text(encoding="utf-8"))
    data["windows"] = [{"region": "500000", "opens": "2026-05-01T00:00:00", "closes": "2026-06-30T17:00:00"}]
    program = program_services.load(data)
    holder, newcomer = (make_enterprise("500240", name=name) for name in ("已认定企业", "新申报企业"))
    for enterprise in (holder, newcomer):
        Verification.objects.create(
            enterprise=enterprise,
            name="张三",
            id_number="11010519491231002X",
            uscc=enterprise.uscc,
            status=Verification.Status.AUTO,
            region_path=enterprise.region_path,
        )
    grant_qualification(actor=None, enterprise=holder, kind="innovative_sme", issued_on=date(2025, 1, 1))
    with at(datetime(2026, 5, 1, 9, tzinfo=CST)):
        jobs.reminder_messages(date(2026, 5, 1))
    assert str(program.pk) not in reminders(holder)
    message = reminders(newcomer)[str(program.pk)]
    assert message.reason.endswith(":needs_info") and "研发费用总额" in message.body


def test_a_review_reminds_the_holder_it_reviews(recognised, review_programs):
    """The 复核 is scored by the tier's scheme too; holding that recognition is its very condition."""
    with at(datetime(2026, 1, 5, 9, tzinfo=CST)):
        jobs.reminder_messages(date(2026, 1, 5))
    got = reminders(recognised["enterprise"])
    assert list(got) == [str(review_programs["specialized_sme"].pk)]
    assert got[str(review_programs["specialized_sme"].pk)].reason.endswith(":qualifies")
