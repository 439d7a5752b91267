"""政策匹配 response time (issue 14, X1): one 石柱 enterprise with four years of data — four
科技型中小企业评价, four 科技信息年报, five qualifications, 40 IP records, two 石柱 declarations —
matched against every scheme and program (the bundled ones: 昌平, 年报, the eight 石柱
categories). Times the selector and the whole page (GET /matcher/ through the test client).

    KEQI_DEBUG=1 KEQI_VAR_DIR=/tmp/matcher-bench .venv/bin/python bench/matcher_speed.py [--runs 50]
    KEQI_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/keqi_matcher_bench .venv/bin/python bench/matcher_speed.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keqi.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from keqi.accounts.models import Role, User  # noqa: E402
from keqi.core.identifiers import make_uscc  # noqa: E402
from keqi.declarations import program_services  # noqa: E402
from keqi.declarations.models import Program, Submission  # noqa: E402
from keqi.enterprises.models import Enterprise, IntellectualProperty, Qualification  # noqa: E402
from keqi.evaluation.models import Evaluation  # noqa: E402
from keqi.matcher import selectors  # noqa: E402
from keqi.reference.models import IPType, Region  # noqa: E402


def build() -> Enterprise:
    uscc = make_uscc("500240", 77_000_001)
    enterprise = Enterprise.objects.filter(uscc=uscc).first()
    if enterprise:
        return enterprise
    enterprise = Enterprise.objects.create(
        name="重庆石柱基准科技有限公司",
        uscc=uscc,
        region=Region.objects.get(code="500240"),
        established_date=date(2010, 3, 1),
    )
    for kind, issued in (("tech_sme", date(2024, 2, 1)), ("high_tech", date(2020, 12, 1)), ("high_tech", date(2023, 12, 1)),
                         ("specialized_sme", date(2023, 6, 1)), ("innovative_sme", date(2023, 3, 1))):  # fmt: skip
        Qualification.objects.create(enterprise=enterprise, kind=kind, number=f"{kind}-{issued.year}", issued_on=issued)
    invention = IPType.objects.get(code="invention_patent")
    for index in range(40):
        IntellectualProperty.objects.create(
            enterprise=enterprise, name=f"专利{index}", ip_type=invention, number=f"ZL2016{index:06d}",
            granted_on=date(2016 + index % 9, 1 + index % 12, 1), acquisition="self",
        )  # fmt: skip
    for year in range(2022, 2026):
        Evaluation.objects.create(
            enterprise=enterprise, year=year, status="registered", employees=Decimal(120), tech_staff=Decimal(30),
            sales_revenue=Decimal(8000 + year), main_revenue=Decimal(7000), total_assets=Decimal(9000), rd_expense=Decimal(500),
        )  # fmt: skip
    report = Program.objects.get(key="chongqing-annual-report-2025")
    for year in range(2022, 2026):
        program = report if year == 2025 else Program.objects.create(
            key=f"chongqing-annual-report-{year}", series=report.series, name=f"{year}年度科技信息年报", year=year,
            status="closed", region=report.region, form=report.form, levels=report.levels,
        )  # fmt: skip
        Submission.objects.create(
            program=program, enterprise=enterprise, form=program.form, status="approved", region_path=enterprise.region_path,
            answers={"operating_revenue": "9000", "main_revenue": "7000", "total_assets": "9000", "liabilities": "3000",
                     "rd_expense": "520", "employees": 120, "tech_staff": 30, "above_scale": "yes"},
        )  # fmt: skip
    for key in ("shizhu-kjcx-2024-high-tech", "shizhu-kjcx-2024-ip"):
        program = Program.objects.get(key=key)
        Submission.objects.create(
            program=program, enterprise=enterprise, form=program.form, status="review", region_path=enterprise.region_path,
            answers={"high_tech_kind": "first", "high_tech_date": "2023-12-01", "invention_patents_granted": 4},
        )  # fmt: skip
    return enterprise


def timed(call, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def show(label: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(
        f"{label}: p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms ({len(ordered)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    program_services.load_bundled()
    enterprise = build()
    user = User.objects.filter(enterprise=enterprise).first() or User.objects.create(
        username="13799990001", mobile="13799990001", role=Role.ENTERPRISE, enterprise=enterprise
    )
    result = selectors.match(enterprise, today=date(2024, 4, 15))
    print(f"{connection.vendor}: {len(result['entries'])} entries, {len(result['facts'].all())} facts, "
          f"counts {result['counts']}")  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        selectors.match(enterprise)
    print(f"queries per match: {len(queries)}")
    show("selectors.match", timed(lambda: selectors.match(enterprise), args.runs))
    client = Client()
    client.force_login(user)
    assert client.get("/matcher/").status_code == 200
    show("GET /matcher/", timed(lambda: client.get("/matcher/"), args.runs))
    show("GET /api/v1/matcher", timed(lambda: client.get("/api/v1/matcher"), args.runs))


if __name__ == "__main__":
    main()
