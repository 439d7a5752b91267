"""知识价值信用评级 (Chongqing knowledge-value credit rating), ruleset 2025 (NEXT-WAVE-RULES §1.5).

Known (medium confidence): base indicators 知识产权 and 研发投入, bonus indicators 科技人才,
创新产品 and 创新企业; a weighted part plus a bonus part; five grades A–E. NOT known: the
weights, the formula and the cut-offs. So every number here is a parameter an administrator
sets (the input ``parameters``); ``DEFAULT_PARAMETERS`` are assumptions, documented in
docs/credit-rating.md, until the official weights are found.

Score = Σ weight × indicator score (each 0–100) + bonuses; grade A if score ≥ cut-off A, …, E
below cut-off D (lower bounds inclusive). Unknown figures never lower a grade: the score is
computed with each unknown at its worst and at its best; when the two give different grades
the result is 需补充信息 (grade null, ``pending`` = ``missing_information``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

from ..assessment import Assessment, Outcome
from ..errors import field_error
from ..inputs import AMOUNT, BOOL, COUNT, MAPPING, STAFF, Field
from ..numbers import HUNDRED, ZERO, NumberError, bound_percent, parse_decimal, percent, plain, ratio
from ..rules import Data, Ruleset

SCHEME = "credit_rating"
RULESET = "2025"
GRADES = ("A", "B", "C", "D", "E")

IP_ITEMS = (  # (input, parameter key, label)
    ("invention_granted", "invention", "发明专利授权"),
    ("utility_granted", "utility", "实用新型专利授权"),
    ("design_granted", "design", "外观设计专利授权"),
    ("software_copyrights", "software", "软件著作权登记"),
    ("ic_layouts", "ic_layout", "集成电路布图设计登记"),
    ("new_varieties", "variety", "植物新品种"),
)
WEIGHT_LABELS = {"ip": "知识产权", "rd": "研发投入"}
BONUS_LABELS = {"talent": "科技人才", "product": "创新产品", "enterprise": "创新企业"}

DEFAULT_PARAMETERS: dict[str, Any] = {
    "weights": {"ip": "50", "rd": "50"},  # per cent of the base score; sum 100
    "ip_points": {"invention": 25, "utility": 10, "design": 5, "software": 5, "ic_layout": 10, "variety": 10},
    "ip_cap": 100,
    "rd_tiers": [["0.06", 100], ["0.04", 80], ["0.03", 60], ["0.02", 40], ["0.01", 20]],
    "talent_share": "0.3",
    "bonus": {"talent": 5, "product": 5, "enterprise": 10},
    "cutoffs": {"A": 85, "B": 70, "C": 55, "D": 40},
}

FIELDS = (
    *(Field(name, COUNT, f"{label}数（件）", nullable=True) for name, _key, label in IP_ITEMS),
    Field("rd_expense", AMOUNT, "研发经费支出（万元）", nullable=True),
    Field("operating_revenue", AMOUNT, "营业收入（万元）", nullable=True),
    Field("employees", STAFF, "从业人员总数", nullable=True),
    Field("tech_staff", STAFF, "科技人员数", nullable=True),
    Field("hitech_products", COUNT, "高新技术产品数", nullable=True),
    Field("is_high_tech", BOOL, "是否高新技术企业", nullable=True),
    Field(
        "parameters",
        MAPPING,
        "评级参数",
        description="权重、计分和等级分数线；缺省为平台默认参数（假设值），见 DEFAULT_PARAMETERS",
    ),
)


# ---------------------------------------------------------------- parameters


def _number(raw: Any, path: str, errors: list[dict], *, lower: Decimal = ZERO, upper: Decimal | None = None):
    try:
        value = parse_decimal(raw)
    except NumberError:
        errors.append(field_error(path, "应为数值"))
        return None
    if value < lower or (upper is not None and value > upper):
        bound = f"{plain(lower)} 至 {plain(upper)}" if upper is not None else f"不小于 {plain(lower)}"
        errors.append(field_error(path, f"应在 {bound} 之间" if upper is not None else f"应{bound}"))
        return None
    return value


def check_parameters(raw: Any) -> tuple[dict[str, Any], list[dict]]:
    """Typed parameters (defaults for what is left out) and every problem, in Chinese."""
    errors: list[dict] = []
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        return {}, [field_error("parameters", "评级参数应为 JSON 对象")]
    given = {**DEFAULT_PARAMETERS, **raw}
    for key, default in DEFAULT_PARAMETERS.items():  # a partial table keeps the other defaults
        if isinstance(default, dict) and isinstance(raw.get(key), dict):
            given[key] = {**default, **raw[key]}
    out: dict[str, Any] = {}
    weights = given["weights"] if isinstance(given["weights"], dict) else {}
    out["weights"] = {
        key: _number(weights.get(key), f"parameters.weights.{key}", errors, upper=HUNDRED) for key in WEIGHT_LABELS
    }
    if all(v is not None for v in out["weights"].values()) and sum(out["weights"].values()) != HUNDRED:
        total = plain(sum(out["weights"].values()))
        errors.append(field_error("parameters.weights", f"知识产权与研发投入的权重合计应为 100%，现为 {total}%"))
    points = given["ip_points"] if isinstance(given["ip_points"], dict) else {}
    out["ip_points"] = {
        key: _number(points.get(key), f"parameters.ip_points.{key}", errors, upper=HUNDRED) for _n, key, _l in IP_ITEMS
    }
    out["ip_cap"] = _number(given["ip_cap"], "parameters.ip_cap", errors, upper=HUNDRED)
    tiers = given["rd_tiers"]
    out["rd_tiers"] = []
    if not isinstance(tiers, list) or not tiers:
        errors.append(field_error("parameters.rd_tiers", "研发投入分档应为至少一档的列表"))
    else:
        for index, tier in enumerate(tiers):
            path = f"parameters.rd_tiers[{index}]"
            if not isinstance(tier, list | tuple) or len(tier) != 2:
                errors.append(field_error(path, f"第 {index + 1} 档应为 [比例, 分数]"))
                continue
            bound = _number(tier[0], path, errors, upper=Decimal(1))
            score = _number(tier[1], path, errors, upper=HUNDRED)
            if bound is not None and score is not None:
                out["rd_tiers"].append((bound, score))
        bounds = [b for b, _s in out["rd_tiers"]]
        if len(bounds) == len(tiers) and (bounds != sorted(set(bounds), reverse=True)):
            errors.append(field_error("parameters.rd_tiers", "研发投入分档应按比例从高到低排列，且比例不重复"))
    out["talent_share"] = _number(given["talent_share"], "parameters.talent_share", errors, upper=Decimal(1))
    bonus = given["bonus"] if isinstance(given["bonus"], dict) else {}
    out["bonus"] = {
        key: _number(bonus.get(key), f"parameters.bonus.{key}", errors, upper=HUNDRED) for key in BONUS_LABELS
    }
    cutoffs = given["cutoffs"] if isinstance(given["cutoffs"], dict) else {}
    out["cutoffs"] = {
        grade: _number(cutoffs.get(grade), f"parameters.cutoffs.{grade}", errors, upper=Decimal(200))
        for grade in GRADES[:-1]
    }
    values = list(out["cutoffs"].values())
    if all(v is not None for v in values) and any(a <= b for a, b in pairwise(values)):
        errors.append(field_error("parameters.cutoffs", "等级分数线应满足 A > B > C > D"))
    return out, errors


def prepare(data: Data, errors: list[dict]) -> Data:
    prepared = dict(data)
    parameters, problems = check_parameters(data.get("parameters"))
    errors.extend(problems)
    prepared["parameters"] = parameters
    return prepared


# ---------------------------------------------------------------- scoring


def _cap(value: Decimal, cap: Decimal) -> Decimal:
    return min(value, cap)


def _ip(data: Data, p: dict) -> dict:
    cap = p["ip_cap"]
    parts, missing, low = [], [], ZERO
    for name, key, label in IP_ITEMS:
        count = data.get(name)
        if count is None:
            missing.append(f"{label}数")
            continue
        points = count * p["ip_points"][key]
        low += points
        if count:
            parts.append(f"{label} {count} 件 × {plain(p['ip_points'][key])} 分")
    low = _cap(low, cap)
    high = cap if missing else low
    text = "、".join(parts) if parts else ("已填报的知识产权为 0" if not missing else "知识产权数量未填报")
    text += f"，计 {plain(low)} 分（上限 {plain(cap)} 分）"
    return {"low": low, "high": high, "missing": missing, "text": text}


def _rd(data: Data, p: dict) -> dict:
    tiers = p["rd_tiers"]
    best = max(score for _b, score in tiers)
    expense, revenue = data.get("rd_expense"), data.get("operating_revenue")
    missing = [label for value, label in ((expense, "研发经费支出"), (revenue, "营业收入")) if value is None]
    if missing:
        return {"low": ZERO, "high": best, "missing": missing, "text": "研发投入强度无法计算", "ratio": None}
    share = ratio(expense, revenue)
    if share is None:
        return {
            "low": ZERO,
            "high": ZERO,
            "missing": [],
            "text": "营业收入为 0，研发投入强度无法计算，计 0 分",
            "ratio": None,
        }
    score = next((s for bound, s in tiers if share >= bound), ZERO)
    lowest = tiers[-1][0]
    text = f"研发经费支出占营业收入 {percent(share)}，计 {plain(score)} 分"
    if score == ZERO:
        text += f"（低于最低一档 {bound_percent(lowest)}）"
    return {"low": score, "high": score, "missing": [], "text": text, "ratio": share}


def _bonus(data: Data, p: dict) -> dict[str, dict]:
    points = p["bonus"]
    found: dict[str, dict] = {}
    employees, tech = data.get("employees"), data.get("tech_staff")
    if employees is None or tech is None:
        missing = [label for value, label in ((employees, "从业人员总数"), (tech, "科技人员数")) if value is None]
        found["talent"] = {"low": ZERO, "high": points["talent"], "missing": missing, "text": "科技人员占比无法计算"}
    else:
        share = ratio(tech, employees)
        met = share is not None and share >= p["talent_share"]
        shown = percent(share) if share is not None else "无法计算（从业人员为 0）"
        text = f"科技人员占比 {shown}，{'达到' if met else '未达到'} {bound_percent(p['talent_share'])}"
        value = points["talent"] if met else ZERO
        found["talent"] = {"low": value, "high": value, "missing": [], "text": text + f"，加 {plain(value)} 分"}
    products = data.get("hitech_products")
    if products is None:
        found["product"] = {"low": ZERO, "high": points["product"], "missing": ["高新技术产品数"], "text": ""}
    else:
        value = points["product"] if products > 0 else ZERO
        text = f"高新技术产品 {products} 个，加 {plain(value)} 分"
        found["product"] = {"low": value, "high": value, "missing": [], "text": text}
    high_tech = data.get("is_high_tech")
    if high_tech is None:
        found["enterprise"] = {"low": ZERO, "high": points["enterprise"], "missing": ["是否高新技术企业"], "text": ""}
    else:
        value = points["enterprise"] if high_tech else ZERO
        text = f"{'是' if high_tech else '不是'}高新技术企业，加 {plain(value)} 分"
        found["enterprise"] = {"low": value, "high": value, "missing": [], "text": text}
    return found


def grade_of(score: Decimal, cutoffs: dict[str, Decimal]) -> str:
    """The first grade whose cut-off the score reaches (inclusive); E below every cut-off."""
    return next((g for g in GRADES[:-1] if score >= cutoffs[g]), GRADES[-1])


def evaluate(data: Data) -> Assessment:
    p = data["parameters"]
    weights = {key: value / HUNDRED for key, value in p["weights"].items()}
    base = {"ip": _ip(data, p), "rd": _rd(data, p)}
    bonus = _bonus(data, p)
    low = sum((weights[k] * v["low"] for k, v in base.items()), ZERO) + sum((v["low"] for v in bonus.values()), ZERO)
    high = sum((weights[k] * v["high"] for k, v in base.items()), ZERO) + sum((v["high"] for v in bonus.values()), ZERO)
    low_grade, high_grade = grade_of(low, p["cutoffs"]), grade_of(high, p["cutoffs"])
    missing = [label for item in (*base.values(), *bonus.values()) for label in item["missing"]]
    explanation = []
    for key, item in base.items():
        weighted = weights[key] * item["low"]
        line = f"{WEIGHT_LABELS[key]}（权重 {plain(p['weights'][key])}%）：{item['text']}"
        explanation.append(line + (f"，折合 {plain(weighted.normalize())} 分" if not item["missing"] else ""))
    for key, item in bonus.items():
        if item["text"]:
            explanation.append(f"加分·{BONUS_LABELS[key]}：{item['text']}")
    outcome = Outcome()
    grade: str | None = low_grade
    if low_grade != high_grade:
        grade = None
        outcome.wait(
            "missing_information",
            f"需补充信息：缺少{'、'.join(missing)}，补齐后等级在 {high_grade} 至 {low_grade} 之间",
        )
    cutoff_text = "，".join(f"{g} ≥ {plain(p['cutoffs'][g])} 分" for g in GRADES[:-1])
    explanation.append(f"等级分数线：{cutoff_text}，其余为 E")
    if grade is not None and missing:
        explanation.append(f"缺少{'、'.join(missing)}，但不影响等级")
    total = low.normalize() if grade is not None or low == high else None
    return Assessment.build(
        SCHEME,
        RULESET,
        outcome,
        route="score",
        total=total,
        scores={
            "ip": base["ip"]["low"] if not base["ip"]["missing"] else None,
            "rd": base["rd"]["low"] if not base["rd"]["missing"] else None,
            **{f"bonus_{k}": v["low"] if not v["missing"] else None for k, v in bonus.items()},
        },
        ratios={"rd_revenue": base["rd"].get("ratio")},
        extra={
            "grade": grade,
            "score_range": [low.normalize(), high.normalize()],
            "missing": missing,
            "explanation": explanation,
        },
    )


RULESET_2025 = Ruleset(
    scheme=SCHEME,
    id=RULESET,
    effective=date(2025, 1, 1),
    title="知识价值信用评级",
    document="重庆市知识价值信用贷款改革试点（2017年起）；指标权重和等级分数线未公开，采用管理员设置的参数",
    fields=FIELDS,
    evaluate=evaluate,
    prepare=prepare,
    notes=("权重和分数线为假设值，待取得官方评价办法后由管理员调整",),
)

RULESETS = (RULESET_2025,)
