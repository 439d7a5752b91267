"""创新型中小企业评价, ruleset 2022 (工信部企业〔2022〕63号 附件1; POLICY-RULES.md §2.3).

Still applied after 2026-04-01 (工信部企业〔2026〕2号 第三十条). Boundary values score in the
higher tier (粤工信融资函〔2026〕39号): lower bounds inclusive, debt ratio upper bounds
inclusive.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..assessment import Assessment, Outcome
from ..computations import finite, growth_for_tiers
from ..explain import score_below
from ..inputs import AMOUNT, BOOL, CHOICE, Field
from ..numbers import pct
from ..rules import Component, Data, Lever, Measure, Ruleset, Threshold, WhatIf, figure, quotient
from ..tiers import at_least, at_most
from .common import revenue_and_assets_check

SCHEME = "innovative_sme"

IP_LEVELS = ("class1_high_value", "class1_self", "class1", "class2", "none")
IP_LEVEL_NAMES = {
    "class1_high_value": "Ⅰ类高价值知识产权",
    "class1_self": "自主研发的Ⅰ类知识产权",
    "class1": "Ⅰ类知识产权",
    "class2": "Ⅱ类知识产权",
    "none": "无",
}
IP_POINTS = {"class1_high_value": 20, "class1_self": 15, "class1": 10, "class2": 5, "none": 0}
RD_RATIO_TIERS = at_least((pct("5"), 20), (pct("3"), 15), (pct("2"), 10), (pct("1"), 5))
GROWTH_TIERS = at_least((pct("15"), 20), (pct("10"), 15), (pct("5"), 10), (Decimal(0), 5))
DEBT_TIERS = at_most((pct("55"), 10), (pct("75"), 5))
FIELD_POINTS = {True: 10, False: 5}
MAIN_SHARE_TIERS = at_least((pct("70"), 20), (pct("60"), 15), (pct("55"), 10), (pct("50"), 5))

PASS_TOTAL = 60
GROUP_MINIMA = (
    ("innovation", "创新能力", 20, "innovation_below_20"),
    ("growth_group", "成长性", 15, "growth_below_15"),
    ("specialization", "专业化", 15, "specialization_below_15"),
)
EQUITY_DIRECT = Decimal(500)
DIRECT_FLAGS = (
    ("award_3y", "近三年获得国家级、省级科技奖励"),
    ("honour_valid", "获得高新技术企业、国家级技术创新示范企业、知识产权优势企业或示范企业等荣誉（有效期内）"),
    ("provincial_rd_institution", "拥有经认定的省部级以上研发机构"),
)

RD_RATIO = quotient("rd_ratio", "研发费用占营业收入比重", "rd_expense", "operating_revenue")
GROWTH = Measure(
    "growth",
    "主营业务收入增长率",
    lambda d: d["main_revenue"] - d["main_revenue_y1"],
    lambda d: d["main_revenue_y1"],
)
DEBT_RATIO = quotient("debt_ratio", "资产负债率", "total_liabilities", "total_assets")
MAIN_SHARE = quotient("main_share", "主营业务收入占营业收入比重", "main_revenue", "operating_revenue")

COMPONENTS = (
    Component("rd_ratio", "研发投入", RD_RATIO, RD_RATIO_TIERS),
    Component("growth", "主营业务收入增长率", GROWTH, GROWTH_TIERS),
    Component("debt_ratio", "资产负债率", DEBT_RATIO, DEBT_TIERS),
    Component("main_share", "主营业务收入占比", MAIN_SHARE, MAIN_SHARE_TIERS),
)

FIELDS = (
    Field("ip_level", CHOICE, "与主导产品相关的有效知识产权", default="none", choices=IP_LEVELS),
    Field("rd_expense", AMOUNT, "研发费用总额", required=True, description="上一年度，万元"),
    Field("operating_revenue", AMOUNT, "营业收入", required=True, description="上一年度，万元"),
    Field("main_revenue", AMOUNT, "主营业务收入", required=True, description="上一年度，万元"),
    Field("main_revenue_y1", AMOUNT, "上上年度主营业务收入", required=True, description="万元"),
    Field("total_liabilities", AMOUNT, "负债总额", required=True, description="上一年度末，万元"),
    Field("total_assets", AMOUNT, "资产总额", required=True, description="上一年度末，万元"),
    Field("strategic_emerging", BOOL, "主导产品属于《战略性新兴产业分类》", default=False),
    Field("award_3y", BOOL, "近三年获得国家级、省级科技奖励", default=False),
    Field("honour_valid", BOOL, "有效期内的高新技术企业等荣誉", default=False),
    Field("provincial_rd_institution", BOOL, "省部级以上研发机构", default=False),
    Field(
        "equity_financing_3y",
        AMOUNT,
        "近三年新增股权融资总额",
        default=Decimal(0),
        description="合格机构投资者实缴，万元",
    ),
)


check = revenue_and_assets_check("main_revenue", "operating_revenue")


def evaluate(data: Data) -> Assessment:
    rd_ratio = RD_RATIO.value(data)
    growth = growth_for_tiers(data["main_revenue"], data["main_revenue_y1"])
    debt = DEBT_RATIO.value(data)
    main_share = MAIN_SHARE.value(data)
    scores = {
        "ip": IP_POINTS[data["ip_level"]],
        "rd_ratio": RD_RATIO_TIERS.score(rd_ratio),
        "growth": GROWTH_TIERS.score(growth),
        "debt_ratio": DEBT_TIERS.score(debt),
        "field": FIELD_POINTS[data["strategic_emerging"]],
        "main_share": MAIN_SHARE_TIERS.score(main_share),
    }
    scores["innovation"] = scores["ip"] + scores["rd_ratio"]
    scores["growth_group"] = scores["growth"] + scores["debt_ratio"]
    scores["specialization"] = scores["field"] + scores["main_share"]
    total = scores["innovation"] + scores["growth_group"] + scores["specialization"]

    direct = [flag for flag, _ in DIRECT_FLAGS if data[flag]]
    if data["equity_financing_3y"] >= EQUITY_DIRECT:
        direct.append("equity_financing_3y")
    score_ok = total >= PASS_TOTAL and all(scores[group] >= minimum for group, _, minimum, _ in GROUP_MINIMA)
    outcome = Outcome()
    route = "score" if score_ok else ("direct" if direct else None)
    if route is None:
        if total < PASS_TOTAL:
            outcome.fail("total_below_60", score_below("评价总分", total, PASS_TOTAL))
        for group, label, minimum, unmet_id in GROUP_MINIMA:
            if scores[group] < minimum:
                outcome.fail(unmet_id, score_below(f"{label}类指标得分", scores[group], minimum))
    notes = []
    if data["main_revenue_y1"] == 0:
        notes.append(
            "上上年度主营业务收入为 0，增长率无法按公式计算："
            + ("收入由 0 增长，按最高档计分" if growth.is_infinite() else "两年收入均为 0，按增长率 0 计分")
        )
    return Assessment.build(
        SCHEME,
        "2022",
        outcome,
        route=route,
        total=total,
        scores=scores,
        ratios={"rd_ratio": rd_ratio, "growth": finite(growth), "debt_ratio": debt, "main_share": main_share},
        extra={"direct_conditions": direct, "notes": notes},
    )


WHATIF = WhatIf(
    levers=(
        Lever("rd_expense", "研发费用"),
        Lever("main_revenue", "主营业务收入"),
        Lever("total_liabilities", "负债总额", direction=-1),
        Lever("equity_financing_3y", "近三年新增股权融资"),
    ),
    components=COMPONENTS,
    thresholds=(
        # The direct route by equity financing (>= 500 万元).
        Threshold("equity", figure("equity", "近三年新增股权融资", "equity_financing_3y"), EQUITY_DIRECT),
    ),
    headline=(
        ("ip", "知识产权"),
        ("rd_ratio", "研发投入"),
        ("growth", "主营业务收入增长率"),
        ("debt_ratio", "资产负债率"),
        ("field", "主导产品所属领域"),
        ("main_share", "主营业务收入占比"),
    ),
    goal="达到创新型中小企业评价标准",
)

RULESET_2022 = Ruleset(
    scheme=SCHEME,
    id="2022",
    effective=date(2022, 8, 1),
    title="创新型中小企业评价",
    document="工信部企业〔2022〕63号 附件1《创新型中小企业评价标准》",
    fields=FIELDS,
    evaluate=evaluate,
    check=check,
    whatif=WHATIF,
)

RULESETS = (RULESET_2022,)
