"""A known set of approved annual reports over three years, with values on and around every
default threshold, for the libraries' tests."""

import random
from datetime import date
from decimal import Decimal

from keqi.declarations import program_services
from keqi.declarations.models import Submission
from keqi.declarations.tests.test_annual_report import annual_data

DISTRICTS = ("500240", "500109", "500106")  # 石柱, 北碚, 沙坪坝
YEARS = (2023, 2024, 2025)
# Values on, just under and just over the default thresholds, plus ordinary ones.
MONEY = ["0", "1", "100", "499.9999", "500", "600", "720", "864", "1000", "4999.9999", "5000", "5000.0001",
         "12000", "20000", "20000.0001", "30000", "50000", "80000"]  # fmt: skip
COUNTS = ["0", "1", "3", "5", "7", "9", "10", "11", "30", "100", "499", "500", "501"]


def programs():
    return {year: program_services.load(annual_data(year)) for year in YEARS}


def answers(rng: random.Random, previous: dict | None) -> dict:
    employees = int(rng.choice(COUNTS[1:]))
    revenue = Decimal(rng.choice(MONEY))
    if previous and rng.random() < 0.5:  # growth on the 20 % boundary or around it
        base = Decimal(previous["operating_revenue"])
        revenue = (base * Decimal(rng.choice(["1.2", "1.19", "1.5", "1", "2"]))).quantize(Decimal("0.0001"))
    main = min(revenue, Decimal(rng.choice(MONEY)))
    rd = (main * Decimal(rng.choice(["0.03", "0.04", "0.05", "0.0499", "0.06", "0.01"]))).quantize(Decimal("0.0001"))
    values = {
        "operating_revenue": str(revenue),
        "main_revenue": str(main),
        "total_assets": rng.choice(MONEY),
        "rd_expense": str(rd),
        "rd_domestic": str((rd * Decimal(rng.choice(["0.6", "0.59", "1", "0.3"]))).quantize(Decimal("0.0001"))),
        "hitech_revenue": str(
            (revenue * Decimal(rng.choice(["0.6", "0.5999", "0.9", "0"]))).quantize(Decimal("0.0001"))
        ),
        "employees": str(employees),
        "tech_staff": str(min(employees, int(employees * rng.choice([0.1, 0.09, 0.2, 0, 1])))),
        "rd_staff": str(min(employees, int(employees * rng.choice([0.1, 0.05, 0.3])))),
        "invention_granted": rng.choice(COUNTS[:7]),
        "utility_granted": rng.choice(["0", "0", "1", "2"]),
        "software_copyrights": rng.choice(["0", "1"]),
        "is_high_tech": rng.choice(["yes", "no"]),
        "major_incident": rng.choice(["no", "no", "no", "yes", None]),
    }
    if rng.random() < 0.08:  # an unknown figure: never a "no"
        values[rng.choice(["rd_domestic", "hitech_revenue", "employees"])] = None
    return {k: v for k, v in values.items() if v is not None}


def build(make_enterprise, count: int = 90, seed: int = 7):
    """`count` enterprises; most file 2023–2025, some skip a year. Returns (programs, enterprises)."""
    rng = random.Random(seed)
    editions = programs()
    enterprises = []
    for i in range(count):
        district = DISTRICTS[i % len(DISTRICTS)]
        established = rng.choice(
            [date(2025, 1, 1), date(2024, 12, 31), date(2025, 1, 2), date(2021, 6, 1), date(2022, 1, 1), None]
        )
        enterprise = make_enterprise(district, name=f"筛选企业{i:03d}", established_date=established)
        enterprises.append(enterprise)
        previous = None
        for year in YEARS:
            if rng.random() < 0.1:
                previous = None
                continue
            data = answers(rng, previous)
            Submission.objects.create(
                program=editions[year],
                enterprise=enterprise,
                form=editions[year].form,
                status=Submission.Status.APPROVED,
                region_path=enterprise.region_path,
                zone_path=enterprise.zone_path,
                answers=data,
            )
            previous = data
    return editions, enterprises
