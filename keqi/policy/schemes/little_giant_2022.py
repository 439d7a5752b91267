"""专精特新"小巨人"企业认定, ruleset 2022 (工信部企业〔2022〕63号 附件3; POLICY-RULES.md §2.6).

Still used for the 2026 re-review of the 2023 batch (工信厅企业函〔2026〕117号): pass
``ruleset="2022"`` explicitly. All six aspects must hold; the innovation aspect holds by the
general conditions (R&D by revenue band, own R&D institution, >= 2 class I IP) or by a direct
condition.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..assessment import Assessment, Outcome
from ..computations import finite, mean_growth_for_tiers, mean_growth_parts
from ..explain import amount_below, count_below, joined, ratio_above, ratio_below
from ..inputs import AMOUNT, BOOL, COUNT, NUMBER, STAFF, Field
from ..numbers import CONTEXT, ONE, ZERO, pct, plain, ratio
from ..rules import Data, Lever, Measure, Ruleset, Threshold, WhatIf, figure, quotient
from .common import combined, revenue_and_assets_check, staff_check

SCHEME = "little_giant"
RULESET = "2022"

NICHE_YEARS_MIN = Decimal(3)
MAIN_SHARE_MIN = pct("70")
GROWTH_MIN = pct("5")  # simple mean of the two yearly 主营业务收入 growth rates
DEBT_RATIO_MAX = pct("70")
MARKET_SHARE_MIN = pct("10")
IP_MIN = 2
# R&D by the previous year's 营业收入 band (万元); lower bounds inclusive.
BAND_HIGH = Decimal(10000)  # >= 1亿: R&D >= 3 % in each of the last 2 years
BAND_MID = Decimal(5000)  # 5000万-1亿: >= 6 % in each year
RD_RATIO_HIGH = pct("3")
RD_RATIO_MID = pct("6")
SMALL_EQUITY_MIN = Decimal(8000)  # < 5000万: equity >= 8000万, R&D total >= 3000万, R&D staff >= 50 %
SMALL_RD_TOTAL_MIN = Decimal(3000)
SMALL_RD_STAFF_MIN = pct("50")

MAIN_SHARE = quotient("main_share", "主营业务收入占营业收入比重", "main_revenue_y2", "operating_revenue_y2")
GROWTH = Measure(
    "growth",
    "近 2 年主营业务收入平均增长率",
    lambda d: mean_growth_parts(d["main_revenue_y0"], d["main_revenue_y1"], d["main_revenue_y2"])[0],
    lambda d: mean_growth_parts(d["main_revenue_y0"], d["main_revenue_y1"], d["main_revenue_y2"])[1],
)
DEBT_RATIO = quotient("debt_ratio", "资产负债率", "total_liabilities", "total_assets")

FIELDS = (
    Field("specialized_valid", BOOL, "有效期内的专精特新中小企业", default=False),
    Field("niche_years", NUMBER, "截至上年末从事特定细分市场时间（年）", required=True, minimum=0),
    Field("main_revenue_y0", AMOUNT, "上上年度的前一年主营业务收入", required=True, description="万元"),
    Field("main_revenue_y1", AMOUNT, "上上年度主营业务收入", required=True, description="万元"),
    Field("main_revenue_y2", AMOUNT, "上一年度主营业务收入", required=True, description="万元"),
    Field("operating_revenue_y1", AMOUNT, "上上年度营业收入", required=True, description="万元"),
    Field("operating_revenue_y2", AMOUNT, "上一年度营业收入", required=True, description="万元"),
    Field("info_system", BOOL, "至少 1 项核心业务采用信息系统支撑", default=False),
    Field("certification", BOOL, "取得相关管理体系认证，或产品通过发达国家和地区产品认证", default=False),
    Field("total_liabilities", AMOUNT, "负债总额", required=True, description="上一年度末，万元"),
    Field("total_assets", AMOUNT, "资产总额", required=True, description="上一年度末，万元"),
    Field(
        "market_share",
        NUMBER,
        "全国细分市场占有率",
        nullable=True,
        minimum=0,
        maximum=ONE,
        description="比例，如 0.12 = 12%",
    ),
    Field("own_brand", BOOL, "拥有直接面向市场并具有竞争优势的自主品牌", default=False),
    Field("rd_expense_y1", AMOUNT, "上上年度研发费用总额", required=True, description="万元"),
    Field("rd_expense_y2", AMOUNT, "上一年度研发费用总额", required=True, description="万元"),
    Field(
        "equity_financing_2y", AMOUNT, "近 2 年新增股权融资总额", default=ZERO, description="合格机构投资者实缴，万元"
    ),
    Field("rd_staff", STAFF, "研发人员数", nullable=True, description="营业收入低于 5000 万元时必需"),
    Field("employees", STAFF, "职工总数", nullable=True, description="营业收入低于 5000 万元时必需"),
    Field("has_rd_institution", BOOL, "自建或与高校、科研机构联合建立研发机构", default=False),
    Field("ip_class1", COUNT, "与主导产品相关的Ⅰ类知识产权数", default=0),
    Field("award_national_top3_3y", BOOL, "近三年国家级科技奖励（前三名）", default=False),
    Field("maker_top50_3y", BOOL, "近三年进入“创客中国”全国 50 强企业组名单", default=False),
    Field("key_chain_link", BOOL, "位于产业链关键环节，补短板、锻长板、填空白", default=False),
    Field("key_field", BOOL, "主导产品属于工业“六基”、制造强国十大重点产业或网络强国领域", default=False),
)

check = combined(
    revenue_and_assets_check("main_revenue_y2", "operating_revenue_y2"), staff_check("rd_staff", "研发人员数")
)


def _rd_band(outcome: Outcome, data: Data, ratios: dict) -> None:
    revenue = data["operating_revenue_y2"]
    rd1, rd2 = data["rd_expense_y1"], data["rd_expense_y2"]
    ratios["rd_ratio_y1"] = ratio(rd1, data["operating_revenue_y1"])
    ratios["rd_ratio_y2"] = ratio(rd2, revenue)
    if revenue >= BAND_MID:
        required = RD_RATIO_HIGH if revenue >= BAND_HIGH else RD_RATIO_MID
        band = "1 亿元以上" if revenue >= BAND_HIGH else "5000 万元至 1 亿元"
        parts = [
            ratio_below(f"{label}研发费用占营业收入比重", ratios[key], required)
            for key, label in (("rd_ratio_y1", "上上年度"), ("rd_ratio_y2", "上一年度"))
            if ratios[key] is None or ratios[key] < required
        ]
        if parts:
            outcome.fail("rd", f"上一年度营业收入 {plain(revenue)} 万元（{band}档）：" + joined(parts))
        return
    parts = []
    equity = data["equity_financing_2y"]
    if equity < SMALL_EQUITY_MIN:
        parts.append(amount_below("近 2 年新增股权融资", equity, SMALL_EQUITY_MIN))
    rd_total = CONTEXT.add(rd1, rd2)
    if rd_total < SMALL_RD_TOTAL_MIN:
        parts.append(amount_below("近 2 年研发费用总额", rd_total, SMALL_RD_TOTAL_MIN))
    staff, employees = data["rd_staff"], data["employees"]
    share = ratio(staff, employees) if staff is not None and employees is not None else None
    ratios["rd_staff"] = share
    if share is None or share < SMALL_RD_STAFF_MIN:
        parts.append(
            ratio_below("研发人员占职工总数比重", share, SMALL_RD_STAFF_MIN)
            if share is not None
            else "未填写研发人员数或职工总数，研发人员占比须不低于 50%"
        )
    if parts:
        outcome.fail("rd", f"上一年度营业收入 {plain(revenue)} 万元（低于 5000 万元档）：" + joined(parts))


def evaluate(data: Data) -> Assessment:
    outcome = Outcome()
    ratios: dict[str, Decimal | None] = {}
    if not data["specialized_valid"]:
        outcome.fail("specialized_title", "不具备有效期内的专精特新中小企业资格")
    if data["niche_years"] < NICHE_YEARS_MIN:
        gap = CONTEXT.subtract(NICHE_YEARS_MIN, data["niche_years"])
        outcome.fail(
            "niche_years", f"从事特定细分市场 {plain(data['niche_years'])} 年，少于 3 年（差 {plain(gap)} 年）"
        )
    main_share = ratios["main_share"] = MAIN_SHARE.value(data)
    if main_share is None or main_share < MAIN_SHARE_MIN:
        outcome.fail("main_share", ratio_below("主营业务收入占营业收入比重", main_share, MAIN_SHARE_MIN))
    growth = mean_growth_for_tiers(data["main_revenue_y0"], data["main_revenue_y1"], data["main_revenue_y2"])
    ratios["growth"] = finite(growth)
    if growth < GROWTH_MIN:
        outcome.fail("growth", ratio_below("近 2 年主营业务收入平均增长率", growth, GROWTH_MIN))
    if not data["info_system"]:
        outcome.fail("info_system", "没有核心业务采用信息系统支撑")
    if not data["certification"]:
        outcome.fail("certification", "未取得相关管理体系认证，产品也未通过发达国家和地区产品认证")
    debt = ratios["debt_ratio"] = DEBT_RATIO.value(data)
    if debt is None or debt > DEBT_RATIO_MAX:
        outcome.fail("debt_ratio", ratio_above("资产负债率", debt, DEBT_RATIO_MAX))
    share = ratios["market_share"] = data["market_share"]
    if share is None or share < MARKET_SHARE_MIN:
        outcome.fail(
            "market_share",
            ratio_below("全国细分市场占有率", share, MARKET_SHARE_MIN)
            if share is not None
            else "未填写全国细分市场占有率（须不低于 10%）",
        )
    if not data["own_brand"]:
        outcome.fail("brand", "没有直接面向市场并具有竞争优势的自主品牌")
    direct = [flag for flag in ("award_national_top3_3y", "maker_top50_3y") if data[flag]]
    if direct:
        _rd_band(Outcome(), data, ratios)  # ratios only
    else:
        _rd_band(outcome, data, ratios)
        if not data["has_rd_institution"]:
            outcome.fail("rd_institution", "未自建或与高校、科研机构联合建立研发机构")
        if data["ip_class1"] < IP_MIN:
            outcome.fail("ip", count_below("与主导产品相关的Ⅰ类知识产权", data["ip_class1"], IP_MIN, "项"))
    if not data["key_chain_link"]:
        outcome.fail("chain", "未位于产业链关键环节，未发挥补短板、锻长板、填空白作用")
    if not data["key_field"]:
        outcome.fail("field", "主导产品不属于工业“六基”、制造强国十大重点产业或网络强国建设领域")
    return Assessment.build(
        SCHEME,
        RULESET,
        outcome,
        route="conditions",
        total=None,
        scores={},
        ratios=ratios,
        extra={"direct_conditions": direct},
    )


CONDITION_NAMES = {
    "specialized_title": "专精特新中小企业资格",
    "niche_years": "从事细分市场年限",
    "main_share": "主营业务收入占比",
    "growth": "主营业务收入平均增长率",
    "info_system": "信息系统支撑",
    "certification": "管理体系或产品认证",
    "debt_ratio": "资产负债率",
    "market_share": "细分市场占有率",
    "brand": "自主品牌",
    "rd": "研发投入",
    "rd_institution": "研发机构",
    "ip": "Ⅰ类知识产权",
    "chain": "产业链配套",
    "field": "主导产品领域",
}

WHATIF = WhatIf(
    levers=(
        Lever("rd_expense_y1", "上上年度研发费用"),
        Lever("rd_expense_y2", "上一年度研发费用"),
        Lever("main_revenue_y2", "上一年度主营业务收入"),
        Lever("total_liabilities", "负债总额", direction=-1),
        Lever("ip_class1", "Ⅰ类知识产权", unit="项", quantum=Decimal(1), integer=True),
    ),
    thresholds=(
        Threshold("main_share", MAIN_SHARE, MAIN_SHARE_MIN),
        Threshold("growth", GROWTH, GROWTH_MIN),
        Threshold("debt_ratio", DEBT_RATIO, DEBT_RATIO_MAX, at_most=True),
        Threshold(
            "rd", quotient("rd1", "上上年度研发费用占比", "rd_expense_y1", "operating_revenue_y1"), RD_RATIO_HIGH
        ),
        Threshold("rd", quotient("rd1", "上上年度研发费用占比", "rd_expense_y1", "operating_revenue_y1"), RD_RATIO_MID),
        Threshold(
            "rd", quotient("rd2", "上一年度研发费用占比", "rd_expense_y2", "operating_revenue_y2"), RD_RATIO_HIGH
        ),
        Threshold("rd", quotient("rd2", "上一年度研发费用占比", "rd_expense_y2", "operating_revenue_y2"), RD_RATIO_MID),
        Threshold(
            "rd",
            Measure("rd_total", "近 2 年研发费用总额", lambda d: d["rd_expense_y1"] + d["rd_expense_y2"]),
            SMALL_RD_TOTAL_MIN,
        ),
        Threshold("ip", figure("ip", "Ⅰ类知识产权", "ip_class1"), Decimal(IP_MIN)),
    ),
    condition_names=CONDITION_NAMES,
    goal="满足专精特新“小巨人”企业认定条件",
)

RULESET_2022 = Ruleset(
    scheme=SCHEME,
    id=RULESET,
    effective=date(2022, 8, 1),
    title="专精特新“小巨人”企业认定",
    document="工信部企业〔2022〕63号 附件3《专精特新“小巨人”企业认定标准》",
    fields=FIELDS,
    evaluate=evaluate,
    check=check,
    whatif=WHATIF,
)
