"""科企信息统计表 (S2.7, seed 002 §5.2–§5.3): 区县入库企业情况统计表 and 区县科技型企业年报统计表,
read from per-district tallies of the wide fact table of approved annual reports (libraries
`ReportFact`, ADR 0019) and of the enterprise table, kept per process (keqi.reports.tallies, ADR 0026).

Definitions (assumptions until the client confirms them, see docs/annual-report.md):
- 注册企业数: enterprises registered on the platform in the district;
- 入库科企数: of those, enterprises whose basic information has passed review (入库);
- 年报科企数: enterprises whose annual report of the year passed both reviews (审核通过);
- 规上工业企业: of those, reports answering 是否规上工业企业 = 是;
- money is reported in 万元 and shown here in 千元 (× 10, exact), as the seed's tables do.
A district officer sees their district; a city officer every district of the city, with the
zones (两江新区、高新区、经开区) whose enterprises are registered in a district shown beside it."""

from dataclasses import dataclass, field
from decimal import Decimal

from keqi.declarations.forms import form_of
from keqi.declarations.models import Program, Submission
from keqi.reference.models import Region
from keqi.reports import tallies

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


def zones_of() -> dict[int, str]:
    """District id → the zones (两江新区、高新区、经开区) its enterprises sit in, joined with "、"
    (every district; callers look up the districts in their scope)."""
    return {region: "、".join(sorted(names)) for region, names in tallies.enterprises().zones.items()}


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
    reports = tallies.for_year(year)
    if tab in CATEGORY_FIELDS:
        choices = _choices(year, CATEGORY_FIELDS[tab])
        counts = reports.categories[CATEGORY_FIELDS[tab]]
        headers = ["序号", "区县", *[f"{label}（家）" for _value, label in choices], "年报科企数（家）"]
        table = Table(title, headers)
        for index, region in enumerate(regions, start=1):
            cells = [counts[(region.pk, value)] for value, _label in choices]
            table.rows.append([index, region.name, *cells, reports.reported[region.pk]])
        table.total = ["", "合计", *[sum(row[i] for row in table.rows) for i in range(2, len(headers))]]
        return table
    people = tallies.enterprises()
    zones = zones_of()
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
                people.registered[region.pk],
                people.stored[region.pk],
                reports.reported[region.pk],
                reports.above[region.pk],
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
    reports = tallies.for_year(year)
    table = Table(title, headers)
    for index, region in enumerate(regions, start=1):
        cells = []
        for key, _label, money in columns:
            value = reports.total(key, region.pk)
            cells.append(_exact(value * THOUSAND_PER_WAN) if money else int(value))
        table.rows.append([index, region.name, reports.reported[region.pk], *cells])
    table.total = ["", "合计", *[_total([row[i] for row in table.rows]) for i in range(2, len(headers))]]
    return table


def _total(values: list):
    total = sum(values, Decimal(0))
    return int(total) if all(isinstance(v, int) for v in values) else _exact(total)
