"""科企信息统计表 (S2.7, seed 002 §5.2–§5.3): 区县入库企业情况统计表 and 区县科技型企业年报统计表,
read from the wide fact table of approved annual reports (libraries `ReportFact`, ADR 0019) and the enterprise table.

Definitions (assumptions until the client confirms them, see docs/annual-report.md):
- 注册企业数: enterprises registered on the platform in the district;
- 入库科企数: of those, enterprises whose basic information has passed review (入库);
- 年报科企数: enterprises whose annual report of the year passed both reviews (审核通过);
- 规上工业企业: of those, reports answering 是否规上工业企业 = 是;
- money is reported in 万元 and shown here in 千元 (× 10, exact), as the seed's tables do.
A district officer sees their district; a city officer every district of the city, with the
zones (两江新区、高新区、经开区) whose enterprises are registered in a district shown beside it."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from keqi.declarations.forms import form_of
from keqi.declarations.models import Program, Submission
from keqi.enterprises.models import Enterprise, ReviewStatus
from keqi.libraries.models import ReportFact
from keqi.reference.models import Region

ANNUAL_SERIES = "chongqing-annual-report"
PASSED = Submission.Status.APPROVED
THOUSAND_PER_WAN = Decimal(10)
NO_ZONE = "--"

ENTERPRISE_TABS = {
    "reports": "年报数量",
    "scale": "企业规模",
    "sector": "产业类别",
    "field": "高新技术领域",
}
# tab → (label, [(figure key, column label, is money)])
ANNUAL_TABS = {
    "operations": (
        "经营概况",
        [
            ("operating_revenue", "营业收入（千元）", True),
            ("main_revenue", "主营业务收入（千元）", True),
            ("total_profit", "利润总额（千元）", True),
            ("net_profit", "净利润（千元）", True),
            ("taxes", "上缴税费（千元）", True),
            ("export_value", "出口额（千元）", True),
            ("rd_expense", "研发经费支出（千元）", True),
        ],
    ),
    "people": (
        "人员和研发平台概况",
        [
            ("employees", "从业人员总数（人）", False),
            ("tech_staff", "科技人员数（人）", False),
            ("rd_staff", "研发人员数（人）", False),
            ("doctors", "博士人数（人）", False),
            ("masters", "硕士人数（人）", False),
            ("platforms_national", "国家级研发平台（个）", False),
            ("platforms_city", "市级研发平台（个）", False),
            ("platforms_county", "区县级研发平台（个）", False),
        ],
    ),
    "achievements": (
        "科技成果概况",
        [
            ("invention_applied", "发明专利申请数（件）", False),
            ("invention_granted", "发明专利授权数（件）", False),
            ("utility_granted", "实用新型专利授权数（件）", False),
            ("design_granted", "外观设计专利授权数（件）", False),
            ("software_copyrights", "软件著作权登记数（件）", False),
            ("standards_led", "主导制定标准数（项）", False),
            ("standards_joined", "参与制定标准数（项）", False),
            ("hitech_products", "高新技术产品数（个）", False),
        ],
    ),
}
CATEGORY_FIELDS = {"scale": "scale", "sector": "sector", "field": "high_tech_field"}


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    total: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def all_rows(self) -> list[list]:
        return [*self.rows, self.total] if self.total else list(self.rows)


def years() -> list[int]:
    return sorted(set(Program.objects.filter(series=ANNUAL_SERIES).values_list("year", flat=True)), reverse=True)


def parse_year(value) -> tuple[int | None, str]:
    """(year, problem): the chosen year, else the latest with the reason in Chinese."""
    known = years()
    default = known[0] if known else None
    text = str(value or "").strip()
    if not text:
        return default, ""
    if not (text.isdigit() and len(text) == 4):
        return default, f"年份“{text[:20]}”不是四位数字年份，已显示默认年份"
    if int(text) not in known:
        return default, f"{text}年没有年报数据，已显示默认年份"
    return int(text), ""


def base_region(user) -> Region | None:
    """The region the officer's tables cover (administrators: the annual report's region)."""
    if getattr(user, "region_id", None):
        return user.region
    program = Program.objects.filter(series=ANNUAL_SERIES).select_related("region").order_by("-year").first()
    return program.region if program else None


def districts(user) -> list[Region]:
    base = base_region(user)
    if base is None:
        return []
    return list(Region.objects.filter(level=Region.Level.COUNTY, path__startswith=base.path).order_by("code"))


def _reports(base: Region, year: int | None):
    """Approved reports of the year in the region, read from the wide fact table kept in step with
    decisions (keqi.libraries, ADR 0019): one row per report instead of ~40 EAV figures."""
    return ReportFact.objects.filter(year=year, region_path__startswith=base.path)


def _by_district(rows, key: str = "n") -> dict[int, int]:
    return {row["district"]: row[key] for row in rows}


def zones_of(base: Region) -> dict[int, str]:
    names: dict[int, set[str]] = defaultdict(set)
    pairs = (
        Enterprise.objects.filter(region_path__startswith=base.path, zone__isnull=False)
        .values_list("region_id", "zone__name")
        .distinct()
    )
    for region_id, name in pairs:
        names[region_id].add(name)
    return {region_id: "、".join(sorted(found)) for region_id, found in names.items()}


def _choices(year: int | None, key: str) -> list[tuple[str, str]]:
    program = Program.objects.filter(series=ANNUAL_SERIES, year=year).select_related("form").first()
    if program is None:
        return []
    spec = next((f for f in form_of(program.form).all_fields() if f.key == key), None)
    return list(spec.choice_list()) if spec else []


def enterprise_table(user, year: int | None, tab: str = "reports") -> Table:
    """区县入库企业情况统计表, one of its tabs (年报数量, 企业规模, 产业类别, 高新技术领域)."""
    base = base_region(user)
    regions = districts(user)
    title = f"区县入库企业情况统计表（{year or '—'}年，{ENTERPRISE_TABS.get(tab, '年报数量')}）"
    if base is None:
        return Table(title, ["序号", "区县"], notes=["没有可统计的区域"])
    reports = _reports(base, year)
    if tab in CATEGORY_FIELDS:
        choices = _choices(year, CATEGORY_FIELDS[tab])
        counts: dict[tuple[int, str], int] = {}
        column = CATEGORY_FIELDS[tab]
        for row in reports.values("region_id", column).annotate(n=Count("id")):
            counts[(row["region_id"], row[column])] = row["n"]
        reported_by = _by_district(reports.values(district=F("region_id")).annotate(n=Count("id")))
        headers = ["序号", "区县", *[f"{label}（家）" for _value, label in choices], "年报科企数（家）"]
        table = Table(title, headers)
        for index, region in enumerate(regions, start=1):
            cells = [counts.get((region.pk, value), 0) for value, _label in choices]
            table.rows.append([index, region.name, *cells, reported_by.get(region.pk, 0)])
        table.total = ["", "合计", *[sum(row[i] for row in table.rows) for i in range(2, len(headers))]]
        return table
    registered = _by_district(
        Enterprise.objects.filter(region_path__startswith=base.path)
        .values(district=F("region_id"))
        .annotate(n=Count("id"))
    )
    stored = _by_district(
        Enterprise.objects.filter(region_path__startswith=base.path, review_status=ReviewStatus.APPROVED)
        .values(district=F("region_id"))
        .annotate(n=Count("id"))
    )
    counted = reports.values(district=F("region_id")).annotate(
        n=Count("id"), above=Count("id", filter=Q(above_scale=1))
    )
    reported = _by_district(counted)
    above = _by_district(counted, "above")
    zones = zones_of(base)
    table = Table(
        title,
        [
            "序号",
            "区县",
            "两江新区/高新区、经开区",
            "注册企业数（家）",
            "入库科企数（家）",
            "年报科企数（家）",
            "规上工业企业（家）",
        ],
    )
    for index, region in enumerate(regions, start=1):
        table.rows.append(
            [
                index,
                region.name,
                zones.get(region.pk, NO_ZONE),
                registered.get(region.pk, 0),
                stored.get(region.pk, 0),
                reported.get(region.pk, 0),
                above.get(region.pk, 0),
            ]
        )
    table.total = ["", "合计", NO_ZONE, *[sum(row[i] for row in table.rows) for i in range(3, 7)]]
    return table


def _exact(value: Decimal | None) -> Decimal:
    if value is None:
        return Decimal(0)
    text = format(value.normalize(), "f")
    return Decimal(text)


def annual_table(user, year: int | None, tab: str = "operations") -> Table:
    """区县科技型企业年报统计表, one of its tabs (经营概况, 人员和研发平台概况, 科技成果概况)."""
    label, columns = ANNUAL_TABS.get(tab, ANNUAL_TABS["operations"])
    base = base_region(user)
    regions = districts(user)
    title = f"区县科技型企业年报统计表（{year or '—'}年，{label}）"
    headers = ["序号", "区县", "年报科企数（家）", *[c[1] for c in columns]]
    if base is None:
        return Table(title, headers, notes=["没有可统计的区域"])
    reports = _reports(base, year)
    sums: dict[tuple[int, str], Decimal] = {}
    reported: dict[int, int] = {}
    rows = reports.values("region_id").annotate(n=Count("id"), **{c[0]: Sum(c[0]) for c in columns})
    for row in rows:
        reported[row["region_id"]] = row["n"]
        for key, _label, _money in columns:
            sums[(row["region_id"], key)] = None if row[key] is None else Decimal(row[key])
    table = Table(title, headers)
    for index, region in enumerate(regions, start=1):
        cells = []
        for key, _label, money in columns:
            value = _exact(sums.get((region.pk, key)))
            cells.append(_exact(value * THOUSAND_PER_WAN) if money else int(value))
        table.rows.append([index, region.name, reported.get(region.pk, 0), *cells])
    table.total = ["", "合计", *[_total([row[i] for row in table.rows]) for i in range(2, len(headers))]]
    return table


def _total(values: list):
    total = sum(values, Decimal(0))
    return int(total) if all(isinstance(v, int) for v in values) else _exact(total)
