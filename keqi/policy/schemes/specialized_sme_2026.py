"""专精特新中小企业认定, ruleset 2026 (工信部企业〔2026〕2号 附件1; POLICY-RULES.md §2.5).

No point sheet and no direct path: every condition must hold. The market position is a
person's judgement (pending while null); the development score comes from the platform
(pending while not given).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..assessment import Assessment, Outcome
from ..explain import amount_below, count_below, joined, ratio_above, ratio_below
from ..inputs import AMOUNT, BOOL, COUNT, NUMBER, Field
from ..numbers import CONTEXT, HUNDRED, ZERO, pct, plain, ratio
from ..rules import Data, Lever, Ruleset, Threshold, WhatIf, figure, quotient
from .common import development_condition, revenue_and_assets_check

SCHEME = "specialized_sme"
RULESET = "2026"

NICHE_YEARS_MIN = Decimal(3)
REVENUE_MIN = Decimal(1500)
EQUITY_ALT = Decimal(2000)
MAIN_SHARE_MIN = pct("80")
DEBT_RATIO_MAX = pct("80")
RD_AMOUNT_MIN = Decimal(100)
RD_RATIO_MIN = pct("3")
IP_MIN = 1
DEVELOPMENT_MIN = Decimal(50)

MAIN_SHARE = quotient("main_share", "主营业务收入占营业收入比重", "main_revenue", "operating_revenue_y2")
DEBT_RATIO = quotient("debt_ratio", "资产负债率", "total_liabilities", "total_assets")
RD_RATIO_Y1 = quotient("rd_ratio_y1", "上上年度研发费用占营业收入比重", "rd_expense_y1", "operating_revenue_y1")
RD_RATIO_Y2 = quotient("rd_ratio_y2", "上一年度研发费用占营业收入比重", "rd_expense_y2", "operating_revenue_y2")

CONDITIONS = (
    Threshold("revenue", figure("revenue", "上一年度营业收入", "operating_revenue_y2"), REVENUE_MIN),
    Threshold("revenue", figure("equity", "近 2 年新增股权投资", "equity_investment_2y"), EQUITY_ALT),
    Threshold("main_share", MAIN_SHARE, MAIN_SHARE_MIN),
    Threshold("debt_ratio", DEBT_RATIO, DEBT_RATIO_MAX, at_most=True),
    Threshold("rd_each_year", figure("rd_y1", "上上年度研发费用", "rd_expense_y1"), RD_AMOUNT_MIN),
    Threshold("rd_each_year", figure("rd_y2", "上一年度研发费用", "rd_expense_y2"), RD_AMOUNT_MIN),
    Threshold("rd_each_year", RD_RATIO_Y1, RD_RATIO_MIN),
    Threshold("rd_each_year", RD_RATIO_Y2, RD_RATIO_MIN),
    Threshold("ip", figure("ip", "自主Ⅰ类知识产权", "ip_class1_self"), Decimal(IP_MIN)),
)

FIELDS = (
    Field("tech_innovative_valid", BOOL, "有效期内的科技型中小企业或创新型中小企业", default=False),
    Field("niche_years", NUMBER, "截至上年末从事特定细分市场时间（年）", required=True, minimum=0),
    Field("operating_revenue_y1", AMOUNT, "上上年度营业收入", required=True, description="万元"),
    Field("operating_revenue_y2", AMOUNT, "上一年度营业收入", required=True, description="万元"),
    Field(
        "equity_investment_2y", AMOUNT, "近 2 年新增股权投资总额", default=ZERO, description="合格机构投资者实缴，万元"
    ),
    Field("main_revenue", AMOUNT, "上一年度主营业务收入", required=True, description="万元"),
    Field("total_liabilities", AMOUNT, "负债总额", required=True, description="上一年度末，万元"),
    Field("total_assets", AMOUNT, "资产总额", required=True, description="上一年度末，万元"),
    Field("rd_expense_y1", AMOUNT, "上上年度研发费用总额", required=True, description="万元"),
    Field("rd_expense_y2", AMOUNT, "上一年度研发费用总额", required=True, description="万元"),
    Field("ip_class1_self", COUNT, "自主申请的Ⅰ类知识产权数（权利人前三）", default=0),
    Field("award_provincial_top3_3y", BOOL, "近三年省部级以上科技奖励（前三名）", default=False),
    Field("provincial_rd_institution", BOOL, "省部级以上研发机构", default=False),
    Field(
        "market_position_ok", BOOL, "主导产品细分市场占有率较为靠前", nullable=True, description="null = 尚待人工判断"
    ),
    Field(
        "development_score",
        NUMBER,
        "专精特新发展评价得分",
        nullable=True,
        minimum=0,
        maximum=HUNDRED,
        description="平台计算；未给出时为待定",
    ),
    Field("is_review", BOOL, "复核", default=False),
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
    if not data["tech_innovative_valid"]:
        outcome.fail("tech_innovative_title", "不具备有效期内的科技和创新型中小企业（科技型或创新型中小企业）资格")
    if data["niche_years"] < NICHE_YEARS_MIN:
        gap = CONTEXT.subtract(NICHE_YEARS_MIN, data["niche_years"])
        outcome.fail(
            "niche_years", f"从事特定细分市场 {plain(data['niche_years'])} 年，少于 3 年（差 {plain(gap)} 年）"
        )
    revenue, equity = data["operating_revenue_y2"], data["equity_investment_2y"]
    if revenue < REVENUE_MIN and equity < EQUITY_ALT:
        outcome.fail(
            "revenue",
            amount_below("上一年度营业收入", revenue, REVENUE_MIN)
            + f"，且近 2 年新增股权投资 {plain(equity)} 万元，低于 {plain(EQUITY_ALT)} 万元"
            f"（差 {plain(CONTEXT.subtract(EQUITY_ALT, equity))} 万元）",
        )
    main_share = MAIN_SHARE.value(data)
    if main_share is None or main_share < MAIN_SHARE_MIN:
        outcome.fail("main_share", ratio_below("主营业务收入占营业收入比重", main_share, MAIN_SHARE_MIN))
    debt = DEBT_RATIO.value(data)
    if debt is None or debt > DEBT_RATIO_MAX:
        outcome.fail("debt_ratio", ratio_above("资产负债率", debt, DEBT_RATIO_MAX))
    rd_ratios = {}
    rd_parts = []
    for year, label in (("y1", "上上年度"), ("y2", "上一年度")):
        amount_value = data[f"rd_expense_{year}"]
        share = ratio(amount_value, data[f"operating_revenue_{year}"])
        rd_ratios[f"rd_ratio_{year}"] = share
        if amount_value < RD_AMOUNT_MIN:
            rd_parts.append(amount_below(f"{label}研发费用", amount_value, RD_AMOUNT_MIN))
        if share is None or share < RD_RATIO_MIN:
            rd_parts.append(ratio_below(f"{label}研发费用占营业收入比重", share, RD_RATIO_MIN))
    if rd_parts:
        outcome.fail("rd_each_year", joined(rd_parts))
    exempt = data["award_provincial_top3_3y"] or data["provincial_rd_institution"]
    if data["ip_class1_self"] < IP_MIN and not exempt:
        outcome.fail(
            "ip",
            count_below("自主申请的Ⅰ类知识产权", data["ip_class1_self"], IP_MIN, "项")
            + "，且无近三年省部级以上科技奖励（前三）或省部级以上研发机构可豁免",
        )
    if data["market_position_ok"] is False:
        outcome.fail("market", "主导产品在细分市场的占有率未达到“较为靠前”的要求")
    elif data["market_position_ok"] is None:
        outcome.wait("market", "主导产品细分市场占有率是否“较为靠前”尚待人工判断")
    development_condition(outcome, data, DEVELOPMENT_MIN)
    return Assessment.build(
        SCHEME,
        RULESET,
        outcome,
        route="conditions",
        total=None,
        scores={},
        ratios={"main_share": main_share, "debt_ratio": debt, **rd_ratios},
        extra={"ip_exempt": bool(exempt)},
    )


CONDITION_NAMES = {
    "tech_innovative_title": "科技和创新型中小企业资格",
    "niche_years": "从事细分市场年限",
    "revenue": "营业收入或股权投资",
    "main_share": "主营业务收入占比",
    "debt_ratio": "资产负债率",
    "rd_each_year": "研发投入",
    "ip": "Ⅰ类知识产权",
    "market": "细分市场地位",
    "development_score": "专精特新发展评价得分",
}

WHATIF = WhatIf(
    levers=(
        Lever("rd_expense_y1", "上上年度研发费用"),
        Lever("rd_expense_y2", "上一年度研发费用"),
        Lever("operating_revenue_y2", "上一年度营业收入"),
        Lever("main_revenue", "上一年度主营业务收入"),
        Lever("total_liabilities", "负债总额", direction=-1),
        Lever("equity_investment_2y", "近 2 年新增股权投资"),
        Lever("ip_class1_self", "自主Ⅰ类知识产权", unit="项", quantum=Decimal(1), integer=True),
    ),
    thresholds=CONDITIONS,
    condition_names=CONDITION_NAMES,
    goal="满足专精特新中小企业认定条件",
)

RULESET_2026 = Ruleset(
    scheme=SCHEME,
    id=RULESET,
    effective=date(2026, 4, 1),
    title="专精特新中小企业认定",
    document="工信部企业〔2026〕2号 附件1《专精特新中小企业认定标准》",
    fields=FIELDS,
    evaluate=evaluate,
    check=check,
    whatif=WHATIF,
)
