"""Synthetic enterprises at scale (issue 5): realistic, valid and fast.

    .venv/bin/python bench/generate.py N [--seed S] [--no-migrate]

Creates N enterprises in the database named by DATABASE_URL / KEQI_VAR_DIR (migrating it
first): valid USCCs (both check characters), registered regions drawn in proportion to the
2020 census population of Chongqing's and Beijing's districts (some in development zones),
GB/T 4754-2017 industries weighted towards manufacturing and software, full profiles
(registration type, legal representative, dates, capital in 万元, personnel), a primary contact
with a mobile number, 入库 (tech_sme) and high-tech qualifications (each 入库 with its registered
evaluation and figures), and info-change requests
in every review state with their review records. Also creates bench officers (password
Bench@2026): bench_cq_city (重庆市), bench_cq_shapingba (沙坪坝区), bench_bj_changping (昌平区).

Rows are built in memory in chunks and written with bulk_create; 100,000 enterprises take
well under five minutes on SQLite and PostgreSQL (figures in docs/performance.md).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keqi.settings")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from keqi.accounts.models import Role, User  # noqa: E402
from keqi.core.identifiers import make_uscc  # noqa: E402
from keqi.declarations.models import Figure, Submission  # noqa: E402
from keqi.declarations.tests.tech_sme import program as tech_sme_program  # noqa: E402
from keqi.enterprises.models import Contact, Enterprise, InfoChangeRequest, Qualification, ReviewStatus  # noqa: E402
from keqi.reference.models import Industry, Region  # noqa: E402

CHUNK = 5_000
PASSWORD = "Bench@2026"

# 2020 census population (万人) of county-level divisions: enterprises are drawn in proportion.
POPULATION = {
    # Chongqing (两江新区 stands for the former 江北区 + 渝北区)
    "500101": 156, "500102": 112, "500103": 59, "500104": 42, "500106": 147, "500107": 153, "500108": 119,
    "500109": 83, "500110": 101, "500111": 83, "500113": 118, "500114": 49, "500115": 69, "500116": 136,
    "500117": 124, "500118": 115, "500119": 58, "500120": 76, "500151": 69, "500152": 69, "500153": 67,
    "500154": 120, "500155": 65, "500156": 35, "500157": 312, "500229": 20, "500230": 56, "500231": 65,
    "500233": 72, "500235": 93, "500236": 74, "500237": 46, "500238": 39, "500240": 39, "500241": 49,
    "500242": 61, "500243": 49,
    # Beijing
    "110101": 71, "110102": 111, "110105": 345, "110106": 202, "110107": 57, "110108": 313, "110109": 39,
    "110111": 131, "110112": 184, "110113": 132, "110114": 227, "110115": 199, "110116": 44, "110117": 46,
    "110118": 53, "110119": 35,
}  # fmt: skip
# Share of a district's enterprises that sit in a development zone.
ZONES = {"110114": ("Z11011401", 0.3), "500106": ("Z50010001", 0.35), "500107": ("Z50010001", 0.25),
         "500108": ("Z50010002", 0.3), "110115": ("Z11010001", 0.3)}  # fmt: skip
SECTION_WEIGHTS = {"C": 40, "I": 24, "M": 14, "F": 7, "E": 4, "L": 3, "N": 2, "D": 2, "O": 1, "R": 1, "A": 2}
REGISTRATION_TYPES = (
    (["173"] * 70) + (["174"] * 8) + (["159"] * 6) + (["160"] * 5) + ["171", "172", "151", "190", "310", "330", "230"]
)
HIGH_TECH_FIELDS = ["electronic_information", "biomedicine", "aerospace", "new_materials", "high_tech_services",
                    "new_energy", "resources_environment", "advanced_manufacturing", ""]  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力鑫宇浩然子轩欣怡晨思雨博文佳琪梓涵俊杰嘉懿"
WORDS = ["创新", "智联", "华信", "天成", "博远", "恒达", "瑞丰", "鼎盛", "科创", "云图", "数智", "精工", "新材", "中科",
         "长江", "巴渝", "嘉陵", "山城", "京华", "燕山", "汇通", "聚源", "同创", "启明", "星辰", "海纳", "宏图", "锐思",
         "睿达", "微芯", "蓝海", "绿能", "金桥", "九州", "万向", "东方", "西部", "鸿蒙", "凌云", "天宇"]  # fmt: skip
KINDS_BY_SECTION = {"C": ["智能装备", "精密机械", "新材料", "电子", "汽车零部件", "医疗器械"], "I": ["软件", "信息技术", "数据科技", "网络科技"],
                    "M": ["科技", "检测技术", "工程技术", "生物技术"]}  # fmt: skip
MOBILE_PREFIXES = ["138", "139", "136", "137", "135", "158", "159", "186", "187", "189", "177", "199", "152", "183"]


def weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-migrate", action="store_true")
    parser.add_argument("--no-reports", action="store_true", help="skip the four years of annual reports")
    parser.add_argument("--reports-only", action="store_true", help="only add annual reports to stored enterprises")
    args = parser.parse_args()
    started = time.perf_counter()
    if not args.no_migrate:
        call_command("migrate", verbosity=0)
    if args.reports_only:
        annual_reports(random.Random(args.seed + 1), started)
        return
    rng = random.Random(args.seed)
    regions = {r.code: r for r in Region.objects.filter(code__in=[*POPULATION, *[z for z, _ in ZONES.values()]])}
    missing = [code for code in POPULATION if code not in regions]
    if missing:
        raise SystemExit(f"regions missing from the reference data: {missing}")
    region_codes = list(POPULATION)
    region_weights = [POPULATION[c] for c in region_codes]
    industries: dict[str, list[Industry]] = {}
    for industry in Industry.objects.filter(level=4):
        industries.setdefault(industry.section, []).append(industry)
    sections = [s for s in SECTION_WEIGHTS if s in industries]
    section_weights = [SECTION_WEIGHTS[s] for s in sections]
    year = timezone.localdate().year
    today = timezone.localdate()
    first_serial = (Enterprise.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    officers(regions)
    made = 0
    while made < args.n:
        size = min(CHUNK, args.n - made)
        chunk(
            rng,
            size,
            first_serial + made,
            regions,
            region_codes,
            region_weights,
            industries,
            sections,
            section_weights,
            year,
            today,
        )
        made += size
        print(f"{made:>8,} enterprises  {time.perf_counter() - started:6.1f} s", flush=True)
    if not args.no_reports:
        annual_reports(random.Random(args.seed + 1), started)
    if connection.vendor == "postgresql":
        # What autovacuum would do shortly after a bulk load: planner statistics and the
        # visibility map (index-only scans for counts).
        with connection.cursor() as cursor:
            for table in ("enterprises_enterprise", "enterprises_contact", "enterprises_qualification",
                          "enterprises_infochangerequest", "declarations_submission", "declarations_figure"):  # fmt: skip
                cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"done: {args.n:,} enterprises in {time.perf_counter() - started:.1f} s")


def evaluation_declarations(rows) -> None:
    """Approved tech-sme declarations with their figures, as the program host stores them."""
    programs = {year: tech_sme_program(year) for year in sorted({year for _e, year, _f in rows})}
    submissions = [
        Submission(
            program=programs[year],
            enterprise_id=enterprise.pk,
            form_id=programs[year].form_id,
            status="approved",
            level=1,
            region_path=enterprise.region_path,
            zone_path=enterprise.zone_path,
        )
        for enterprise, year, _figures in rows
    ]
    Submission.objects.bulk_create(submissions, batch_size=2000)
    Figure.objects.bulk_create(
        [
            Figure(submission_id=submission.pk, key=key, number=value)
            for submission, (_e, _y, figures) in zip(submissions, rows, strict=True)
            for key, value in figures.items()
        ],
        batch_size=5000,
    )


def officers(regions) -> None:
    for username, role, code in (
        ("bench_cq_city", Role.CITY, "500000"),
        ("bench_cq_shapingba", Role.DISTRICT, "500106"),
        ("bench_bj_changping", Role.DISTRICT, "110114"),
    ):
        User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "region": Region.objects.get(code=code),
                "password": make_password(PASSWORD),
                "display_name": username,
            },
        )


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def money(rng: random.Random, low: int, high: int) -> Decimal:
    """万元 with 4 places, log-uniform between low and high."""
    value = low * (high / low) ** rng.random()
    return Decimal(int(value * 10_000)).scaleb(-4)


@transaction.atomic
def chunk(
    rng, size, serial0, regions, region_codes, region_weights, industries, sections, section_weights, year, today
):
    enterprises = []
    codes = rng.choices(region_codes, weights=region_weights, k=size)
    for offset, code in enumerate(codes):
        serial = serial0 + offset
        region = regions[code]
        zone = None
        if code in ZONES and rng.random() < ZONES[code][1]:
            zone = regions[ZONES[code][0]]
        section = rng.choices(sections, weights=section_weights)[0]
        industry = rng.choice(industries[section])
        kind = rng.choice(KINDS_BY_SECTION.get(section, ["科技", "实业", "发展"]))
        city = "重庆" if code.startswith("50") else "北京"
        name = f"{city}{rng.choice(WORDS)}{rng.choice(WORDS)}{kind}有限公司"
        established = date(1995, 1, 1) + timedelta(days=int((today - date(1995, 1, 1)).days * rng.random() ** 0.6))
        employees = int(5 * (160 ** rng.random()))
        tech = rng.randint(0, employees)
        enterprises.append(
            Enterprise(
                name=name if rng.random() < 0.9 else f"{name[:-4]}{serial % 97}号有限公司",
                uscc=make_uscc(code, serial),
                registration_type=rng.choice(REGISTRATION_TYPES),
                industry_id=industry.pk,
                industry_section=industry.section,
                industry_code=industry.code,
                legal_representative=person(rng),
                established_date=established,
                region=region,
                zone=zone,
                region_path=region.path,
                zone_path=zone.path if zone else "",
                tax_collection_method="audit" if rng.random() < 0.92 else "fixed",
                address=f"{region.full_name}{rng.choice(WORDS)}路{rng.randint(1, 999)}号",
                registered_capital=money(rng, 10, 50_000),
                business_scope=f"{kind}的研发、生产、销售；技术咨询、技术服务。",
                high_tech_field=rng.choice(HIGH_TECH_FIELDS),
                employees=employees,
                tech_staff=tech,
                rd_staff=rng.randint(0, tech),
                graduates=rng.randint(tech, employees),
            )
        )
    Enterprise.objects.bulk_create(enterprises, batch_size=1000)
    if not enterprises[0].pk:  # backends without RETURNING on bulk insert
        by_uscc = dict(Enterprise.objects.filter(uscc__in=[e.uscc for e in enterprises]).values_list("uscc", "pk"))
        for enterprise in enterprises:
            enterprise.pk = enterprise.id = by_uscc[enterprise.uscc]
    contacts, qualifications, requests, evaluations = [], [], [], []
    statuses = []
    for enterprise in enterprises:
        contacts.append(
            Contact(
                enterprise_id=enterprise.pk,
                name=person(rng),
                position=rng.choice(["科技负责人", "财务负责人", "总经理助理", "研发主管"]),
                mobile=rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}",
                is_primary=True,
            )
        )
        first_year = max(enterprise.established_date.year + 1, year - 4)
        for stored_year in range(first_year, year + 1):
            if rng.random() < 0.35:
                qualifications.append(
                    Qualification(
                        enterprise_id=enterprise.pk,
                        kind="tech_sme",
                        number=f"{stored_year}{enterprise.uscc[2:8]}A{enterprise.pk % 100_000:05d}",
                        year=stored_year,
                        issued_on=date(stored_year, 6, 30),
                        valid_until=date(stored_year, 12, 31),
                    )
                )
                # the registered evaluation behind it (a tech-sme declaration on the program
                # host), with the figures the custom query shows
                main_revenue = money(rng, 50, 20_000)
                figures = {
                    "main_revenue": main_revenue,
                    "sales_revenue": main_revenue + money(rng, 1, 500),
                    "assessment_total": rng.randint(60, 100),
                }
                evaluations.append((enterprise, stored_year, figures))
        if rng.random() < 0.1:
            issued = date(rng.randint(year - 3, year), 11, 1)
            qualifications.append(
                Qualification(
                    enterprise_id=enterprise.pk,
                    kind="high_tech",
                    number=f"GR{issued.year}{enterprise.pk:08d}",
                    year=issued.year,
                    issued_on=issued,
                    valid_until=date(issued.year + 3, 10, 31),
                )
            )
        if rng.random() < 0.15:
            status = rng.choices(["pending", "approved", "rejected"], weights=[4, 4, 2])[0]
            new_address = f"{enterprise.region.full_name}{rng.choice(WORDS)}大道{rng.randint(1, 999)}号"
            requests.append(
                InfoChangeRequest(
                    enterprise_id=enterprise.pk,
                    status=status,
                    changes={"address": [enterprise.address, new_address]},
                    base_version=1,
                    opinion=""
                    if status == "pending"
                    else ("同意变更" if status == "approved" else "请补充住所变更证明材料"),
                )
            )
            statuses.append((enterprise.pk, status))
    Contact.objects.bulk_create(contacts, batch_size=2000)
    Qualification.objects.bulk_create(qualifications, batch_size=2000)
    InfoChangeRequest.objects.bulk_create(requests, batch_size=2000)
    evaluation_declarations(evaluations)
    for status in (ReviewStatus.PENDING, ReviewStatus.APPROVED, ReviewStatus.REJECTED):
        ids = [pk for pk, s in statuses if s == status]
        if ids:
            Enterprise.objects.filter(pk__in=ids).update(review_status=status)


REPORT_YEARS = (2022, 2023, 2024, 2025)


def insert_rows(model, rows: list[dict]) -> None:
    """A plain multi-row INSERT through the database cursor: the ORM's bulk_create spends most of
    its time preparing each value (measured: 60 % of the report phase)."""
    if not rows:
        return
    columns = list(rows[0])
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",
                [tuple(row[c] for c in columns) for row in rows[start : start + 1000]],
            )


SCALES = ["large", "medium", "small", "micro"]
SECTORS = ["primary", "secondary", "secondary", "tertiary", "tertiary"]
REPORT_FIELDS = ["electronics", "biomedicine", "aerospace", "materials", "services", "energy", "environment",
          "manufacturing", "none"]  # fmt: skip


def annual_reports(rng: random.Random, started: float) -> None:
    """Four approved 科技信息年报 (2022–2025) for every stored enterprise, with their fact rows
    (libraries.ReportFact, what approval writes; ADR 0019). Figures follow skewed distributions:
    revenue log-uniform 10 … 200,000 万元 growing −20 % … +60 % a year, staff 3 … 3,000,
    tech staff 0–40 %, R&D 0–12 % of main revenue. The EAV `Figure` rows are not written (40
    per report); the read path does not use them."""
    from keqi.declarations import program_services
    from keqi.declarations.models import Submission
    from keqi.libraries import facts
    from keqi.libraries.models import ReportFact

    path = Path(__file__).resolve().parents[1] / "keqi/declarations/programs/chongqing-annual-report-2025.json"

    base = json.loads(path.read_text(encoding="utf-8"))
    programs = {}
    for year in REPORT_YEARS:
        data = {**base, "key": f"chongqing-annual-report-{year}", "year": year, "name": f"{year}年度重庆市科技型企业科技信息年报",
                "status": "closed", "windows": [{"opens": f"{year + 1}-01-01T00:00:00", "closes": f"{year + 1}-03-31T23:59:59"}]}  # fmt: skip
        programs[year] = program_services.load(data)
    done = set(
        Submission.objects.filter(program__in=programs.values()).values_list("enterprise_id", flat=True).distinct()
    )
    ids = [i for i in Enterprise.objects.order_by("id").values_list("id", flat=True) if i not in done]
    submitted = timezone.now()
    made = 0
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        enterprises = Enterprise.objects.in_bulk(part)
        plans = []
        for eid in part:
            enterprise = enterprises[eid]
            revenue = money(rng, 10, 200_000)
            employees = int(math.exp(rng.uniform(math.log(3), math.log(3000))))
            per_year = {}
            for year in REPORT_YEARS:
                revenue = (revenue * Decimal(str(round(rng.uniform(0.8, 1.6), 2)))).quantize(Decimal("0.0001"))
                main = (revenue * Decimal(str(round(rng.uniform(0.6, 1), 2)))).quantize(Decimal("0.0001"))
                rd = (main * Decimal(str(round(rng.uniform(0, 0.12), 3)))).quantize(Decimal("0.0001"))
                employees = max(1, int(employees * rng.uniform(0.9, 1.3)))
                tech = int(employees * rng.uniform(0, 0.4))
                answers = {
                    "scale": rng.choice(SCALES), "operating_revenue": str(revenue), "main_revenue": str(main),
                    "total_profit": str((revenue * Decimal("0.08")).quantize(Decimal("0.0001"))),
                    "total_assets": str(money(rng, 10, 300_000)), "rd_expense": str(rd),
                    "rd_domestic": str((rd * Decimal(str(round(rng.uniform(0.4, 1), 2)))).quantize(Decimal("0.0001"))),
                    "hitech_revenue": str((revenue * Decimal(str(round(rng.uniform(0, 1), 2)))).quantize(Decimal("0.0001"))),
                    "employees": str(employees), "tech_staff": str(tech), "rd_staff": str(int(tech * rng.uniform(0.3, 1))),
                    "invention_granted": str(rng.choice([0, 0, 0, 1, 1, 2, 3, 5, 8, 12])),
                    "utility_granted": str(rng.choice([0, 0, 1, 2, 4, 9])), "software_copyrights": str(rng.choice([0, 1, 3])),
                    "is_high_tech": rng.choice(["yes", "no", "no"]), "major_incident": rng.choice(["no"] * 30 + ["yes"]),
                    "above_scale": rng.choice(["yes", "no", "no"]),
                    "sector": rng.choice(SECTORS),
                    "high_tech_field": rng.choice(REPORT_FIELDS),
                    "net_profit": str((revenue * Decimal("0.06")).quantize(Decimal("0.0001"))),
                    "taxes": str((revenue * Decimal("0.03")).quantize(Decimal("0.0001"))),
                    "export_value": str((revenue * Decimal(str(rng.choice([0, 0, 0.1, 0.3])))).quantize(Decimal("0.0001"))),
                    "invention_applied": str(rng.choice([0, 1, 2, 4, 10])),
                    "design_granted": str(rng.choice([0, 0, 1, 3])),
                    "standards_led": str(rng.choice([0, 0, 0, 1])),
                    "standards_joined": str(rng.choice([0, 0, 1, 2])),
                    "doctors": str(rng.choice([0, 0, 0, 1, 2])),
                    "masters": str(rng.choice([0, 1, 2, 5])),
                    "platforms_national": str(rng.choice([0] * 20 + [1])),
                    "platforms_city": str(rng.choice([0] * 6 + [1])),
                    "platforms_county": str(rng.choice([0] * 3 + [1])),
                    "hitech_products": str(rng.choice([0, 0, 1, 2, 4])),
                }  # fmt: skip
                per_year[year] = answers
            plans.append((enterprise, per_year))
        with transaction.atomic():
            submission_rows = [
                {
                    "program_id": programs[year].pk,
                    "enterprise_id": enterprise.pk,
                    "form_id": programs[year].form_id,
                    "status": Submission.Status.APPROVED,
                    "level": 2,
                    "region_path": enterprise.region_path,
                    "zone_path": enterprise.zone_path,
                    "answers": json.dumps(answers, ensure_ascii=False),
                    "version": 1,
                    "last_opinion": "",
                    "submitted_at": submitted,
                    "created_at": submitted,
                    "updated_at": submitted,
                }
                for enterprise, per_year in plans
                for year, answers in per_year.items()
            ]
            insert_rows(Submission, submission_rows)
            by_key = {
                (e, p): i
                for e, p, i in Submission.objects.filter(
                    enterprise_id__in=part, program__in=programs.values()
                ).values_list("enterprise_id", "program_id", "pk")
            }
            rows = []
            for enterprise, per_year in plans:
                figures = {
                    y: facts.figures_from_answers(a, y, enterprise.established_date) for y, a in per_year.items()
                }
                first = facts.link_years(figures)
                for year, row in figures.items():
                    rows.append(
                        {
                            "enterprise_id": enterprise.pk,
                            "submission_id": by_key[(enterprise.pk, programs[year].pk)],
                            "year": year,
                            "region_id": enterprise.region_id,
                            "region_path": enterprise.region_path,
                            "zone_path": enterprise.zone_path,
                            "name": enterprise.name,
                            "uscc": enterprise.uscc,
                            "established_date": enterprise.established_date,
                            "growth_first_year": first,
                            **row,
                        }
                    )
            insert_rows(ReportFact, rows)
            submissions = submission_rows
        made += len(submissions)
        print(f"{made:>9,} annual reports  {time.perf_counter() - started:6.1f} s", flush=True)
    facts.bump()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("declarations_submission", "libraries_reportfact"):
                cursor.execute(f"VACUUM ANALYZE {table}")


if __name__ == "__main__":
    main()
