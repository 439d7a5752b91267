"""专精特新中小企业认定, ruleset 2022 (工信部企业〔2022〕63号 附件2; POLICY-RULES.md §2.4).

Four recognition conditions, the last being "score >= 60 or one alternative path"; 13
indicators in four groups. The 特色化 indicator (0-15) is set by the province: when it is
not given and it could decide the verdict, it is reported as pending.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..assessment import Assessment, Outcome
from ..computations import finite, mean_growth_for_tiers, mean_growth_parts
from ..explain import amount_below, joined, ratio_below, score_below
from ..inputs import AMOUNT, BOOL, CHOICE, COUNT, NUMBER, SIGNED_AMOUNT, STAFF, Field
from ..numbers import CONTEXT, ZERO, integral, pct, plain
from ..rules import Component, Data, Lever, Measure, Ruleset, Threshold, WhatIf, figure, quotient
from ..tiers import at_least, at_most
from .common import combined, revenue_and_assets_check, staff_check
from .innovative_sme import IP_LEVELS

SCHEME = "specialized_sme"
RULESET = "2022"

# Recognition conditions.
NICHE_YEARS_MIN = Decimal(2)
RD_AMOUNT_MIN = Decimal(100)
RD_RATIO_MIN = pct("3")
REVENUE_MIN = Decimal(1000)
EQUITY_REVENUE_ALT = Decimal(2000)
PASS_TOTAL = 60
# Alternative paths to the score.
RD_AVERAGE_ALT = Decimal(1000)
EQUITY_ALT = Decimal(6000)

# The 13 indicators.
MAIN_SHARE_TIERS = at_least((pct("80"), 5), (pct("70"), 3), (pct("60"), 1))
GROWTH_TIERS = at_least((pct("10"), 10), (pct("8"), 8), (pct("6"), 6), (pct("4"), 4), (ZERO, 2))
NICHE_TIERS = at_least((10, 5), (8, 4), (6, 3), (4, 2), (2, 1))  # 1 point per full 2 years, max 5
FIELD_POINTS = {"key_chain": 5, "basic": 3, "none": 0}
DIGITAL_TIERS = at_least((3, 5), (2, 3))  # 三级及以上 5, 二级 3, 一级 0
QUALITY_TIERS = at_least((2, 5), (1, 3))  # 3 points per item, capped at 5
NET_MARGIN_TIERS = at_least((pct("10"), 10), (pct("8"), 8), (pct("6"), 6), (pct("4"), 4), (pct("2"), 2))
DEBT_TIERS = at_most((pct("50"), 5), (pct("60"), 3), (pct("70"), 1))
SPECIAL_MAX = 15
IP_POINTS = {"class1_high_value": 10, "class1_self": 8, "class1": 6, "class2": 2, "none": 0}
RD_AMOUNT_TIERS = at_least((500, 10), (400, 8), (300, 6), (200, 4), (100, 2))
RD_RATIO_TIERS = at_least((pct("10"), 10), (pct("8"), 8), (pct("6"), 6), (pct("4"), 4), (pct("3"), 2))
RD_STAFF_TIERS = at_least((pct("20"), 5), (pct("10"), 3), (pct("5"), 1))
RD_INSTITUTION_POINTS = {"national": 10, "provincial": 8, "city": 4, "below_city": 2, "none": 0}

GROUPS = {
    "specialization": ("main_share", "growth", "niche_years", "field"),
    "refinement": ("digital", "quality", "net_margin", "debt_ratio"),
    "characteristic": ("special",),
    "innovation": ("ip", "rd", "rd_staff", "rd_institution"),
}

MAIN_SHARE = quotient("main_share", "主营业务收入占营业收入比重", "main_revenue_y2", "operating_revenue_y2")
GROWTH = Measure(
    "growth",
    "近 2 年主营业务收入平均增长率",
    lambda d: mean_growth_parts(d["main_revenue_y0"], d["main_revenue_y1"], d["main_revenue_y2"])[0],
    lambda d: mean_growth_parts(d["main_revenue_y0"], d["main_revenue_y1"], d["main_revenue_y2"])[1],
)
NET_MARGIN = quotient("net_margin", "净利润率", "net_profit", "operating_revenue_y2")
DEBT_RATIO = quotient("debt_ratio", "资产负债率", "total_liabilities", "total_assets")
RD_AMOUNT = figure("rd_amount", "研发费用总额", "rd_expense_y2")
RD_RATIO = quotient("rd_ratio", "研发费用占营业收入比重", "rd_expense_y2", "operating_revenue_y2")
RD_STAFF = quotient("rd_staff", "研发人员占职工总数比重", "rd_staff", "employees")
RD_AVERAGE = Measure(
    "rd_average", "近 2 年研发费用平均额", lambda d: d["rd_expense_y1"] + d["rd_expense_y2"], lambda d: Decimal(2)
)

COMPONENTS = (
    Component("main_share", "主营业务收入占比", MAIN_SHARE, MAIN_SHARE_TIERS),
    Component("growth", "主营业务收入平均增长率", GROWTH, GROWTH_TIERS),
    Component("niche_years", "从事细分市场年限", figure("niche_years", "从事细分市场年限", "niche_years"), NICHE_TIERS),
    Component("digital", "数字化水平", figure("digital", "数字化水平等级", "digital_level"), DIGITAL_TIERS),
    Component("quality", "质量管理水平", figure("quality", "质量管理项目", "quality_items"), QUALITY_TIERS),
    Component("net_margin", "净利润率", NET_MARGIN, NET_MARGIN_TIERS),
    Component("debt_ratio", "资产负债率", DEBT_RATIO, DEBT_TIERS),
    Component("rd_amount", "研发投入", RD_AMOUNT, RD_AMOUNT_TIERS),
    Component("rd_ratio", "研发投入", RD_RATIO, RD_RATIO_TIERS),
    Component("rd_staff", "研发人员占比", RD_STAFF, RD_STAFF_TIERS),
)
CONDITIONS = (
    Threshold("niche_years", figure("niche", "从事细分市场年限", "niche_years"), NICHE_YEARS_MIN),
    Threshold("rd", RD_AMOUNT, RD_AMOUNT_MIN),
    Threshold("rd", RD_RATIO, RD_RATIO_MIN),
    Threshold("revenue", figure("revenue", "营业收入", "operating_revenue_y2"), REVENUE_MIN),
    Threshold("revenue", figure("equity", "近 2 年新增股权融资", "equity_financing_2y"), EQUITY_REVENUE_ALT),
    Threshold("rd_average", RD_AVERAGE, RD_AVERAGE_ALT),
    Threshold("equity", figure("equity", "近 2 年新增股权融资", "equity_financing_2y"), EQUITY_ALT),
)

FIELDS = (
    Field("niche_years", NUMBER, "从事特定细分市场时间（年）", required=True, minimum=0),
    Field("rd_expense_y1", AMOUNT, "上上年度研发费用总额", required=True, description="万元"),
    Field("rd_expense_y2", AMOUNT, "上一年度研发费用总额", required=True, description="万元"),
    Field("operating_revenue_y2", AMOUNT, "上一年度营业收入", required=True, description="万元"),
    Field(
        "equity_financing_2y", AMOUNT, "近 2 年新增股权融资总额", default=ZERO, description="合格机构投资者实缴，万元"
    ),
    Field("award_provincial_top3_3y", BOOL, "近三年省级科技奖励（前三名）", default=False),
    Field("award_national_top5_3y", BOOL, "近三年国家级科技奖励（前五名）", default=False),
    Field("maker_top500_3y", BOOL, "近三年进入“创客中国”全国 500 强企业组名单", default=False),
    Field("main_revenue_y0", AMOUNT, "上上年度的前一年主营业务收入", required=True, description="万元"),
    Field("main_revenue_y1", AMOUNT, "上上年度主营业务收入", required=True, description="万元"),
    Field("main_revenue_y2", AMOUNT, "上一年度主营业务收入", required=True, description="万元"),
    Field("field_level", CHOICE, "主导产品所属领域", default="none", choices=tuple(FIELD_POINTS)),
    Field("digital_level", COUNT, "数字化水平等级", default=0, maximum=4, description="0 = 无等级，1-4 = 一级至四级"),
    Field(
        "quality_items",
        COUNT,
        "质量管理水平项目数",
        default=0,
        maximum=4,
        description="质量奖、管理体系认证、自主品牌、参与制修订标准，每项 3 分，最高 5 分",
    ),
    Field("net_profit", SIGNED_AMOUNT, "上一年度净利润", required=True, description="万元"),
    Field("total_liabilities", AMOUNT, "负债总额", required=True, description="上一年度末，万元"),
    Field("total_assets", AMOUNT, "资产总额", required=True, description="上一年度末，万元"),
    Field(
        "special_score",
        NUMBER,
        "特色化指标得分",
        nullable=True,
        minimum=0,
        maximum=SPECIAL_MAX,
        description="由省级主管部门确定；未给出时为待定",
    ),
    Field("ip_level", CHOICE, "与主导产品相关的有效知识产权", default="none", choices=IP_LEVELS),
    Field("rd_staff", STAFF, "研发人员数", required=True),
    Field("employees", STAFF, "职工总数", required=True),
    Field("rd_institution_level", CHOICE, "研发机构级别", default="none", choices=tuple(RD_INSTITUTION_POINTS)),
)


check = combined(
    revenue_and_assets_check("main_revenue_y2", "operating_revenue_y2"), staff_check("rd_staff", "研发人员数")
)


def evaluate(data: Data) -> Assessment:
    main_share = MAIN_SHARE.value(data)
    growth = mean_growth_for_tiers(data["main_revenue_y0"], data["main_revenue_y1"], data["main_revenue_y2"])
    net_margin = NET_MARGIN.value(data)
    debt = DEBT_RATIO.value(data)
    rd_ratio = RD_RATIO.value(data)
    rd_staff = RD_STAFF.value(data)
    rd_amount = data["rd_expense_y2"]
    special = integral(data["special_score"])
    scores: dict[str, int | Decimal | None] = {
        "main_share": MAIN_SHARE_TIERS.score(main_share),
        "growth": GROWTH_TIERS.score(growth),
        "niche_years": NICHE_TIERS.score(data["niche_years"]),
        "field": FIELD_POINTS[data["field_level"]],
        "digital": DIGITAL_TIERS.score(data["digital_level"]),
        "quality": QUALITY_TIERS.score(data["quality_items"]),
        "net_margin": NET_MARGIN_TIERS.score(net_margin),
        "debt_ratio": DEBT_TIERS.score(debt),
        "special": special,
        "ip": IP_POINTS[data["ip_level"]],
        "rd": max(RD_AMOUNT_TIERS.score(rd_amount), RD_RATIO_TIERS.score(rd_ratio)),
        "rd_staff": RD_STAFF_TIERS.score(rd_staff),
        "rd_institution": RD_INSTITUTION_POINTS[data["rd_institution_level"]],
    }
    groups = {name: sum((scores[key] or 0) for key in keys) for name, keys in GROUPS.items()}
    total = sum(groups.values())

    outcome = Outcome()
    if data["niche_years"] < NICHE_YEARS_MIN:
        gap = CONTEXT.subtract(NICHE_YEARS_MIN, data["niche_years"])
        outcome.fail(
            "niche_years", f"从事特定细分市场 {plain(data['niche_years'])} 年，少于 2 年（差 {plain(gap)} 年）"
        )
    rd_parts = []
    if rd_amount < RD_AMOUNT_MIN:
        rd_parts.append(amount_below("上一年度研发费用总额", rd_amount, RD_AMOUNT_MIN))
    if rd_ratio is None or rd_ratio < RD_RATIO_MIN:
        rd_parts.append(ratio_below("研发费用占营业收入比重", rd_ratio, RD_RATIO_MIN))
    if rd_parts:
        outcome.fail("rd", joined(rd_parts))
    revenue = data["operating_revenue_y2"]
    equity = data["equity_financing_2y"]
    if revenue < REVENUE_MIN and equity < EQUITY_REVENUE_ALT:
        outcome.fail(
            "revenue",
            amount_below("上一年度营业收入", revenue, REVENUE_MIN)
            + f"，且近 2 年新增股权融资 {plain(equity)} 万元，低于 {plain(EQUITY_REVENUE_ALT)} 万元"
            f"（差 {plain(CONTEXT.subtract(EQUITY_REVENUE_ALT, equity))} 万元）",
        )

    paths = []
    if data["award_provincial_top3_3y"] or data["award_national_top5_3y"]:
        paths.append("award")
    if CONTEXT.add(data["rd_expense_y1"], rd_amount) >= 2 * RD_AVERAGE_ALT:
        paths.append("rd_average")
    if equity >= EQUITY_ALT:
        paths.append("equity")
    if data["maker_top500_3y"]:
        paths.append("maker")

    route = None
    if total >= PASS_TOTAL:
        route = "score"
    elif paths:
        route = "direct"
    elif special is None and total + SPECIAL_MAX >= PASS_TOTAL:
        route = "score"
        outcome.wait(
            "special",
            f"特色化指标得分尚未给出（由省级主管部门确定）；其余指标合计 {plain(total)} 分，"
            f"特色化指标需至少 {plain(PASS_TOTAL - total)} 分方可达到 {PASS_TOTAL} 分",
        )
    else:
        outcome.fail(
            "score_below_60",
            score_below("评价总分", total, PASS_TOTAL)
            + "，且不满足任一直通条件"
            + ("（特色化指标得分未给出，按 0 分计，即使取满分 15 分亦不足 60 分）" if special is None else ""),
        )
    notes = []
    if data["main_revenue_y0"] == 0 or data["main_revenue_y1"] == 0:
        notes.append("有主营业务收入为 0 的年份：由 0 增长按最高档计，两年均为 0 按增长率 0 计")
    return Assessment.build(
        SCHEME,
        RULESET,
        outcome,
        route=route,
        total=total,
        scores=scores,
        ratios={
            "main_share": main_share,
            "growth": finite(growth),
            "net_margin": net_margin,
            "debt_ratio": debt,
            "rd_ratio": rd_ratio,
            "rd_staff": rd_staff,
        },
        extra={"groups": groups, "paths": paths, "notes": notes},
    )


WHATIF = WhatIf(
    levers=(
        Lever("rd_expense_y2", "上一年度研发费用"),
        Lever("main_revenue_y2", "上一年度主营业务收入"),
        Lever("net_profit", "净利润"),
        Lever("total_liabilities", "负债总额", direction=-1),
        Lever("rd_staff", "研发人员", unit="人", quantum=Decimal(1)),
        Lever("operating_revenue_y2", "上一年度营业收入"),
        Lever("equity_financing_2y", "近 2 年新增股权融资"),
        Lever("quality_items", "质量管理项目", unit="项", quantum=Decimal(1), integer=True),
        Lever("digital_level", "数字化水平等级", unit="级", quantum=Decimal(1), integer=True),
    ),
    components=COMPONENTS,
    thresholds=CONDITIONS,
    headline=(
        ("main_share", "主营业务收入占比"),
        ("growth", "主营业务收入平均增长率"),
        ("niche_years", "从事细分市场年限"),
        ("field", "主导产品所属领域"),
        ("digital", "数字化水平"),
        ("quality", "质量管理水平"),
        ("net_margin", "净利润率"),
        ("debt_ratio", "资产负债率"),
        ("ip", "知识产权"),
        ("rd", "研发投入"),
        ("rd_staff", "研发人员占比"),
        ("rd_institution", "研发机构"),
    ),
    goal="达到专精特新中小企业认定条件",
)

RULESET_2022 = Ruleset(
    scheme=SCHEME,
    id=RULESET,
    effective=date(2022, 8, 1),
    title="专精特新中小企业认定",
    document="工信部企业〔2022〕63号 附件2《专精特新中小企业认定标准》",
    fields=FIELDS,
    evaluate=evaluate,
    check=check,
    whatif=WHATIF,
)
