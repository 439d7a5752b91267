"""Out-of-scope library data for the permission walker (core/tests/test_permissions.py): a 石柱
enterprise's approved annual report (a fact row), its place in the 科创板储备库, its 高企
certificate and a parameter set owned by a 石柱 officer."""

from django.utils import timezone

from keqi.accounts.models import Role
from keqi.declarations import program_services
from keqi.declarations.models import Submission
from keqi.declarations.tests.test_annual_report import annual_data
from keqi.enterprises.models import Qualification
from keqi.libraries.models import ParameterSet, ReportFact, ReserveEntry


def build(world, make_enterprise, make_user):
    outside = world["outside"]
    program = program_services.load(annual_data(2025))
    Submission.objects.create(
        program=program,
        enterprise=outside,
        form=program.form,
        status=Submission.Status.APPROVED,
        region_path=outside.region_path,
        answers={"operating_revenue": "100", "employees": "10", "tech_staff": "5"},
    )
    fact = ReportFact.objects.get(enterprise=outside)
    entry = ReserveEntry.objects.create(enterprise=outside, added_at=timezone.now(), note="范围外储备备注")
    qualification = Qualification.objects.create(enterprise=outside, kind="high_tech", number="GR范围外证书")
    owner = make_user(Role.DISTRICT, region_code="500240")
    saved = ParameterSet.objects.create(owner=owner, library="high-tech-reserve", name="范围外方案", values={})
    world["params"].update({"library": "high-tech-reserve", "fact": fact.pk, "entry": entry.pk, "set_id": saved.pk})
    world["route_params"]["libraries/<slug:library>/recognition/<int:pk>/"] = {
        "library": "high-tech-recognised",
        "pk": qualification.pk,
    }
    world["secrets"] += ["范围外储备备注", "GR范围外证书", "范围外方案"]

    def untouched():
        assert ReserveEntry.objects.filter(pk=entry.pk, removed_at__isnull=True).exists()
        assert ParameterSet.objects.filter(pk=saved.pk).exists()
        assert ReportFact.objects.filter(pk=fact.pk).exists()

    world["untouched"].append(untouched)
