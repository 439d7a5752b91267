"""Out-of-scope declaration data for the permission walker (core/tests/test_permissions.py):
a 石柱 program and a submitted 石柱 declaration with a file."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from keqi.declarations.forms import ensure_version
from keqi.declarations.models import Program, PublicityBatch, Submission, Window
from keqi.files.models import Attachment
from keqi.reference.models import Region

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORM = {
    "key": "outside_form",
    "title": "范围外表单",
    "sections": [
        {
            "key": "main",
            "title": "基本信息",
            "fields": [{"key": "secret", "label": "说明"}],
            "records": [
                {
                    "key": "items",
                    "label": "条目",
                    "sections": [{"key": "item", "title": "条目", "fields": [{"key": "x", "label": "名称"}]}],
                }
            ],
        }
    ],
}


def build(world, make_enterprise, make_user):
    outside = world["outside"]
    region = Region.objects.get(code="500240")
    program = Program.objects.create(
        key="shizhu-outside-2026",
        series="shizhu-outside",
        name="石柱范围外申报活动",
        year=2026,
        status=Program.Status.PUBLISHED,
        region=region,
        form=ensure_version("outside_form", FORM),
        levels=[{"key": "district", "label": "石柱县科技局", "roles": ["DIS"], "region_level": "county"}],
        amount={"scheme": "shizhu_subsidy", "inputs": {"category": "high_tech"}, "label": "范围外奖补类别"},
        budget=123,
    )
    now = timezone.now()
    Window.objects.create(program=program, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=9))
    submission = Submission.objects.create(
        program=program,
        enterprise=outside,
        form=program.form,
        status="review",
        region_path=outside.region_path,
        answers={"secret": "范围外申报秘密说明", "items": [{"_uid": "rout1", "x": "范围外条目"}]},
    )
    attachment = Attachment(
        enterprise=outside,
        owner_type="declarations.submission",
        owner_id=submission.pk,
        slot="declaration_file",
        row_key="rout1",
        original_name="范围外申报附件.pdf",
        size=len(PDF),
        content_type="application/pdf",
        sha256="0" * 64,
    )
    attachment.file.save("outside-declaration.pdf", ContentFile(PDF), save=False)
    attachment.save()
    world["params"].update(
        {
            "submission_id": submission.pk,
            "list_key": "items",
            "uid": "rout1",
            "slot": "declaration_file",
            "attachment_id": attachment.pk,
            "table_key": "items",
            "action": "withdraw",
        }
    )
    sent_elsewhere = _sent_to_another_agency(outside, region)
    batch = PublicityBatch.objects.create(
        program=program,
        region=region,
        title="范围外公示批次",
        publicity_from=now.date() - timedelta(days=9),
        publicity_to=now.date() - timedelta(days=2),
    )
    world["route_params"]["declarations/publicity/<int:pk>/"] = {"pk": batch.pk}
    world["route_params"]["/api/v1/declarations/submissions/{submission_id}/documents/{key}.pdf"] = {"key": "commitment"}
    world["route_params"]["declarations/programs/<slug:key>/"] = {"key": program.key}
    world["route_params"]["declarations/series/<slug:series>/<slug:list_name>/"] = {
        "series": program.series,
        "list_name": "query",
    }
    world["route_params"]["declarations/manage/<slug:key>/"] = {"key": program.key}
    world["route_params"]["declarations/manage/<slug:key>/preview/"] = {"key": program.key}
    world["route_params"]["declarations/manage/<slug:key>/<slug:action>/"] = {"key": program.key, "action": "close"}
    world["route_params"]["declarations/<int:submission_id>/<slug:action>/"] = {"action": "withdraw"}
    world["route_params"]["declarations/<int:submission_id>/documents/<slug:key>.pdf"] = {"key": "commitment"}
    world["route_params"]["declarations/awards/<slug:key>/budget/"] = {"key": program.key}
    world["secrets"].extend(["范围外申报秘密说明", "范围外条目", "范围外申报附件", "范围外奖补类别"])

    world["secrets"].extend(["范围外评价秘密说明", "范围外公示批次"])

    def untouched():
        row = Submission.objects.get(pk=submission.pk)
        assert row.status == "review" and row.version == 1
        other = Submission.objects.get(pk=sent_elsewhere.pk)
        assert (other.status, other.level, other.version) == ("review", 0, 1)
        assert PublicityBatch.objects.get(pk=batch.pk).status == "publicity"
        assert Program.objects.get(pk=program.pk).status == Program.Status.PUBLISHED
        assert Program.objects.get(pk=program.pk).budget == 123

    world["untouched"].append(untouched)


def _sent_to_another_agency(outside, region):
    """A 石柱 evaluation sent to a 重庆 agency: the walker's 北京 agency must see none of it. Its
    系统填报号 is the old evaluation's of evaluation/tests/scope_world.py (old URLs redirect)."""
    from keqi.accounts.models import Agency

    agency = Agency.objects.create(name="重庆范围外评价机构", region=Region.objects.get(code="500000"))
    program = Program.objects.create(
        key="outside-evaluation-2026",
        series="outside-evaluation",
        name="范围外评价活动",
        year=2026,
        status=Program.Status.PUBLISHED,
        region=region,
        form=ensure_version("outside_form", FORM),
        levels=[{"key": "agency", "label": "评价机构", "roles": ["AGY"], "region_level": "agency"}],
    )
    return Submission.objects.create(
        program=program,
        enterprise=outside,
        form=program.form,
        status="review",
        agency=agency,
        serial="2026500240999999",
        region_path=outside.region_path,
        answers={"secret": "范围外评价秘密说明"},
    )
