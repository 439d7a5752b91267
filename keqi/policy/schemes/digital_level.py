"""中小企业数字化水平评测, ruleset 2022 (工信厅企业〔2022〕32号; POLICY-RULES.md §4); the 2024
questionnaire ruleset is in digital_level_2024.

The result is a level 0-4 (一级 20-40, 二级 40-60, 三级 60-80, 四级 >= 80; lower bounds
inclusive, below 20 no level) and the points it gives to indicator 5 of the 2022 专精特新
standard. The 2022 per-dimension weights were not found, so the questionnaire is taken as
the four dimension totals, which add up to the score.
"""

from __future__ import annotations

from datetime import date

from ..assessment import Assessment, Outcome
from ..errors import field_error
from ..explain import score_below
from ..inputs import CHOICE, NUMBER, Field
from ..numbers import CONTEXT, HUNDRED, ZERO, plain
from ..rules import Data, Ruleset
from ..tiers import at_least
from .digital_level_2024 import RULESET_2024
from .specialized_sme_2022 import DIGITAL_TIERS

SCHEME = "digital_level"
RULESET = "2022"

LEVEL_TIERS = at_least((80, 4), (60, 3), (40, 2), (20, 1))
LEVEL_NAMES = {0: "无等级", 1: "一级", 2: "二级", 3: "三级", 4: "四级"}
DIMENSIONS = (
    ("foundation_score", "数字化基础"),
    ("operation_score", "数字化经营"),
    ("management_score", "数字化管理"),
    ("outcome_score", "数字化成效"),
)
INDUSTRIES = ("manufacturing", "productive_services", "other")

FIELDS = (
    Field("score", NUMBER, "数字化水平评测总分", minimum=0, maximum=HUNDRED, description="0-100；也可填四个维度得分"),
    *(Field(name, NUMBER, f"{label}得分", minimum=0, maximum=HUNDRED) for name, label in DIMENSIONS),
    Field(
        "industry",
        CHOICE,
        "评测问卷行业",
        default="manufacturing",
        choices=INDUSTRIES,
        description="制造业、生产性服务业、其他行业",
    ),
)


def prepare(data: Data, errors: list[dict]) -> Data:
    prepared = dict(data)
    given = [data.get(name) for name, _ in DIMENSIONS]
    if all(value is not None for value in given):
        total = sum(given, ZERO)
        if total > HUNDRED:
            errors.append(field_error("score", f"四个维度得分合计 {plain(total)} 分，超过 100 分"))
        elif data.get("score") is not None and data["score"] != total:
            errors.append(field_error("score", f"总分 {plain(data['score'])} 与四个维度得分合计 {plain(total)} 不一致"))
        prepared["score"] = total
    elif any(value is not None for value in given):
        missing = [label for (name, label), value in zip(DIMENSIONS, given, strict=True) if value is None]
        errors.append(field_error("score", f"维度得分不完整，缺少：{'、'.join(missing)}"))
    elif data.get("score") is None and not any(e["field"] == "score" for e in errors):
        errors.append(field_error("score", "缺少必填项：数字化水平评测总分（或四个维度得分）"))
    return prepared


def evaluate(data: Data) -> Assessment:
    score = data["score"]
    level = LEVEL_TIERS.score(score)
    outcome = Outcome()
    if level == 0:
        outcome.fail("no_level", score_below("数字化水平评测得分", score, LEVEL_TIERS.bands[-1][0], "未达到一级"))
    next_level = None
    for bound, points in reversed(LEVEL_TIERS.bands):
        if points > level:
            next_level = {
                "level": points,
                "name": LEVEL_NAMES[points],
                "score": bound,
                "gap": CONTEXT.subtract(bound, score),
            }
            break
    scores = {name: data[name] for name, _ in DIMENSIONS if data.get(name) is not None}
    return Assessment.build(
        SCHEME,
        RULESET,
        outcome,
        route="score",
        total=score,
        scores=scores,
        ratios={},
        extra={
            "level": level,
            "level_name": LEVEL_NAMES[level],
            "indicator_points": DIGITAL_TIERS.score(level),
            "next_level": next_level,
            "industry": data["industry"],
        },
    )


RULESET_2022 = Ruleset(
    scheme=SCHEME,
    id=RULESET,
    effective=date(2022, 11, 1),
    title="中小企业数字化水平评测",
    document="工信厅企业〔2022〕32号《中小企业数字化水平评测指标（2022年版）》",
    fields=FIELDS,
    evaluate=evaluate,
    prepare=prepare,
    any_of=(("score", "foundation_score"),),
)

RULESETS = (RULESET_2022, RULESET_2024)
