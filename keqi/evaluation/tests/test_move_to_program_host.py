"""Issue 9 item 7: the data migration moves every evaluation onto the program host."""

import importlib
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from keqi.accounts.models import Role
from keqi.core import records
from keqi.declarations.models import Submission
from keqi.declarations.tests.tech_sme import complete_profile
from keqi.evaluation.models import Evaluation
from keqi.files.models import Attachment
from keqi.files.tests.builders import pdf_bytes
from keqi.workflow.models import ReviewRecord

pytestmark = pytest.mark.django_db
move = importlib.import_module("keqi.evaluation.migrations.0003_move_to_program_host")


def _review(evaluation, transition, from_state, to_state, level, opinion=""):
    return ReviewRecord.objects.create(
        process="evaluation",
        target_type="evaluation.evaluation",
        target_id=evaluation.pk,
        transition=transition,
        from_state=from_state,
        to_state=to_state,
        actor_name="审核员",
        level=level,
        decision=transition,
        opinion=opinion,
    )


def _as_in_a_migration(run):
    """A migration's historical models send no post_save, so nothing seals on save there; the
    migration seals its copies itself. Run it here the same way."""
    from django.db.models.signals import post_save

    from keqi.declarations.models import Snapshot

    senders = [(ReviewRecord, "seal-workflow.reviewrecord"), (Snapshot, "seal-declarations.snapshot")]
    for model, uid in senders:
        post_save.disconnect(sender=model, dispatch_uid=uid)
    try:
        run()
    finally:
        for model, uid in senders:
            post_save.connect(records._on_save, sender=model, dispatch_uid=uid)


def historical_apps():
    """The models as the migration sees them (no custom managers, no methods): what `migrate` runs."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    state = MigrationLoader(connection).project_state(("evaluation", "0003_move_to_program_host"), at_end=False)
    return state.apps


def test_evaluations_become_declarations_with_their_history(make_enterprise, make_user):
    enterprise = complete_profile(make_enterprise("110114", name="北京迁移测试科技有限公司"))
    other = complete_profile(make_enterprise("110114", name="北京迁移测试二科技有限公司"))
    agency = make_user(Role.AGENCY, region_code="110000", agency_name="北京科技评价中心").agency
    now = timezone.now()
    registered = Evaluation.objects.create(
        enterprise=enterprise,
        year=2025,
        serial="2025110114000001",
        status="registered",
        agency=agency,
        form_key="tech_sme_evaluation",
        form_version="2017.1",
        answers={"contact_name": "李四", "sales_revenue": "1500"},
        profile={"high_tech": "yes"},
        snapshot={"answers": {"contact_name": "李四", "sales_revenue": "1500"}, "version": 3},
        version=3,
        registration_number="202511011400000001",
        submitted_at=now - timedelta(days=30),
    )
    attachment = Attachment.objects.create(
        enterprise=enterprise,
        owner_type="evaluation.evaluation",
        owner_id=registered.pk,
        slot="cover",
        original_name="封面.pdf",
        file=ContentFile(pdf_bytes(), name="cover.pdf"),
        size=100,
        content_type="application/pdf",
        sha256="a" * 64,
        frozen_at=now,
    )
    _review(registered, "submit", "draft", "agency_review", "企业")
    _review(registered, "agency_pass", "agency_review", "province_review", "评价机构", "形式审查通过")
    returned = Evaluation.objects.create(
        enterprise=other, year=2026, status="returned", agency=agency, answers={"contact_name": "王五"}
    )
    _review(returned, "submit", "draft", "agency_review", "企业")
    _review(returned, "province_return", "province_review", "returned", "省级主管部门", "请补充研发项目")
    old_chain = records.verify_keys([f"review:evaluation.evaluation:{registered.pk}"])

    _as_in_a_migration(lambda: move.forward(historical_apps(), None))

    first = Submission.objects.get(enterprise=enterprise)
    assert first.program.key == "tech-sme-2025" and first.program.status == "closed"
    assert (first.status, first.level, first.agency_id) == ("approved", 1, agency.pk)
    assert first.serial == "2025110114000001" and first.registration_number == "202511011400000001"
    assert first.answers["high_tech"] == "yes" and first.version == 3
    assert first.last_opinion == "形式审查通过"
    attachment.refresh_from_db()
    assert (attachment.owner_type, attachment.owner_id, attachment.slot) == (
        "declarations.submission",
        first.pk,
        "signed_cover",
    )
    snapshot = first.snapshots.get()
    assert snapshot.answers["contact_name"] == "李四" and snapshot.attachments[0]["sha256"] == "a" * 64
    copies = ReviewRecord.objects.filter(target_type="declarations.submission", target_id=first.pk)
    assert [r.transition for r in copies.order_by("id")] == ["submit", "agency_pass"]
    second = Submission.objects.get(enterprise=other)
    assert second.program.key == "tech-sme-2026"
    assert (second.status, second.returned_level) == ("returned", 1)  # resubmits to the province
    # the originals' chain is untouched; the copies' chains verify
    assert old_chain is None and records.verify_keys([f"review:evaluation.evaluation:{registered.pk}"]) is None
    assert records.verify_keys([f"snapshot:{first.pk}", f"review:declarations.submission:{second.pk}"]) is None
