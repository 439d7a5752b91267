"""Out-of-scope 梯度培育 data for the permission walker (core/tests/test_permissions.py): a 重庆
province's announcement draft with a file, a 石柱 enterprise's manual verification request and
digital assessment, and a 重庆 recognition batch of an approved 专精特新 declaration."""

import json
from datetime import date
from pathlib import Path

from django.core.files.base import ContentFile

from keqi.accounts.models import Role
from keqi.cultivation.models import (
    Announcement,
    AnnouncementFile,
    BatchEntry,
    DigitalAssessment,
    RecognitionBatch,
    Verification,
)
from keqi.declarations import program_services
from keqi.declarations.models import Submission
from keqi.reference.models import Region

PROGRAM = Path(__file__).resolve().parents[2] / "declarations" / "programs" / "specialized-sme-2026.json"


def build(world, make_enterprise, make_user):
    outside = world["outside"]
    chongqing = Region.objects.get(code="500000")
    author = make_user(Role.CITY, region_code="500000")
    draft = Announcement.objects.create(
        level=Announcement.Level.PROVINCE,
        region=chongqing,
        publisher="重庆市中小企业主管部门",
        title="范围外公告草稿标题",
        body="范围外公告草稿正文",
        author=author,
    )
    item = AnnouncementFile(
        announcement=draft, original_name="范围外公告附件.pdf", size=10, content_type="application/pdf"
    )
    item.file.save("outside-announcement.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    item.save()
    owner = make_user(Role.ENTERPRISE, enterprise=outside)
    request = Verification.objects.create(
        user=owner,
        enterprise=outside,
        name="范围外法人姓名",
        id_number="11010519491231002X",
        uscc=outside.uscc,
        status=Verification.Status.PENDING,
        region_path=outside.region_path,
    )
    DigitalAssessment.objects.create(enterprise=outside, ruleset="2024", questionnaire="other", total=77, answers={})
    program = program_services.load(json.loads(PROGRAM.read_text(encoding="utf-8")))
    submission = Submission.objects.create(
        program=program,
        enterprise=outside,
        form=program.form,
        status="approved",
        level=2,
        region_path=outside.region_path,
        answers={"contact_name": "范围外联系人甲"},
    )
    batch = RecognitionBatch.objects.create(
        program=program,
        region=chongqing,
        title="范围外认定批次",
        publicity_from=date(2026, 1, 1),
        publicity_to=date(2026, 1, 5),
    )
    BatchEntry.objects.create(batch=batch, submission=submission, enterprise=outside)
    routes = world["route_params"]
    routes["tier/announcements/<int:pk>/"] = {"pk": draft.pk}
    routes["tier/announcements/<int:pk>/files/<int:file_id>/"] = {"pk": draft.pk, "file_id": item.pk}
    routes["tier/manage/announcements/<int:pk>/"] = {"pk": draft.pk}
    routes["tier/manage/announcements/<int:pk>/<slug:action>/"] = {"pk": draft.pk, "action": "publish"}
    routes["tier/verifications/<int:pk>/"] = {"pk": request.pk}
    routes["tier/batches/<int:pk>/"] = {"pk": batch.pk}
    routes["declarations/windows/<slug:key>/"] = {"key": program.key}
    world["secrets"].extend(
        ["范围外公告草稿标题", "范围外公告草稿正文", "范围外公告附件", "范围外法人姓名", "范围外认定批次"]
    )

    def untouched():
        assert Announcement.objects.get(pk=draft.pk).status == Announcement.Status.DRAFT
        assert Verification.objects.get(pk=request.pk).status == Verification.Status.PENDING
        assert RecognitionBatch.objects.get(pk=batch.pk).status == RecognitionBatch.Status.PUBLICITY
        assert not program.windows.exists()

    world["untouched"].append(untouched)
