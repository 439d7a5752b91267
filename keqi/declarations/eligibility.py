"""Declared eligibility conditions checked against the profile (S0.2): each says met, unmet
(with the reason) or unknown (needs information) — never a bare "no"."""

from dataclasses import dataclass
from datetime import date

from keqi.enterprises.selectors import valid_qualifications
from keqi.reference.models import Region

MET, UNMET, UNKNOWN = "met", "unmet", "unknown"


@dataclass(frozen=True)
class Outcome:
    label: str
    status: str
    reason: str = ""


def _region(condition: dict, enterprise, today: date) -> Outcome:
    region = Region.objects.filter(code=condition["code"]).first()
    if region is None or not enterprise.region_path:
        return Outcome(condition["label"], UNKNOWN, "请先完善企业注册地")
    inside = enterprise.region_path.startswith(region.path)
    return Outcome(condition["label"], MET if inside else UNMET, "" if inside else f"企业注册地不在{region.full_name}")


def _qualification(condition: dict, enterprise, today: date) -> Outcome:
    valid = valid_qualifications(today).filter(enterprise=enterprise, kind__in=condition["any_of"])
    if valid.exists():
        return Outcome(condition["label"], MET)
    return Outcome(condition["label"], UNMET, f"未查询到{condition['label']}的资质")


CHECKS = {"region": _region, "qualification": _qualification}


def register(kind: str, check) -> None:
    """Apps add condition kinds (check(condition, enterprise, today) → Outcome) from their ready()."""
    CHECKS[kind] = check


def evaluate(conditions: list[dict], enterprise, today: date) -> list[Outcome]:
    return [CHECKS[condition["kind"]](condition, enterprise, today) for condition in conditions]


def unmet_message(outcomes: list[Outcome]) -> str:
    """The first unmet or unknown condition, named, for a refusal at the field."""
    for outcome in outcomes:
        if outcome.status == UNMET:
            return f"不符合申报条件：{outcome.label}（{outcome.reason}）"
        if outcome.status == UNKNOWN:
            return f"需要补充信息后才能判断申报条件：{outcome.label}（{outcome.reason}）"
    return ""
