"""高新技术企业认定, ruleset 2016 (国科发火〔2016〕32号 + 195号指引; POLICY-RULES.md §3).

The eight conditions of 第十一条. The innovation-capability score is an expert item: without
``innovation_score`` the machine-checkable conditions still decide ``unmet``, and when
nothing else failed the verdict is open (``qualified`` null, ``pending`` = innovation_score).
Only the IP-quantity and growth sub-items of that score are computable: they are reported as
min/max ranges and never decide a pass.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..assessment import Assessment, Outcome
from ..computations import HIGH_TECH_RD_BANDS, high_tech_growth_rate, high_tech_rd_band
from ..errors import field_error
from ..explain import ratio_below
from ..inputs import AMOUNT, AMOUNT_LIST, BOOL, COUNT, DATE, NUMBER, STAFF, Field
from ..numbers import HUNDRED, ZERO, amount, pct, plain, ratio
from ..rules import Data, Lever, Ruleset, Threshold, WhatIf, quotient
from .common import combined, staff_check

SCHEME = "high_tech"
RULESET = "2016"

REGISTERED_DAYS_MIN = 365
TECH_STAFF_MIN = pct("10")
RD_DOMESTIC_MIN = pct("60")
HIGH_TECH_INCOME_MIN = pct("60")
INNOVATION_PASS_ABOVE = Decimal(70)  # "> 70", i.e. >= 71 in whole points

# Growth sub-scores (净资产增长率, 销售收入增长率), each max 10: (bound, strict, (min, max)).
GROWTH_RANGES = (
    (pct("35"), False, (9, 10)),
    (pct("25"), False, (7, 8)),
    (pct("15"), False, (5, 6)),
    (pct("5"), False, (3, 4)),
    (ZERO, True, (1, 2)),
)


def growth_range(rate: Decimal | None) -> tuple[int, int]:
    """The expert's point range for a growth rate (None or <= 0 scores 0)."""
    if rate is None:
        return (0, 0)
    for bound, strict, points in GROWTH_RANGES:
        if rate > bound if strict else rate >= bound:
            return points
    return (0, 0)


def ip_count_range(class1: int, class2: int) -> tuple[int, int]:
    """知识产权数量 sub-score range (max 8)."""
    if class1 >= 1:
        return (7, 8)
    if class2 >= 5:
        return (5, 6)
    if class2 >= 3:
        return (3, 4)
    if class2 >= 1:
        return (1, 2)
    return (0, 0)


FIELDS = (
    Field("established_date", DATE, "注册成立日期", required=True),
    Field("application_date", DATE, "申请日期", description="缺省为评价基准日（as_of）或今天"),
    Field("owns_core_ip", BOOL, "拥有对主要产品（服务）发挥核心支持作用的知识产权所有权", default=False),
    Field("field_in_catalogue", BOOL, "核心技术属于《国家重点支持的高新技术领域》", default=False),
    Field("tech_staff", STAFF, "科技人员数", required=True, description="全年月平均数"),
    Field("employees", STAFF, "职工总数", required=True, description="全年月平均数"),
    Field("rd_expense_3y", AMOUNT, "近三个会计年度研发费用总额", required=True, description="万元"),
    Field("sales_3y", AMOUNT, "近三个会计年度销售收入总额", required=True, description="万元"),
    Field("latest_sales", AMOUNT, "最近一年销售收入", required=True, description="万元"),
    Field("rd_domestic_3y", AMOUNT, "近三年在中国境内发生的研发费用", required=True, description="万元"),
    Field("high_tech_income", AMOUNT, "最近一年高新技术产品（服务）收入", required=True, description="万元"),
    Field("total_income", AMOUNT, "最近一年总收入", required=True, description="收入总额减不征税收入，万元"),
    Field(
        "innovation_score",
        NUMBER,
        "企业创新能力评价得分",
        nullable=True,
        minimum=0,
        maximum=HUNDRED,
        description="专家评分；未给出时为待定",
    ),
    Field("no_major_incident", BOOL, "申请前一年内未发生重大安全、重大质量事故或严重环境违法行为", default=True),
    Field("net_assets", AMOUNT_LIST, "近三年末净资产", nullable=True, length=3, description="按年份从早到晚，万元"),
    Field(
        "sales", AMOUNT_LIST, "近三年销售收入", nullable=True, length=3, minimum=0, description="按年份从早到晚，万元"
    ),
    Field("ip_class1", COUNT, "Ⅰ类知识产权数", default=0),
    Field("ip_class2", COUNT, "Ⅱ类知识产权数", default=0),
)


def prepare(data: Data, errors: list[dict]) -> Data:
    prepared = dict(data)
    if prepared.get("application_date") is None:
        prepared["application_date"] = data.get("as_of") or date.today()
    return prepared


def _order_check(data: Data) -> list[dict]:
    errors = []
    pairs = (
        ("rd_domestic_3y", "rd_expense_3y", "境内研发费用", "研发费用总额"),
        ("high_tech_income", "total_income", "高新技术产品（服务）收入", "总收入"),
        ("latest_sales", "sales_3y", "最近一年销售收入", "近三年销售收入总额"),
    )
    for part, whole, part_label, whole_label in pairs:
        if data.get(part) is not None and data.get(whole) is not None and data[part] > data[whole]:
            errors.append(
                field_error(part, f"{part_label}（{plain(data[part])}）不能大于{whole_label}（{plain(data[whole])}）")
            )
    start, end = data.get("established_date"), data.get("application_date")
    if start is not None and end is not None and start > end:
        errors.append(field_error("established_date", "注册成立日期不能晚于申请日期"))
    return errors


check = combined(staff_check("tech_staff", "科技人员数"), _order_check)


