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


def _region(condition: dict, enterprise, today: date, regions: dict) -> Outcome:
    region = regions.get(condition["code"]) or Region.objects.filter(code=condition["code"]).first()
    if region is None or not enterprise.region_path:
        return Outcome(condition["label"], UNKNOWN, "请先完善企业注册地")
    inside = enterprise.region_path.startswith(region.path)
    return Outcome(condition["label"], MET if inside else UNMET, "" if inside else f"企业注册地不在{region.full_name}")


def _qualification(condition: dict, enterprise, today: date, regions: dict) -> Outcome:
    valid = valid_qualifications(today).filter(enterprise=enterprise, kind__in=condition["any_of"])
    if valid.exists():
        return Outcome(condition["label"], MET)
    return Outcome(condition["label"], UNMET, f"未查询到{condition['label']}的资质")


def _profile(condition: dict, enterprise, today: date, regions: dict) -> Outcome:
    """`{"kind": "profile", "fields": [[attribute, label], …]}`: the profile has them all (S1.17)."""
    missing = [label for attribute, label in condition["fields"] if getattr(enterprise, attribute, None) in (None, "")]
    if not missing:
        return Outcome(condition["label"], MET)
    return Outcome(condition["label"], UNMET, f"请先在“企业基本信息”中完善：{'、'.join(missing)}")


CHECKS = {"region": _region, "qualification": _qualification, "profile": _profile}


def register(kind: str, check) -> None:
    """An app adds a condition kind (e.g. "digital_assessment"):
    check(condition, enterprise, today, regions) -> Outcome."""
    CHECKS[kind] = check


def evaluate(conditions: list[dict], enterprise, today: date, regions: dict | None = None) -> list[Outcome]:
    """``regions``: regions already loaded, by code (the matcher passes the programs' own). A kind
    no installed app checks is "needs information", never "no"."""
    outcomes = []
    for condition in conditions:
        check = CHECKS.get(condition["kind"])
        if check is None:
            outcomes.append(Outcome(condition["label"], UNKNOWN, "该条件暂无法自动核验"))
        else:
            outcomes.append(check(condition, enterprise, today, regions or {}))
    return outcomes


def unmet_message(outcomes: list[Outcome]) -> str:
    """The first unmet or unknown condition, named, for a refusal at the field."""
    for outcome in outcomes:
        if outcome.status == UNMET:
            return f"不符合申报条件：{outcome.label}（{outcome.reason}）"
        if outcome.status == UNKNOWN:
            return f"需要补充信息后才能判断申报条件：{outcome.label}（{outcome.reason}）"
    return ""
