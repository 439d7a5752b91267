"""Out-of-scope evaluation data for the permission walker (core/tests/test_permissions.py)."""

from django.core.files.base import ContentFile

from keqi.accounts.models import Agency
from keqi.evaluation.models import Evaluation, Status
from keqi.files.models import Attachment
from keqi.reference.models import Region

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build(world, make_enterprise, make_user):
    outside = world["outside"]
    other_agency = Agency.objects.create(name="重庆范围外评价机构", region=Region.objects.get(code="500000"))
    evaluation = Evaluation.objects.create(
        enterprise=outside,
        year=2026,
        serial="2026500240999999",
        status=Status.AGENCY_REVIEW,
        agency=other_agency,
        form_key="tech_sme_evaluation",
        form_version="2017.1",
        answers={"contact_name": "范围外评价联系人", "other_info": "范围外评价秘密说明"},
        profile={"name": outside.name, "uscc": outside.uscc},
        version=3,
    )
    attachment = Attachment(
        enterprise=outside,
        owner_type="evaluation.evaluation",
        owner_id=evaluation.pk,
        slot="balance_sheet",
        original_name="范围外资产负债表.pdf",
        size=len(PDF),
        content_type="application/pdf",
        sha256="0" * 64,
    )
    attachment.file.save("outside-scope.pdf", ContentFile(PDF), save=False)
    attachment.save()
    world["params"].update(
        {
            "evaluation_id": evaluation.pk,
            "attachment_id": attachment.pk,
            "slot": "balance_sheet",
            "action": "agency_pass",
        }
    )
    world["route_params"]["evaluation/templates/<str:kind>.xlsx"] = {"kind": "staff"}
    world["secrets"].extend(["2026500240999999", "范围外评价联系人", "范围外评价秘密说明", "范围外资产负债表"])

    def evaluation_untouched():
        row = Evaluation.objects.get(pk=evaluation.pk)
        assert row.status == Status.AGENCY_REVIEW and row.version == 3 and row.agency_id == other_agency.pk
        assert row.answers["contact_name"] == "范围外评价联系人"
        assert Attachment.objects.filter(pk=attachment.pk).exists()

    world["untouched"].append(evaluation_untouched)