def evaluate(data: Data) -> Assessment:
    outcome = Outcome()
    days = (data["application_date"] - data["established_date"]).days
    if days < REGISTERED_DAYS_MIN:
        outcome.fail(
            "registered_1y",
            f"申请时注册成立 {days} 天，不满一年（{REGISTERED_DAYS_MIN} 天，差 {REGISTERED_DAYS_MIN - days} 天）",
        )
    if not data["owns_core_ip"]:
        outcome.fail("ip", "未拥有对主要产品（服务）在技术上发挥核心支持作用的知识产权所有权")
    if not data["field_in_catalogue"]:
        outcome.fail("field", "核心技术不属于《国家重点支持的高新技术领域》规定的范围")
    tech_staff = ratio(data["tech_staff"], data["employees"])
    if tech_staff is None or tech_staff < TECH_STAFF_MIN:
        outcome.fail("tech_staff", ratio_below("科技人员占职工总数比例", tech_staff, TECH_STAFF_MIN))
    band = high_tech_rd_band(data["latest_sales"])
    rd_ratio = ratio(data["rd_expense_3y"], data["sales_3y"])
    if rd_ratio is None or rd_ratio < band:
        outcome.fail(
            "rd_ratio",
            ratio_below("近三年研发费用占销售收入比例", rd_ratio, band)
            + f"；最近一年销售收入 {amount(data['latest_sales'])}，适用 {plain(band * HUNDRED)}% 的标准",
        )
    rd_domestic = ratio(data["rd_domestic_3y"], data["rd_expense_3y"])
    if rd_domestic is None or rd_domestic < RD_DOMESTIC_MIN:
        outcome.fail("rd_domestic", ratio_below("境内研发费用占研发费用总额比例", rd_domestic, RD_DOMESTIC_MIN))
    income = ratio(data["high_tech_income"], data["total_income"])
    if income is None or income < HIGH_TECH_INCOME_MIN:
        outcome.fail(
            "high_tech_income", ratio_below("高新技术产品（服务）收入占总收入比例", income, HIGH_TECH_INCOME_MIN)
        )
    score = data["innovation_score"]
    if score is None:
        outcome.wait("innovation_score", "企业创新能力评价得分须经专家评审（须高于 70 分），尚未给出")
    elif score <= INNOVATION_PASS_ABOVE:
        outcome.fail(
            "innovation_score",
            f"企业创新能力评价得分 {plain(score)} 分，未高于 70 分（须至少 71 分，差 {plain(71 - score)} 分）",
        )
    if not data["no_major_incident"]:
        outcome.fail("incident", "申请前一年内发生重大安全、重大质量事故或严重环境违法行为")

    net_assets_growth = high_tech_growth_rate(data["net_assets"]) if data["net_assets"] is not None else None
    sales_growth = high_tech_growth_rate(data["sales"]) if data["sales"] is not None else None
    ranges = {"ip_count": list(ip_count_range(data["ip_class1"], data["ip_class2"]))}
    if data["net_assets"] is not None:
        ranges["net_assets_growth"] = list(growth_range(net_assets_growth))
    if data["sales"] is not None:
        ranges["sales_growth"] = list(growth_range(sales_growth))
    return Assessment.build(
        SCHEME,
        RULESET,
        outcome,
        route="conditions",
        total=None,
        scores={},
        ratios={
            "tech_staff": tech_staff,
            "rd_ratio": rd_ratio,
            "rd_domestic": rd_domestic,
            "high_tech_income": income,
            "net_assets_growth": net_assets_growth,
            "sales_growth": sales_growth,
        },
        extra={"rd_band": band, "registered_days": days, "score_ranges": ranges},
    )


CONDITION_NAMES = {
    "registered_1y": "注册成立一年以上",
    "ip": "核心知识产权",
    "field": "高新技术领域",
    "tech_staff": "科技人员占比",
    "rd_ratio": "研发费用占比",
    "rd_domestic": "境内研发费用占比",
    "high_tech_income": "高新技术产品（服务）收入占比",
    "innovation_score": "创新能力评价",
    "incident": "无重大事故",
}
RD_RATIO = quotient("rd_ratio", "近三年研发费用占销售收入比例", "rd_expense_3y", "sales_3y")

WHATIF = WhatIf(
    levers=(
        Lever("tech_staff", "科技人员", unit="人", quantum=Decimal(1)),
        Lever("rd_expense_3y", "近三年研发费用"),
        Lever("rd_domestic_3y", "近三年境内研发费用"),
        Lever("high_tech_income", "高新技术产品（服务）收入"),
    ),
    thresholds=(
        Threshold("tech_staff", quotient("tech_staff", "科技人员占比", "tech_staff", "employees"), TECH_STAFF_MIN),
        *(Threshold("rd_ratio", RD_RATIO, required) for _, required in HIGH_TECH_RD_BANDS),
        Threshold(
            "rd_domestic",
            quotient("rd_domestic", "境内研发费用占比", "rd_domestic_3y", "rd_expense_3y"),
            RD_DOMESTIC_MIN,
        ),
        Threshold(
            "high_tech_income",
            quotient("high_tech_income", "高新技术产品（服务）收入占比", "high_tech_income", "total_income"),
            HIGH_TECH_INCOME_MIN,
        ),
    ),
    condition_names=CONDITION_NAMES,
    goal="满足高新技术企业认定条件",
)

RULESET_2016 = Ruleset(
    scheme=SCHEME,
    id=RULESET,
    effective=date(2016, 1, 1),
    title="高新技术企业认定",
    document="国科发火〔2016〕32号《高新技术企业认定管理办法》、国科发火〔2016〕195号《工作指引》",
    fields=FIELDS,
    evaluate=evaluate,
    prepare=prepare,
    check=check,
    whatif=WHATIF,
)

RULESETS = (RULESET_2016,)
