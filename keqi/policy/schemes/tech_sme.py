"""科技型中小企业评价, ruleset 2017 (国科发政〔2017〕115号; POLICY-RULES.md §1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..assessment import Assessment, Outcome
from ..computations import annual_average, counted_rd
from ..errors import field_error
from ..explain import amount_above, count_above, joined, ratio_below
from ..inputs import AMOUNT, BOOL, CHOICE, COUNT, QUARTERS, RD_PROJECTS, STAFF, Field
from ..numbers import pct, plain, ratio
from ..rules import Component, Data, Lever, Ruleset, Threshold, WhatIf, figure, quotient
from ..tiers import at_least

SCHEME = "tech_sme"

# Tier tables (第七条). Lower bounds inclusive.
STAFF_TIERS = at_least((pct("30"), 20), (pct("25"), 16), (pct("20"), 12), (pct("15"), 8), (pct("10"), 4))
RD_REVENUE_TIERS = at_least((pct("6"), 50), (pct("5"), 40), (pct("4"), 30), (pct("3"), 20), (pct("2"), 10))
RD_COST_TIERS = at_least((pct("30"), 50), (pct("25"), 40), (pct("20"), 30), (pct("15"), 20), (pct("10"), 10))
IP_CLASS1_TIERS = at_least((1, 30))
IP_CLASS2_TIERS = at_least((4, 24), (3, 18), (2, 12), (1, 6))

# Size limits (第六条（二）); "不超过" includes the limit.
EMPLOYEES_MAX = Decimal(500)
SALES_MAX = Decimal(20000)
ASSETS_MAX = Decimal(20000)
PASS_TOTAL = 60

DIRECT_FLAGS = (
    ("high_tech_valid", "有效期内的高新技术企业"),
    ("national_award_top3_5y", "近五年获国家级科技奖励并列前三"),
    ("provincial_rd_institution", "拥有省部级以上研发机构"),
    ("led_standard_5y", "近五年主导制定国际、国家或行业标准"),
)
# The meaning of "主导制定" is unconfirmed (POLICY-RULES.md §1.5): it goes to manual review.
UNCONFIRMED_DIRECT = "led_standard_5y"

TECH_STAFF_RATIO = quotient("tech_staff", "科技人员占比", "tech_staff", "employees")
RD_REVENUE_RATIO = quotient("rd_revenue", "研发费用占销售收入比例", "rd_expense", "sales_revenue")
RD_COST_RATIO = quotient("rd_cost", "研发费用占成本费用支出总额比例", "rd_expense", "cost_total")

COMPONENTS = (
    Component("tech_staff", "科技人员", TECH_STAFF_RATIO, STAFF_TIERS),
    Component("rd_revenue", "研发投入", RD_REVENUE_RATIO, RD_REVENUE_TIERS),
    Component("rd_cost", "研发投入", RD_COST_RATIO, RD_COST_TIERS),
    Component("ip_class1", "科技成果", figure("ip_class1", "Ⅰ类知识产权", "ip_class1"), IP_CLASS1_TIERS),
    Component("ip_class2", "科技成果", figure("ip_class2", "Ⅱ类知识产权", "ip_class2"), IP_CLASS2_TIERS),
)
SIZE_LIMITS = (
    Threshold("size", figure("employees", "职工总数", "employees"), EMPLOYEES_MAX, at_most=True),
    Threshold("size", figure("sales_revenue", "销售收入", "sales_revenue"), SALES_MAX, at_most=True),
    Threshold("size", figure("total_assets", "资产总额", "total_assets"), ASSETS_MAX, at_most=True),
)

FIELDS = (
    Field("employees", STAFF, "职工总数", description="全年季度平均数（人）；也可填 employees_quarters"),
    Field("tech_staff", STAFF, "科技人员数", description="全年季度平均数（人）；也可填 tech_staff_quarters"),
    Field("employees_quarters", QUARTERS, "职工总数季度数据", description="4 个季度的 [季初, 季末] 人数"),
    Field("tech_staff_quarters", QUARTERS, "科技人员季度数据", description="4 个季度的 [季初, 季末] 人数"),
    Field("sales_revenue", AMOUNT, "销售收入", required=True, description="上一年度，万元"),
    Field("cost_total", AMOUNT, "成本费用支出总额", required=True, description="上一年度，万元"),
    Field("total_assets", AMOUNT, "资产总额", required=True, description="上一年度末，万元"),
    Field("rd_expense", AMOUNT, "研发费用总额", description="上一年度，万元；也可填 rd_projects"),
    Field(
        "rd_projects",
        RD_PROJECTS,
        "研发项目",
        description="委托研发按 80% 计入，境外委托不超过境内符合条件研发费用的 2/3",
    ),
    Field("overseas_cap", BOOL, "境外委托研发 2/3 上限", default=True),
    Field("ip_class1", COUNT, "Ⅰ类知识产权数", default=0),
    Field("ip_class2", COUNT, "Ⅱ类知识产权数", default=0),
    Field("rd_basis", CHOICE, "研发投入计分口径", default="best", choices=("best", "revenue", "cost")),
    Field("resident_enterprise", BOOL, "境内（不含港澳台）注册的居民企业", default=True),
    Field("products_allowed", BOOL, "产品和服务不属于禁止、限制和淘汰类", default=True),
    Field("credit_ok", BOOL, "无重大事故、严重失信等情形", default=True),
    Field("high_tech_valid", BOOL, "有效期内的高新技术企业", default=False),
    Field("national_award_top3_5y", BOOL, "近五年国家级科技奖励（前三名）", default=False),
    Field("provincial_rd_institution", BOOL, "省部级以上研发机构", default=False),
    Field("led_standard_5y", BOOL, "近五年主导制定国际、国家或行业标准", default=False),
)


def _staff_figure(data: Data, errors: list[dict], name: str, label: str) -> Decimal | None:
    value, quarters = data.get(name), data.get(f"{name}_quarters")
    if quarters is not None:
        average = annual_average(quarters)
        if value is not None and value != average:
            errors.append(
                field_error(name, f"{label} {plain(value)} 与季度数据计算的全年平均数 {plain(average)} 不一致")
            )
        return average
    if value is None and not {name, f"{name}_quarters"} & _failed(errors):
        errors.append(field_error(name, f"缺少必填项：{label}（填写 {name} 或 {name}_quarters）"))
    return value


def _failed(errors: list[dict]) -> set[str]:
    return {error["field"].split("[")[0].split(".")[0] for error in errors}


def prepare(data: Data, errors: list[dict]) -> Data:
    """Resolve quarterly averages and counted R&D into the scalar figures the rules use."""
    prepared = dict(data)
    prepared["employees"] = _staff_figure(data, errors, "employees", "职工总数")
    prepared["tech_staff"] = _staff_figure(data, errors, "tech_staff", "科技人员数")
    projects = data.get("rd_projects")
    if projects is not None:
        count = counted_rd(projects, overseas_cap=data["overseas_cap"])
        if data.get("rd_expense") is not None and data["rd_expense"] != count.total:
            errors.append(
                field_error(
                    "rd_expense",
                    f"研发费用总额 {plain(data['rd_expense'])} 与研发项目计入金额 {plain(count.total)} 不一致",
                )
            )
        prepared["rd_expense"] = count.total
        prepared["rd_count"] = count
    elif data.get("rd_expense") is None and "rd_projects" not in _failed(errors):
        errors.append(field_error("rd_expense", "缺少必填项：研发费用总额（填写 rd_expense 或 rd_projects）"))
    return prepared


def check(data: Data) -> list[dict]:
    """Cross-field rules on prepared figures (also applied to what-if candidates)."""
    errors = []
    employees, tech_staff = data.get("employees"), data.get("tech_staff")
    if employees is not None and employees <= 0:
        errors.append(field_error("employees", "职工总数须大于 0"))
    if employees is not None and tech_staff is not None and tech_staff > employees:
        errors.append(
            field_error("tech_staff", f"科技人员数（{plain(tech_staff)}）不能大于职工总数（{plain(employees)}）")
        )
    return errors


def evaluate(data: Data) -> Assessment:
    employees, tech_staff = data["employees"], data["tech_staff"]
    sales, cost, assets = data["sales_revenue"], data["cost_total"], data["total_assets"]
    rd = data["rd_expense"]
    staff_ratio = ratio(tech_staff, employees)
    rd_revenue = ratio(rd, sales)
    rd_cost = ratio(rd, cost)
    s_staff = STAFF_TIERS.score(staff_ratio)
    s_revenue = RD_REVENUE_TIERS.score(rd_revenue)
    s_cost = RD_COST_TIERS.score(rd_cost)
    basis = data["rd_basis"]
    if basis == "best":
        basis = "revenue" if s_revenue >= s_cost else "cost"
    s_rd = s_revenue if basis == "revenue" else s_cost
    s_ip = max(IP_CLASS1_TIERS.score(data["ip_class1"]), IP_CLASS2_TIERS.score(data["ip_class2"]))
    total = s_staff + s_rd + s_ip

    outcome = Outcome()
    if not data["resident_enterprise"]:
        outcome.fail("resident", "不是在中国境内（不含港、澳、台地区）注册的居民企业，不符合评价条件")
    oversize = []
    if employees > EMPLOYEES_MAX:
        oversize.append(count_above("职工总数", employees, EMPLOYEES_MAX, "人"))
    if sales > SALES_MAX:
        oversize.append(amount_above("年销售收入", sales, SALES_MAX))
    if assets > ASSETS_MAX:
        oversize.append(amount_above("资产总额", assets, ASSETS_MAX))
    if oversize:
        outcome.fail("size", "企业规模超出条件：" + joined(oversize))
    if not data["products_allowed"]:
        outcome.fail("products", "产品和服务属于国家规定的禁止、限制和淘汰类，不符合评价条件")
    if not data["credit_ok"]:
        outcome.fail(
            "credit", "近一年存在重大安全、质量、环境事故或科研严重失信行为，或被列入经营异常名录、严重违法失信名单"
        )
    basic_ok = not outcome.unmet

    claimed = [flag for flag, _ in DIRECT_FLAGS if data[flag]]
    confirmed = [flag for flag in claimed if flag != UNCONFIRMED_DIRECT]
    score_ok = total >= PASS_TOTAL and s_staff > 0
    route = None
    if score_ok:
        route = "score"
    elif confirmed:
        route = "direct"
    elif basic_ok and UNCONFIRMED_DIRECT in claimed:
        route = "direct"
        outcome.wait(
            UNCONFIRMED_DIRECT, "主导制定标准的直通条件需人工核实（“主导制定”的认定口径未经确认），评分未达标准"
        )
    else:
        if total < PASS_TOTAL:
            outcome.fail(
                "total_below_60",
                f"综合评价总分 {total} 分（科技人员 {s_staff} 分、研发投入 {s_rd} 分、科技成果 {s_ip} 分），"
                f"低于 {PASS_TOTAL} 分（差 {PASS_TOTAL - total} 分）",
            )
        if s_staff == 0:
            outcome.fail(
                "tech_staff_zero",
                ratio_below("科技人员占比", staff_ratio, STAFF_TIERS.bands[-1][0], "科技人员指标得 0 分"),
            )

    extra = {
        "rd_basis": basis,
        "direct_conditions": claimed,
        "figures": {"employees": employees, "tech_staff": tech_staff, "rd_expense": rd},
    }
    count = data.get("rd_count")
    if count is not None:
        extra["rd_count"] = {
            "domestic": count.domestic,
            "overseas_uncapped": count.overseas_uncapped,
            "overseas": count.overseas,
            "total": count.total,
            "capped": count.capped,
        }
    return Assessment.build(
        SCHEME,
        "2017",
        outcome,
        route=route,
        total=total,
        scores={"tech_staff": s_staff, "rd_revenue": s_revenue, "rd_cost": s_cost, "rd": s_rd, "ip": s_ip},
        ratios={"tech_staff": staff_ratio, "rd_revenue": rd_revenue, "rd_cost": rd_cost},
        extra=extra,
    )


WHATIF = WhatIf(
    levers=(
        Lever("tech_staff", "科技人员", unit="人", quantum=Decimal(1)),
        Lever("rd_expense", "研发费用"),
        Lever("ip_class1", "Ⅰ类知识产权", unit="项", quantum=Decimal(1), integer=True),
        Lever("ip_class2", "Ⅱ类知识产权", unit="项", quantum=Decimal(1), integer=True),
        Lever("employees", "职工总数", direction=-1, unit="人", quantum=Decimal(1)),
        Lever("sales_revenue", "销售收入", direction=-1),
        Lever("cost_total", "成本费用支出总额", direction=-1),
        Lever("total_assets", "资产总额", direction=-1),
    ),
    components=COMPONENTS,
    thresholds=SIZE_LIMITS,
    headline=(("tech_staff", "科技人员"), ("rd", "研发投入"), ("ip", "科技成果")),
    goal="达到科技型中小企业评价标准",
)

RULESET_2017 = Ruleset(
    scheme=SCHEME,
    id="2017",
    effective=date(2017, 5, 10),
    title="科技型中小企业评价",
    document="国科发政〔2017〕115号《科技型中小企业评价办法》",
    fields=FIELDS,
    evaluate=evaluate,
    prepare=prepare,
    check=check,
    any_of=(("employees", "employees_quarters"), ("tech_staff", "tech_staff_quarters"), ("rd_expense", "rd_projects")),
    whatif=WHATIF,
)

RULESETS = (RULESET_2017,)
