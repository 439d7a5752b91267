"""专精特新"小巨人"企业认定, ruleset 2026 (工信部企业〔2026〕2号 附件2; POLICY-RULES.md §2.7)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..assessment import Assessment, Outcome
from ..computations import compound_growth_at_least, compound_growth_rate
from ..explain import amount_below, count_below, joined, ratio_above, ratio_below
from ..inputs import AMOUNT, BOOL, COUNT, NUMBER, Field
from ..numbers import CONTEXT, HUNDRED, ONE, pct, plain, ratio
from ..rules import Data, Lever, Measure, Ruleset, Threshold, WhatIf, figure, quotient
from .common import development_condition, revenue_and_assets_check

SCHEME = "little_giant"
RULESET = "2026"

NICHE_YEARS_MIN = Decimal(3)
REVENUE_MIN = Decimal(5000)
MAIN_SHARE_MIN = pct("90")
GROWTH_MIN = pct("5")  # compound annual growth of 营业收入 over 2 years
DEBT_RATIO_MAX = pct("75")
RD_TOTAL_MIN = Decimal(1200)
RD_RATIO_MIN = pct("3")
IP_MIN = 4
MARKET_SHARE_MIN = pct("10")
DEVELOPMENT_MIN = Decimal(60)

MAIN_SHARE = quotient("main_share", "主营业务收入占营业收入比重", "main_revenue", "operating_revenue_y2")
DEBT_RATIO = quotient("debt_ratio", "资产负债率", "total_liabilities", "total_assets")
RD_TOTAL = Measure("rd_total", "近 2 年研发费用总额", lambda d: d["rd_expense_y1"] + d["rd_expense_y2"])
RD_RATIO_Y1 = quotient("rd_ratio_y1", "上上年度研发费用占营业收入比重", "rd_expense_y1", "operating_revenue_y1")
RD_RATIO_Y2 = quotient("rd_ratio_y2", "上一年度研发费用占营业收入比重", "rd_expense_y2", "operating_revenue_y2")
# (y2 / y0) ** (1/2) - 1 >= 5 %  <=>  y2 / y0 >= 1.05 ** 2 (y0 > 0): a linear test in y2.
GROWTH_FACTOR = CONTEXT.power(ONE + GROWTH_MIN, 2)
GROWTH_QUOTIENT = quotient("growth_factor", "营业收入两年增长倍数", "operating_revenue_y2", "operating_revenue_y0")

CONDITIONS = (
    Threshold("revenue", figure("revenue", "上一年度营业收入", "operating_revenue_y2"), REVENUE_MIN),
    Threshold("main_share", MAIN_SHARE, MAIN_SHARE_MIN),
    Threshold("growth", GROWTH_QUOTIENT, GROWTH_FACTOR),
    Threshold("debt_ratio", DEBT_RATIO, DEBT_RATIO_MAX, at_most=True),
    Threshold("rd_total", RD_TOTAL, RD_TOTAL_MIN),
    Threshold("rd_each_year", RD_RATIO_Y1, RD_RATIO_MIN),
    Threshold("rd_each_year", RD_RATIO_Y2, RD_RATIO_MIN),
    Threshold("ip", figure("ip", "自主Ⅰ类知识产权", "ip_class1_self"), Decimal(IP_MIN)),
)

FIELDS = (
    Field("specialized_valid", BOOL, "有效期内的专精特新中小企业", default=False),
    Field("niche_years", NUMBER, "截至上年末从事特定细分市场时间（年）", required=True, minimum=0),
    Field("operating_revenue_y0", AMOUNT, "上上年度的前一年营业收入", required=True, description="万元"),
    Field("operating_revenue_y1", AMOUNT, "上上年度营业收入", required=True, description="万元"),
    Field("operating_revenue_y2", AMOUNT, "上一年度营业收入", required=True, description="万元"),
    Field("main_revenue", AMOUNT, "上一年度主营业务收入", required=True, description="万元"),
    Field("total_liabilities", AMOUNT, "负债总额", required=True, description="上一年度末，万元"),
    Field("total_assets", AMOUNT, "资产总额", required=True, description="上一年度末，万元"),
    Field("rd_expense_y1", AMOUNT, "上上年度研发费用总额", required=True, description="万元"),
    Field("rd_expense_y2", AMOUNT, "上一年度研发费用总额", required=True, description="万元"),
    Field("ip_class1_self", COUNT, "自主申请的Ⅰ类知识产权数（权利人前三）", default=0),
    Field("award_national_top3_3y", BOOL, "近三年国家级科技奖励（前三名）", default=False),
    Field(
        "market_share",
        NUMBER,
        "细分市场占有率",
        nullable=True,
        minimum=0,
        maximum=ONE,
        description="比例，如 0.12 = 12%",
    ),
    Field("market_top3_domestic", BOOL, "细分市场占有率全国前三", default=False),
    Field("key_field", BOOL, "主导产品属于工业“六基”或传统、新兴、未来产业的关键环节", default=False),
    Field(
        "development_score",
        NUMBER,
        "专精特新发展评价得分",
        nullable=True,
        minimum=0,
        maximum=HUNDRED,
        description="平台计算；未给出时为待定",
    ),
    Field("is_review", BOOL, "复核（不考核增长率）", default=False),
    Field(
        "development_score_prev",
        NUMBER,
        "上一年度专精特新发展评价得分（复核用）",
        nullable=True,
        minimum=0,
        maximum=HUNDRED,
    ),
)


check = revenue_and_assets_check("main_revenue", "operating_revenue_y2")


def evaluate(data: Data) -> Assessment:
    outcome = Outcome()
    if not data["specialized_valid"]:
        outcome.fail("specialized_title", "不具备有效期内的专精特新中小企业资格")
    if data["niche_years"] < NICHE_YEARS_MIN:
        gap = CONTEXT.subtract(NICHE_YEARS_MIN, data["niche_years"])
        outcome.fail(
            "niche_years", f"从事特定细分市场 {plain(data['niche_years'])} 年，少于 3 年（差 {plain(gap)} 年）"
        )
    y0, y1, y2 = data["operating_revenue_y0"], data["operating_revenue_y1"], data["operating_revenue_y2"]
    if y2 < REVENUE_MIN:
        outcome.fail("revenue", amount_below("上一年度营业收入", y2, REVENUE_MIN))
    main_share = MAIN_SHARE.value(data)
    if main_share is None or main_share < MAIN_SHARE_MIN:
        outcome.fail("main_share", ratio_below("主营业务收入占营业收入比重", main_share, MAIN_SHARE_MIN))
    growth = compound_growth_rate(y0, y2)
    if not data["is_review"] and not compound_growth_at_least(y0, y2, GROWTH_MIN):
        if growth is None:
            outcome.fail("growth", "上上年度的前一年营业收入为 0，无法计算近 2 年营业收入复合增长率（须不低于 5%）")
        else:
            needed = CONTEXT.subtract(CONTEXT.multiply(y0, GROWTH_FACTOR), y2)
            outcome.fail(
                "growth",
                ratio_below("近 2 年营业收入复合增长率", growth, GROWTH_MIN)
                + f"；上一年度营业收入需达到 {plain(CONTEXT.multiply(y0, GROWTH_FACTOR))} 万元（差 {plain(needed)} 万元）",
            )
    debt = DEBT_RATIO.value(data)
    if debt is None or debt > DEBT_RATIO_MAX:
        outcome.fail("debt_ratio", ratio_above("资产负债率", debt, DEBT_RATIO_MAX))
    rd_total = CONTEXT.add(data["rd_expense_y1"], data["rd_expense_y2"])
    if rd_total < RD_TOTAL_MIN:
        outcome.fail("rd_total", amount_below("近 2 年研发费用总额", rd_total, RD_TOTAL_MIN))
    rd_ratios = {"rd_ratio_y1": ratio(data["rd_expense_y1"], y1), "rd_ratio_y2": ratio(data["rd_expense_y2"], y2)}
    rd_parts = [
        ratio_below(f"{label}研发费用占营业收入比重", rd_ratios[key], RD_RATIO_MIN)
        for key, label in (("rd_ratio_y1", "上上年度"), ("rd_ratio_y2", "上一年度"))
        if rd_ratios[key] is None or rd_ratios[key] < RD_RATIO_MIN
    ]
    if rd_parts:
        outcome.fail("rd_each_year", joined(rd_parts))
    if data["ip_class1_self"] < IP_MIN and not data["award_national_top3_3y"]:
        outcome.fail(
            "ip",
            count_below("自主申请的Ⅰ类知识产权", data["ip_class1_self"], IP_MIN, "项")
            + "，且无近三年国家级科技奖励（前三）可豁免",
        )
    share = data["market_share"]
    if not data["market_top3_domestic"] and (share is None or share < MARKET_SHARE_MIN):
        if share is None:
            outcome.fail("market", "未填写细分市场占有率，且不属于全国前三，须占有率不低于 10% 或位列全国前三")
        else:
            outcome.fail("market", ratio_below("细分市场占有率", share, MARKET_SHARE_MIN) + "，且不属于全国前三")
    if not data["key_field"]:
        outcome.fail("field", "主导产品不属于工业“六基”或传统产业转型升级、新兴产业、未来产业的关键环节")
    development_condition(outcome, data, DEVELOPMENT_MIN)
    return Assessment.build(
        SCHEME,
        RULESET,
        outcome,
        route="conditions",
        total=None,
        scores={},
        ratios={"main_share": main_share, "growth": growth, "debt_ratio": debt, "market_share": share, **rd_ratios},
        extra={"rd_total": rd_total},
    )


CONDITION_NAMES = {
    "specialized_title": "专精特新中小企业资格",
    "niche_years": "从事细分市场年限",
    "revenue": "营业收入",
    "main_share": "主营业务收入占比",
    "growth": "营业收入复合增长率",
    "debt_ratio": "资产负债率",
    "rd_total": "研发费用总额",
    "rd_each_year": "研发投入强度",
    "ip": "Ⅰ类知识产权",
    "market": "细分市场占有率",
    "field": "主导产品领域",
    "development_score": "专精特新发展评价得分",
}

WHATIF = WhatIf(
    levers=(
        Lever("rd_expense_y1", "上上年度研发费用"),
        Lever("rd_expense_y2", "上一年度研发费用"),
        Lever("operating_revenue_y2", "上一年度营业收入"),
        Lever("main_revenue", "上一年度主营业务收入"),
        Lever("total_liabilities", "负债总额", direction=-1),
        Lever("ip_class1_self", "自主Ⅰ类知识产权", unit="项", quantum=Decimal(1), integer=True),
    ),
    thresholds=CONDITIONS,
    condition_names=CONDITION_NAMES,
    goal="满足专精特新“小巨人”企业认定条件",
)

RULESET_2026 = Ruleset(
    scheme=SCHEME,
    id=RULESET,
    effective=date(2026, 4, 1),
    title="专精特新“小巨人”企业认定",
    document="工信部企业〔2026〕2号 附件2《专精特新“小巨人”企业认定标准》",
    fields=FIELDS,
    evaluate=evaluate,
    check=check,
    whatif=WHATIF,
)
