"""Shared test data for the evaluation journey: a complete profile, a qualifying form, real files."""

import io
from datetime import date

from PIL import Image

from keqi.reference.models import Industry

PDF_HEAD = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
PDF_TAIL = b"trailer<</Root 1 0 R>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 4000


def pdf_bytes(size: int = 2048) -> bytes:
    """A real (minimal) PDF padded with a comment to `size` bytes."""
    padding = max(0, size - len(PDF_HEAD) - len(PDF_TAIL) - 2)
    return PDF_HEAD + b"%" + b"x" * padding + b"\n" + PDF_TAIL


def png_bytes(size: int | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, format="PNG")
    data = buffer.getvalue()
    if size:
        data += b"\x00" * (size - len(data))  # trailing bytes after IEND: still a PNG to a sniffer
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
