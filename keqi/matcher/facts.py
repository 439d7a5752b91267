"""What the platform knows about one enterprise, each fact with where it came from (X3):
the profile, the counted qualifications, the 科技型中小企业评价 of each year, the annual reports
and the IP register. A handful of queries, whatever the number of years."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from keqi.declarations import assessment
from keqi.declarations.models import Submission
from keqi.enterprises.models import IntellectualProperty
from keqi.enterprises.selectors import counted_qualifications

ANNUAL_REPORT_SERIES = "chongqing-annual-report"
TECH_SME_SERIES = "tech-sme"
QUALIFICATION_NAMES = {
    "tech_sme": "科技型中小企业",
    "innovative_sme": "创新型中小企业",
    "specialized_sme": "专精特新中小企业",
    "little_giant": "专精特新“小巨人”企业",
    "high_tech": "高新技术企业",
}
# Annual report answers → fact keys (the report of year R holds the figures of year R-1).
REPORT_FIGURES = {
    "operating_revenue": "operating_revenue",
    "main_revenue": "main_revenue",
    "total_assets": "total_assets",
    "liabilities": "total_liabilities",
    "rd_expense": "rd_expense",
    "net_profit": "net_profit",
    "employees": "employees",
    "tech_staff": "tech_staff",
    "hitech_revenue": "high_tech_income",
}
# The evaluation's figures (its promoted fields and `figures`) → fact keys.
EVALUATION_FIGURES = {
    "employees": "employees",
    "tech_staff": "tech_staff",
    "sales_revenue": "sales_revenue",
    "main_revenue": "main_revenue",
    "total_assets": "total_assets",
    "rd_expense": "rd_expense",
}
FIGURE_LABELS = {
    "operating_revenue": "营业收入（万元）",
    "sales_revenue": "销售收入（万元）",
    "main_revenue": "主营业务收入（万元）",
    "total_assets": "资产总额（万元）",
    "total_liabilities": "负债总额（万元）",
    "rd_expense": "研发费用（万元）",
    "net_profit": "净利润（万元）",
    "employees": "职工总数",
    "tech_staff": "科技人员数",
    "high_tech_income": "高新技术产品（服务）收入（万元）",
}


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    value: object
    source: str

    def shown(self) -> str:
        if isinstance(self.value, list):
            return f"共 {len(self.value)} 件"
        if isinstance(self.value, dict):
            verdict = {True: "符合", False: "不符合", None: "待定"}.get(self.value.get("qualified"), "待定")
            return f"自评{verdict}"
        if isinstance(self.value, bool):
            return "是" if self.value else "否"
        if isinstance(self.value, Decimal):
            return format(self.value.normalize(), "f")
        if isinstance(self.value, date):
            return self.value.isoformat()
        return str(self.value)


@dataclass
class Facts:
    enterprise: object
    today: date
    items: dict[str, Fact] = field(default_factory=dict)
    # data year -> {figure key -> Fact}
    years: dict[int, dict[str, Fact]] = field(default_factory=dict)
    qualifications: list = field(default_factory=list)
    held: list = field(default_factory=list)

    def add(self, key: str, label: str, value, source: str) -> None:
        if value is not None and value != "":
            self.items.setdefault(key, Fact(key, label, value, source))

    def get(self, key: str):
        found = self.items.get(key)
        return None if found is None else found.value

    def figure(self, year: int, key: str):
        found = self.years.get(year, {}).get(key)
        return None if found is None else found.value

    def latest_year(self) -> int | None:
        return max(self.years) if self.years else None

    def of_kind(self, kind: str) -> list:
        return [q for q in self.qualifications if q.kind == kind]

    def holds(self, kind: str) -> bool:
        return any(q.kind == kind for q in self.held)

    def all(self) -> list[Fact]:
        figures = [fact for year in sorted(self.years, reverse=True) for fact in self.years[year].values()]
        return list(self.items.values()) + figures


def _figure(facts: Facts, year: int, key: str, value, source: str) -> None:
    if value is None or value == "":
        return
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return
    bucket = facts.years.setdefault(year, {})
    if key not in bucket:
        bucket[key] = Fact(f"{key}@{year}", f"{year}年{FIGURE_LABELS[key]}", number, source)


def gather(enterprise, today: date) -> Facts:
    facts = Facts(enterprise=enterprise, today=today)
    facts.add("region", "注册地", enterprise.region.full_name, "企业信息")
    facts.add("established_date", "成立日期", enterprise.established_date, "企业信息")
    facts.qualifications = counted_qualifications(enterprise)
    facts.held = [q for q in facts.qualifications if q.is_valid_on(today)]
    for q in facts.qualifications:
        name = QUALIFICATION_NAMES.get(q.kind)
        if name and q.is_valid_on(today):
            until = f"，有效期至{q.valid_until.isoformat()}" if q.valid_until else ""
            facts.add(
                f"holds_{q.kind}",
                name,
                f"已认定{('（' + q.issued_on.isoformat() + '）') if q.issued_on else ''}{until}",
                f"企业资质（{q.number or '无编号'}）",
            )
    # Annual reports first (the figures as reported), then the evaluations fill the gaps.
    reports = (
        Submission.objects.filter(enterprise=enterprise, program__series=ANNUAL_REPORT_SERIES)
        .exclude(status__in=["draft", "withdrawn"])
        .select_related("program")
        .order_by("-program__year")
    )
    for report in reports:
        year, answers = report.program.year - 1, report.answers
        source = f"{report.program.year}年度科技信息年报"
        for answer_key, key in REPORT_FIGURES.items():
            _figure(facts, year, key, answers.get(answer_key), source)
        if answers.get("above_scale") in ("yes", "no"):
            facts.add("above_scale", "是否规上工业企业", answers["above_scale"] == "yes", source)
    evaluations = (
        Submission.objects.filter(enterprise=enterprise, program__series=TECH_SME_SERIES)
        .exclude(status__in=["draft", "withdrawn"])
        .select_related("program", "enterprise")
        .prefetch_related("figures")
        .order_by("-program__year")
    )
    for evaluation in evaluations:
        year = evaluation.program.year
        source = f"{year}年科技型中小企业评价"
        figures = {figure.key: figure.number for figure in evaluation.figures.all()}
        for figure_key, key in EVALUATION_FIGURES.items():
            _figure(facts, year - 1, key, figures.get(figure_key), source)
        if "tech_sme_assessment" not in facts.items:
            found = assessment.run(evaluation)
            if found and found["result"]:
                facts.add("tech_sme_assessment", "科技型中小企业评价自评结果", found["result"], source)
                facts.add("tech_sme_cost_total", "成本费用总额", evaluation.answers.get("cost_total"), source)
    patents = IntellectualProperty.objects.filter(
        enterprise=enterprise, ip_type__code="invention_patent", is_valid=True
    ).values_list("granted_on", flat=True)
    facts.add("invention_patents", "有效发明专利", sorted(patents), "知识产权登记（按授权日计算）")
    return facts
