"""X4 (issue 11 item 9): snapshots and review decisions are hash-chained; the officer's 审核记录 says
记录完整, or names the broken link after a row is edited in the database."""

import pytest
from django.core.management import CommandError, call_command

from keqi.core.models import RecordSeal
from keqi.declarations import services
from keqi.declarations.models import Snapshot
from keqi.declarations.tests.test_platform import make_ready
from keqi.workflow.models import ReviewRecord

pytestmark = pytest.mark.django_db


def test_snapshots_and_decisions_are_chained_and_the_officer_sees_whether_they_are_intact(client, people, changping):
    submission, _uid = make_ready(people, changping)
    submission = services.submit(actor=people["ent"], submission=submission)
    submission = services.decide(actor=people["district"], submission=submission, action="return", opinion="请补充")
    submission.refresh_from_db()
    submission = services.submit(actor=people["ent"], submission=submission)
    snapshot_links = RecordSeal.objects.filter(chain=f"snapshot:{submission.pk}").order_by("sequence")
    assert [link.record_id for link in snapshot_links] == list(
        Snapshot.objects.filter(submission=submission).order_by("sequence").values_list("pk", flat=True)
    )
    assert RecordSeal.objects.filter(chain=f"review:declarations.submission:{submission.pk}").count() == 3
    call_command("verify_records")

    client.force_login(people["district"])
    page = client.get(f"/declarations/review/{submission.pk}/").content.decode()
    assert "记录完整" in page and "记录异常" not in page

    decision = ReviewRecord.objects.filter(target_id=submission.pk, transition="return").get()
    ReviewRecord.objects.filter(pk=decision.pk).update(opinion="同意")  # rewritten behind the platform's back
    page = client.get(f"/declarations/review/{submission.pk}/").content.decode()
    assert "记录异常" in page and f"审核记录编号{decision.pk}）的内容与封存摘要不符" in page
    with pytest.raises(CommandError, match="审核记录编号"):
        call_command("verify_records")

    ReviewRecord.objects.filter(pk=decision.pk).update(opinion="请补充")
    Snapshot.objects.filter(submission=submission, sequence=1).update(answers={"amount_rd": "5000"})
    with pytest.raises(CommandError, match="提交快照编号"):
        call_command("verify_records")
