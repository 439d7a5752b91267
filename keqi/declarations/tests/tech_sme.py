"""The tech-SME evaluation (seed 001) as a program on the host: its data file with a window
open now, a complete profile, a qualifying form post and the evidence slots."""

import json
from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from keqi.reference.models import Industry

PROGRAM_FILE = Path(__file__).resolve().parents[1] / "programs" / "tech-sme-2026.json"


def program_data() -> dict:
    data = json.loads(PROGRAM_FILE.read_text(encoding="utf-8"))
    now = timezone.now()
    data["windows"] = [
        {"opens": (now - timedelta(days=3)).isoformat(), "closes": (now + timedelta(days=30)).isoformat()}
    ]
    return data


def complete_profile(enterprise):
    enterprise.registration_type = "有限责任公司(自然人投资或控股)"
    enterprise.industry = Industry.objects.get(code="6513")
    enterprise.legal_representative = "周八"
    enterprise.established_date = date(2018, 9, 25)
    enterprise.tax_collection_method = "查账征收"
    enterprise.address = "北京市昌平区回龙观东大街1号"
    enterprise.save()
    return enterprise


QUALIFYING = {
    "contact_name": "李四",
    "contact_phone": "13800138000",
    "contact_id_type": "id_card",
    "contact_id_number": "11010519491231002X",
    "products_scope": "yes",
    "credit": "yes",
    "rd_ledger": "yes",
    "super_deduction": "yes",
    "rd_projects-0-_uid": "p1",
    "rd_projects-0-name": "智能传感算法研究",
    "rd_projects-0-number": "RD2025-01",
    "rd_projects-0-form": "self",
    "rd_projects-0-status": "done",
    "rd_projects-0-amount": "120",
    "rd_projects-1-_uid": "p2",
    "rd_projects-1-name": "境外委托测试",
    "rd_projects-1-number": "RD2025-02",
    "rd_projects-1-form": "commissioned_overseas",
    "rd_projects-1-status": "ongoing",
    "rd_projects-1-amount": "50",
    "total_assets": "3000",
    "net_assets": "1800",
    "sales_revenue": "1500",
    "main_revenue": "1400",
    "total_profit": "-20.5",
    "tax_total": "80",
    "cost_total": "1300",
    "edu_doctor": "2",
    "edu_master": "8",
    "edu_bachelor": "30",
    "edu_college": "8",
    "edu_other": "2",
    "products-0-_uid": "g1",
    "products-0-name": "工业物联网网关",
    "products-0-tech_field": "电子信息",
    "products-0-revenue": "900",
    "ip_rows-present": "1",
    "standards-present": "1",
    "institutions-present": "1",
    "other_info": "无",
    "wants_financing": "no",
}
for quarter in range(4):
    QUALIFYING.update(
        {
            f"hr_quarters-{quarter}-_uid": f"q{quarter + 1}",
            f"hr_quarters-{quarter}-emp_start": "50",
            f"hr_quarters-{quarter}-emp_end": "50",
            f"hr_quarters-{quarter}-tech_start": "20",
            f"hr_quarters-{quarter}-tech_end": "20",
        }
    )
EVIDENCE_SLOTS = ("staff_table", "balance_sheet", "income_statement", "tax_a107012")


def program(year: int = 2026):
    """The tech-SME program of `year` (the bundled data file with its year changed)."""
    from keqi.declarations import program_services
    from keqi.declarations.models import Program

    found = Program.objects.filter(key=f"tech-sme-{year}").first()
    if found:
        return found
    data = program_data()
    data.update(key=f"tech-sme-{year}", year=year, name=f"{year}年科技型中小企业评价")
    return program_services.load(data)


def declaration(enterprise, year: int, status: str, *, level: int = 0, agency=None, answers=None, **figures):
    """A tech-SME declaration as the host stores it, with the given figures (statistics tests)."""
    from decimal import Decimal

    from keqi.declarations.models import Figure, Submission

    chosen = program(year)
    submission = Submission.objects.create(
        program=chosen,
        enterprise=enterprise,
        form=chosen.form,
        status=status,
        level=level,
        agency=agency,
        region_path=enterprise.region_path,
        zone_path=enterprise.zone_path,
        answers=answers or {},
        submitted_at=None if status == "draft" else timezone.now(),
    )
    for key, value in figures.items():
        Figure.objects.create(submission=submission, key=key, number=None if value is None else Decimal(str(value)))
    return submission


def filled(enterprise, user, *, agency=None):
    """A qualifying tech-SME declaration with every upload and the signed cover; submitted to
    `agency` when given."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from keqi.core.tests.sample_files import pdf_bytes
    from keqi.declarations import services
    from keqi.declarations.forms import form_of
    from keqi.formkit import engine

    submission = services.start(actor=user, program=program())
    raw = engine.parse_post(form_of(submission.form), QUALIFYING)
    submission = services.save(actor=user, submission=submission, raw=raw, expected_version=submission.version)
    for slot in (*EVIDENCE_SLOTS, "signed_cover"):
        if slot == "signed_cover":
            services.issue_document(actor=user, submission=submission, key="cover")
        upload = SimpleUploadedFile(f"{slot}.pdf", pdf_bytes(), content_type="application/pdf")
        services.upload(actor=user, submission=submission, slot_key=slot, path="", upload_file=upload)
    submission.refresh_from_db()
    if agency is not None:
        submission = services.submit(actor=user, submission=submission, agency_id=agency.pk)
    return submission
