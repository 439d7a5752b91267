"""Cultivation, candidate and recognition libraries (seed 002 §6–§8; S2.10–S2.12): conditions as data.

A library is a versioned list of conditions. Each condition is one Chinese sentence and one or
more checks (field, comparison, parameters with default, unit and bounds). The same definition
drives the 条件说明 panel, the screen (``keqi.libraries.screen`` in numpy, ``keqi.libraries.sql``
in SQL), the explanation of one enterprise (``explain`` below, in Decimal) and the export.

Semantics shared by every implementation:
- a check passes, fails, or is unknown (a figure missing, or a ratio over zero) — unknown is
  "需补充信息", never "no";
- a condition fails when one of its checks fails; it is unknown when none fails and one is
  unknown; an enterprise is in the library when no condition fails;
- bounds are inclusive as the statutes say ("不低于", "不超过"); ratios are compared exactly
  (num × 100 ≥ p × den), never through a rounded quotient.

Defaults marked ``assumption`` are not official: NEXT-WAVE-RULES.md §2 found no Chongqing text,
so they are the documented inferences (statutory values of the national schemes) or plain
guesses an administrator should replace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .errors import PolicyInputError, field_error

# The annual report's promoted figures a library may read (fact-table columns), with unit.
# kind: money (万元, 4 places), count (integer), flag (1 是 / 0 否), days, years (derived).
FACT_FIELDS: dict[str, tuple[str, str, str]] = {
    "operating_revenue": ("营业收入", "万元", "money"),
    "main_revenue": ("主营业务收入", "万元", "money"),
    "total_profit": ("利润总额", "万元", "money"),
    "net_profit": ("净利润", "万元", "money"),
    "taxes": ("上缴税费", "万元", "money"),
    "total_assets": ("资产总额", "万元", "money"),
    "liabilities": ("负债总额", "万元", "money"),
    "export_value": ("出口额", "万元", "money"),
    "rd_expense": ("研发经费支出", "万元", "money"),
    "rd_domestic": ("境内研发经费支出", "万元", "money"),
    "hitech_revenue": ("高新技术产品（服务）收入", "万元", "money"),
    "revenue_prev1": ("上一年度营业收入", "万元", "money"),
    "revenue_prev2": ("前两年度营业收入", "万元", "money"),
    "employees": ("从业人员总数", "人", "count"),
    "tech_staff": ("科技人员数", "人", "count"),
    "rd_staff": ("研发人员数", "人", "count"),
    "senior_titles": ("高级职称人数", "人", "count"),
    "invention_granted": ("发明专利授权数", "件", "count"),
    "ip_total": ("知识产权数（发明、实用新型、外观设计、软件著作权、集成电路布图设计、植物新品种）", "件", "count"),
    "invention_applied": ("发明专利申请数", "件", "count"),
    "utility_granted": ("实用新型专利授权数", "件", "count"),
    "design_granted": ("外观设计专利授权数", "件", "count"),
    "software_copyrights": ("软件著作权登记数", "件", "count"),
    "standards_led": ("主导制定标准数", "项", "count"),
    "standards_joined": ("参与制定标准数", "项", "count"),
    "doctors": ("博士人数", "人", "count"),
    "masters": ("硕士人数", "人", "count"),
    "platforms_national": ("国家级研发平台数", "个", "count"),
    "platforms_city": ("市级研发平台数", "个", "count"),
    "platforms_county": ("区县级研发平台数", "个", "count"),
    "platforms_total": ("研发平台数", "个", "count"),
    "hitech_products": ("高新技术产品数", "个", "count"),
    "is_high_tech": ("是否高新技术企业", "", "flag"),
    "listed": ("是否挂牌或上市", "", "flag"),
    "above_scale": ("是否规上工业企业", "", "flag"),
    "major_incident": ("上一年度是否发生重大安全、质量事故或严重环境违法行为", "", "flag"),
    "age_days": ("成立天数（至年报年度末）", "天", "days"),
    "age_years": ("成立年限（年报年度减成立年份）", "年", "years"),
}

MONEY_PLACES = 4
PERCENT_PLACES = 2
PARAM_LIMITS = {  # kind → (max value, decimal places, unit)
    "percent": (Decimal(100), PERCENT_PLACES, "%"),
    "growth": (Decimal(1000), PERCENT_PLACES, "%"),
    "money": (Decimal(10) ** 9, MONEY_PLACES, "万元"),
    "count": (Decimal(10) ** 9, 0, ""),
    "days": (Decimal(36500), 0, "天"),
    "years": (Decimal(100), 0, "年"),
}


@dataclass(frozen=True)
class Param:
    key: str  # unique within the library, e.g. "tech_ratio"
    label: str
    kind: str  # a PARAM_LIMITS key
    default: Decimal
    unit: str = ""

    def limits(self) -> tuple[Decimal, int, str]:
        return PARAM_LIMITS[self.kind]


@dataclass(frozen=True)
class Check:
    """One comparison. kinds:
    min / max: fields[0] ≥ / ≤ params[0];
    ratio_min: fields[0] / fields[1] ≥ params[0] %;
    tiered_ratio_min: fields[0] / fields[1] ≥ params[i] %, i the first tier with fields[2] ≤ bounds[i]
        (the last param applies above every bound);
    growth_min: fields[0] / fields[1] − 1 ≥ params[0] %;
    flag: fields[0] == expected (no parameter)."""

    kind: str
    fields: tuple[str, ...]
    params: tuple[Param, ...] = ()
    bounds: tuple[Decimal, ...] = ()
    expected: int = 0


@dataclass(frozen=True)
class Condition:
    key: str
    sentence: str  # Chinese, with {param_key} placeholders filled with the values in force
    checks: tuple[Check, ...]
    assumption: bool = False
    source: str = ""

    @property
    def params(self) -> tuple[Param, ...]:
        return tuple(p for c in self.checks for p in c.params)


@dataclass(frozen=True)
class Library:
    key: str
    name: str
    group: str  # the seed's menu group
    version: str
    effective: str
    conditions: tuple[Condition, ...]
    settable: bool  # 设置条件参数 offered (seed: 高企后备库, 领军企业培育库, 国家科技型中小企业后备库)
    filters: tuple[str, ...]  # the seed's list filters: q, year, established, district, first_year
    kind: str = "screen"  # screen | reserve (maintained list) | recognition (qualifications)
    note: str = ""
    outreach_kind: str = ""  # 免申即享: qualification kind whose valid holders are not candidates
    hint: tuple[Condition, ...] = ()  # conditions shown as a hint only (科创属性), never a screen

    def params(self) -> tuple[Param, ...]:
        return tuple(p for c in self.conditions for p in c.params)

    def defaults(self) -> dict[str, Decimal]:
        return {p.key: p.default for p in self.params()}


def _p(key, label, kind, default, unit=None) -> Param:
    return Param(key, label, kind, Decimal(default), unit if unit is not None else PARAM_LIMITS[kind][2])


# One-parameter checks, as the tables below read them.
def _at_least(name: str, param: Param) -> Check:
    return Check("min", (name,), (param,))


def _at_most(name: str, param: Param) -> Check:
    return Check("max", (name,), (param,))


def _share(part: str, whole: str, param: Param) -> Check:
    return Check("ratio_min", (part, whole), (param,))


def _growth(now: str, before: str, param: Param) -> Check:
    return Check("growth_min", (now, before), (param,))


def _condition(key: str, text: str, *checks: Check, source: str, assumption: bool = True) -> Condition:
    """Most library conditions are inferences (assumption); the 科创属性 hints are quoted, not assumed."""
    return Condition(key, text, checks, assumption=assumption, source=source)


def _library(key: str, name: str, group: str, *, version="2025.1", effective="2025-01-01", **options) -> Library:
    options.setdefault("settable", False)
    options.setdefault("conditions", ())
    return Library(key=key, name=name, group=group, version=version, effective=effective, **options)


D = Decimal
HUNDRED = Decimal(100)
HIGH_TECH_SOURCE = "国科发火〔2016〕32号 第十一条；工作指引 国科发火〔2016〕195号"
TECH_SME_SOURCE = "国科发政〔2017〕115号 第六条"
STAR_SOURCE = "上海证券交易所《科创属性评价指引（试行）》（2024年4月修订）"
ASSUMED = "重庆市未公布该库的条件，此为推定，管理员可调整"

INCUBATION = _library(
    "incubation",
    "科企孵化库",
    "科企梯次培育库",
    filters=("q", "year", "established"),
    conditions=(
        _condition(
            "young",
            "成立年限不超过{young_years}年",
            _at_most("age_years", _p("young_years", "成立年限上限", "years", 3)),
            source=ASSUMED + "（按成立年限推定）",
        ),
    ),
)

HIGH_TECH_RESERVE = _library(
    "high-tech-reserve",
    "高企后备库",
    "科企梯次培育库",
    settable=True,
    filters=("q", "year"),
    outreach_kind="high_tech",
    note="七条高新技术企业条件说明；默认值取自高新技术企业认定的法定条件（推定，待市科技局确认）。",
    conditions=(
        _condition(
            "registered",
            "企业注册成立满{registered_days}天",
            _at_least("age_days", _p("registered_days", "注册成立天数", "days", 365)),
            source=HIGH_TECH_SOURCE + " 第1项",
        ),
        _condition(
            "ip",
            "拥有知识产权不少于{ip_count}件",
            _at_least("ip_total", _p("ip_count", "知识产权件数", "count", 1, "件")),
            source=HIGH_TECH_SOURCE + " 第2项（以年报知识产权件数推定）",
        ),
        _condition(
            "tech_ratio",
            "科技人员占职工总数的比例不低于{tech_ratio}%",
            _share("tech_staff", "employees", _p("tech_ratio", "科技人员占比", "percent", 10)),
            source=HIGH_TECH_SOURCE + " 第4项",
        ),
        _condition(
            "rd_ratio",
            "研发费用占销售收入的比例：销售收入5000万元以下（含）不低于{rd_small}%，"
            "5000万元至2亿元（含）不低于{rd_medium}%，2亿元以上不低于{rd_large}%",
            Check(
                "tiered_ratio_min",
                ("rd_expense", "main_revenue", "main_revenue"),
                (
                    _p("rd_small", "研发费用占比（5000万元以下）", "percent", 5),
                    _p("rd_medium", "研发费用占比（5000万元至2亿元）", "percent", 4),
                    _p("rd_large", "研发费用占比（2亿元以上）", "percent", 3),
                ),
                bounds=(D(5000), D(20000)),
            ),
            source=HIGH_TECH_SOURCE + " 第5项（以当年数据推定，法定为近三年）",
        ),
        _condition(
            "rd_domestic",
            "境内研发费用占全部研发费用的比例不低于{rd_domestic}%",
            _share("rd_domestic", "rd_expense", _p("rd_domestic", "境内研发费用占比", "percent", 60)),
            source=HIGH_TECH_SOURCE + " 第5项",
        ),
        _condition(
            "hitech_revenue",
            "高新技术产品（服务）收入占总收入的比例不低于{hitech_share}%",
            _share(
                "hitech_revenue", "operating_revenue", _p("hitech_share", "高新技术产品（服务）收入占比", "percent", 60)
            ),
            source=HIGH_TECH_SOURCE + " 第6项（总收入以营业收入推定）",
        ),
        _condition(
            "no_incident",
            "上一年度未发生重大安全、重大质量事故或严重环境违法行为",
            Check("flag", ("major_incident",), expected=0),
            source=HIGH_TECH_SOURCE + " 第8项",
        ),
    ),
)

STAR_RESERVE = _library(
    "star-market-reserve",
    "科创板上市企业储备库",
    "科企梯次培育库",
    kind="reserve",
    filters=("district",),
    note="储备企业由市级主管部门维护（导入或逐条添加）；“科创属性提示”按年报数据对照科创属性常规指标，仅供参考。",
    hint=(
        _condition(
            "star_rd_ratio",
            "研发投入占营业收入比例不低于{star_rd_ratio}%",
            _share("rd_expense", "operating_revenue", _p("star_rd_ratio", "研发投入占比", "percent", 5)),
            source=STAR_SOURCE + "第一项（以当年数据近似近三年）",
            assumption=False,
        ),
        _condition(
            "star_rd_staff",
            "研发人员占当年员工总数的比例不低于{star_rd_staff}%",
            _share("rd_staff", "employees", _p("star_rd_staff", "研发人员占比", "percent", 10)),
            source=STAR_SOURCE + "第二项",
            assumption=False,
        ),
        _condition(
            "star_inventions",
            "发明专利不少于{star_inventions}项",
            _at_least("invention_granted", _p("star_inventions", "发明专利", "count", 7, "项")),
            source=STAR_SOURCE + "第三项（以年报发明专利授权数近似）",
            assumption=False,
        ),
        _condition(
            "star_revenue",
            "最近一年营业收入不低于{star_revenue}万元",
            _at_least("operating_revenue", _p("star_revenue", "营业收入", "money", 30000)),
            source=STAR_SOURCE + "第四项（营业收入金额）",
            assumption=False,
        ),
    ),
)

LEADING = _library(
    "leading",
    "领军企业培育库",
    "科企梯次培育库",
    settable=True,
    filters=("q", "year"),
    note="领军企业培育库的条件未公布，以下默认值均为推定，请按主管部门要求设置。",
    conditions=(
        _condition(
            "leading_revenue",
            "营业收入不低于{leading_revenue}万元",
            _at_least("operating_revenue", _p("leading_revenue", "营业收入", "money", 50000)),
            source=ASSUMED,
        ),
        _condition(
            "leading_rd",
            "研发经费支出占营业收入比例不低于{leading_rd}%",
            _share("rd_expense", "operating_revenue", _p("leading_rd", "研发经费占比", "percent", 3)),
            source=ASSUMED,
        ),
        _condition(
            "leading_inventions",
            "发明专利授权数不少于{leading_inventions}件",
            _at_least("invention_granted", _p("leading_inventions", "发明专利授权数", "count", 5, "件")),
            source=ASSUMED,
        ),
        _condition(
            "leading_high_tech",
            "为高新技术企业",
            Check("flag", ("is_high_tech",), expected=1),
            source=ASSUMED,
        ),
    ),
)

GROWTH_RATE = _p("growth_rate", "年营业收入增长率", "growth", 20)  # one parameter, both years
HIGH_GROWTH = _library(
    "high-growth",
    "高成长科技企业筛选库",
    "科企后备库",
    filters=("q", "first_year", "year"),
    note="成长规则（推定）：连续两年营业收入增长率不低于20%，且两年前营业收入不低于500万元；"
    "“首次符合条件”为企业最早符合该规则的年报年度。",
    conditions=(
        _condition(
            "growth_base",
            "前两年度营业收入不低于{growth_base}万元",
            _at_least("revenue_prev2", _p("growth_base", "基期营业收入", "money", 500)),
            source=ASSUMED + "（未找到重庆市高成长科技企业的认定标准）",
        ),
        _condition(
            "growth_prev",
            "上一年度营业收入增长率不低于{growth_rate}%",
            _growth("revenue_prev1", "revenue_prev2", GROWTH_RATE),
            source=ASSUMED,
        ),
        _condition(
            "growth_this",
            "本年度营业收入增长率不低于{growth_rate}%",
            _growth("operating_revenue", "revenue_prev1", GROWTH_RATE),
            source=ASSUMED,
        ),
    ),
)

NATIONAL_TECH_SME_RESERVE = _library(
    "tech-sme-reserve",
    "国家科技型中小企业后备库",
    "科企后备库",
    settable=True,
    filters=("q", "year"),
    outreach_kind="tech_sme",
    note="两条国家科技型中小企业条件说明；默认值取自《科技型中小企业评价办法》（推定，待市科技局确认）。",
    conditions=(
        _condition(
            "size",
            "职工总数不超过{size_staff}人，年销售收入不超过{size_revenue}万元，资产总额不超过{size_assets}万元",
            _at_most("employees", _p("size_staff", "职工总数上限", "count", 500, "人")),
            _at_most("operating_revenue", _p("size_revenue", "年销售收入上限", "money", 20000)),
            _at_most("total_assets", _p("size_assets", "资产总额上限", "money", 20000)),
            source=TECH_SME_SOURCE + "（二）",
        ),
        _condition(
            "tech_staff",
            "科技人员占职工总数的比例不低于{sme_tech_ratio}%",
            _share("tech_staff", "employees", _p("sme_tech_ratio", "科技人员占比", "percent", 10)),
            source="国科发政〔2017〕115号 第七条（科技人员指标得分不为零的下限）",
        ),
    ),
)

TECH_RECOGNISED = _library(
    "tech-recognised",
    "科技型企业认定库",
    "科企认定库",
    kind="recognition",
    filters=("q",),
    outreach_kind="tech_sme",
    note="持有有效科技型企业（科技型中小企业）入库登记编号的企业。",
)

HIGH_TECH_RECOGNISED = _library(
    "high-tech-recognised",
    "高新技术企业认定库",
    "科企认定库",
    kind="recognition",
    filters=("q",),
    outreach_kind="high_tech",
    note="持有有效高新技术企业证书的企业。",
)

LIBRARIES: dict[str, Library] = {
    lib.key: lib
    for lib in (
        INCUBATION,
        HIGH_TECH_RESERVE,
        STAR_RESERVE,
        LEADING,
        HIGH_GROWTH,
        NATIONAL_TECH_SME_RESERVE,
        TECH_RECOGNISED,
        HIGH_TECH_RECOGNISED,
    )
}
GROWTH_LIBRARY = HIGH_GROWTH.key


def screened_fields() -> list[str]:
    """The fact columns some library condition or hint reads (what the screen keeps in memory)."""
    found = ["operating_revenue"]
    for library in LIBRARIES.values():
        for condition in (*library.conditions, *library.hint):
            for check in condition.checks:
                found.extend(name for name in check.fields if name not in found)
    return found


def get_library(key: str) -> Library:
    try:
        return LIBRARIES[key]
    except KeyError:
        known = "、".join(LIBRARIES)
        raise PolicyInputError([field_error("library", f"未知的库“{key}”，可选：{known}")]) from None


# Parameters -----------------------------------------------------------------------------------


def parse_params(library: Library, raw: dict, *, strict: bool = False) -> tuple[dict[str, Decimal], list[dict]]:
    """The values in force: defaults overridden by `raw` (strings or numbers). Returns the values
    and a list of {"field", "message"} for every bad value (which keeps its default). With
    `strict`, a key that is not a parameter of the library is an error too (the API)."""
    values = library.defaults()
    errors: list[dict] = []
    by_key = {p.key: p for p in library.params()}
    if strict:
        for key in raw:
            if key not in by_key:
                errors.append(field_error(key, f"“{library.name}”没有名为“{str(key)[:40]}”的条件参数"))
    for key, param in by_key.items():
        if key not in raw:
            continue
        text = str(raw[key]).strip().replace("\x00", "")
        if text == "":
            continue
        value, message = parse_value(param, text)
        if message:
            errors.append(field_error(key, f"{param.label}：{message}"))
        else:
            values[key] = value
    return values, errors


def parse_value(param: Param, text: str) -> tuple[Decimal | None, str]:
    maximum, places, unit = param.limits()
    if len(text) > 30:
        return None, "请输入不超过30位的数字"
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None, "请输入数字"
    if not value.is_finite():
        return None, "请输入数字"
    if value < 0:
        return None, "不能小于0"
    if value > maximum:
        if param.kind == "percent":
            return None, "百分比不能超过100"
        return None, f"不能超过{format_number(maximum)}{unit}"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        return None, "请输入整数" if places == 0 else f"最多保留{places}位小数"
    return value.normalize() if value != 0 else Decimal(0), ""


def format_number(value: Decimal | None) -> str:
    if value is None:
        return "—"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def sentence(condition: Condition, values: dict[str, Decimal]) -> str:
    return condition.sentence.format(**{p.key: format_number(values[p.key]) for p in condition.params})


def describe(library: Library, values: dict[str, Decimal]) -> list[str]:
    """The conditions in force in words, one line each (page header and export title rows)."""
    return [f"{i}. {sentence(c, values)}" for i, c in enumerate(library.conditions, 1)]


# Explanation (X2) --------------------------------------------------------------------------------

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
STATUS_LABELS = {PASS: "符合", FAIL: "不符合", UNKNOWN: "需补充信息"}


@dataclass
class CheckResult:
    status: str
    figure: str  # the enterprise's figure in words
    threshold: str
    gap: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class ConditionResult:
    condition: Condition
    sentence: str
    status: str
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _value(facts: dict, name: str) -> Decimal | None:
    value = facts.get(name)
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(value)


def _show(name: str, value: Decimal | None) -> str:
    if value is None:
        return "未填报"
    _label, unit, kind = FACT_FIELDS[name]
    if kind == "flag":
        return "是" if value else "否"
    return f"{format_number(value)}{unit}"


def _pct(num: Decimal, den: Decimal) -> Decimal:
    return (num * 100 / den).quantize(Decimal("0.01"))


def _ratio(check: Check, facts, values, percent_key: str, num: str, den: str) -> CheckResult:
    a, b = _value(facts, num), _value(facts, den)
    p = values[percent_key]
    label_a, label_b = FACT_FIELDS[num][0], FACT_FIELDS[den][0]
    threshold = f"{label_a}/{label_b} ≥ {format_number(p)}%"
    if a is None or b is None or b <= 0:
        missing = label_b if b is not None and b <= 0 else (label_a if a is None else label_b)
        why = f"{label_b}为0，无法计算比例" if b is not None and b <= 0 else f"{missing}未填报"
        return CheckResult(UNKNOWN, why, threshold, "需补充信息")
    figure = f"{_show(num, a)} / {_show(den, b)} = {format_number(_pct(a, b))}%"
    if a * 100 >= p * b:
        return CheckResult(PASS, figure, threshold)
    needed = p * b / HUNDRED - a
    unit = FACT_FIELDS[num][1]
    if FACT_FIELDS[num][2] == "count":
        needed = needed.to_integral_value(rounding="ROUND_CEILING")
    else:
        needed = needed.quantize(Decimal("0.0001"), rounding="ROUND_CEILING")
    return CheckResult(FAIL, figure, threshold, f"{label_a}还差{format_number(needed)}{unit}")


def evaluate_check(check: Check, facts: dict, values: dict[str, Decimal]) -> CheckResult:
    if check.kind in ("min", "max"):
        name = check.fields[0]
        param = check.params[0]
        v, p = _value(facts, name), values[param.key]
        unit = FACT_FIELDS[name][1]
        sign = "≥" if check.kind == "min" else "≤"
        threshold = f"{FACT_FIELDS[name][0]} {sign} {format_number(p)}{unit}"
        if v is None:
            return CheckResult(UNKNOWN, _show(name, v), threshold, "需补充信息")
        ok = v >= p if check.kind == "min" else v <= p
        if ok:
            return CheckResult(PASS, _show(name, v), threshold)
        gap = f"还差{format_number(p - v)}{unit}" if check.kind == "min" else f"超出{format_number(v - p)}{unit}"
        return CheckResult(FAIL, _show(name, v), threshold, gap)
    if check.kind == "ratio_min":
        return _ratio(check, facts, values, check.params[0].key, check.fields[0], check.fields[1])
    if check.kind == "tiered_ratio_min":
        basis = _value(facts, check.fields[2])
        if basis is None:
            label = FACT_FIELDS[check.fields[2]][0]
            return CheckResult(UNKNOWN, f"{label}未填报", "按销售收入分档", "需补充信息")
        tier = next((i for i, bound in enumerate(check.bounds) if basis <= bound), len(check.bounds))
        return _ratio(check, facts, values, check.params[tier].key, check.fields[0], check.fields[1])
    if check.kind == "growth_min":
        now, before = _value(facts, check.fields[0]), _value(facts, check.fields[1])
        p = values[check.params[0].key]
        threshold = f"增长率 ≥ {format_number(p)}%"
        if now is None or before is None or before <= 0:
            why = "缺少可比年度的营业收入" if now is None or before is None else "基期营业收入为0，无法计算增长率"
            return CheckResult(UNKNOWN, why, threshold, "需补充信息")
        rate = _pct(now - before, before)
        figure = f"{_show(check.fields[0], now)}，{_show(check.fields[1], before)}，增长{format_number(rate)}%"
        if now * 100 >= before * (100 + p):
            return CheckResult(PASS, figure, threshold)
        needed = (before * (100 + p) / HUNDRED - now).quantize(Decimal("0.0001"), rounding="ROUND_CEILING")
        return CheckResult(FAIL, figure, threshold, f"营业收入还差{format_number(needed)}万元")
    if check.kind == "flag":
        name = check.fields[0]
        v = _value(facts, name)
        wanted = "是" if check.expected else "否"
        threshold = f"{FACT_FIELDS[name][0]}：{wanted}"
        if v is None:
            return CheckResult(UNKNOWN, "未填报", threshold, "需补充信息")
        if int(v) == check.expected:
            return CheckResult(PASS, _show(name, v), threshold)
        return CheckResult(FAIL, _show(name, v), threshold, f"应为“{wanted}”")
    raise ValueError(f"unknown check kind {check.kind}")


def combine(statuses: list[str]) -> str:
    if FAIL in statuses:
        return FAIL
    if UNKNOWN in statuses:
        return UNKNOWN
    return PASS


def explain(conditions: tuple[Condition, ...], facts: dict, values: dict[str, Decimal]) -> list[ConditionResult]:
    """Every condition with the enterprise's figure, the threshold, pass/fail/unknown and the gap."""
    found = []
    for condition in conditions:
        checks = [evaluate_check(check, facts, values) for check in condition.checks]
        found.append(
            ConditionResult(condition, sentence(condition, values), combine([c.status for c in checks]), checks)
        )
    return found


def verdict(results: list[ConditionResult]) -> str:
    return combine([r.status for r in results])
