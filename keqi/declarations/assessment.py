"""Self-assessment of a declaration by a keqi.policy scheme, declared in the program's data (X2).

    "assessment": {"scheme": "specialized_sme",
                   "inputs": {"niche_years": "niche_years",                  # an answer key
                              "main_share": {"answer": "x", "scale": "percent"},  # 80 -> 0.8
                              "digital_level": {"provider": "digital_level"},     # registered by an app
                              "is_review": {"value": false}}}                     # a constant

The ruleset is the one in force on the declaration date: the submit date once submitted, else
today (a 专精特新 declaration of 2026-03-31 is scored by 2022, one of 2026-04-01 by 2026). Bad or
missing figures are shown as 需补充信息 with the field named, never as "not qualified".
Apps add providers (a figure the enterprise does not type, e.g. its latest digital level) with
`register_provider`; the host knows none of them."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from keqi import policy

Provider = Callable[[Any, date], Any]  # (enterprise, declaration date) -> value, None or Missing


class Missing(str):
    """A provider's "needs information" (需补充信息) with the reason: the input is left out and the
    reason shown, so an unknown fact never reads as a "no"."""


PROVIDERS: dict[str, Provider] = {}
PROVIDER_LABELS: dict[str, str] = {}


# Group totals some schemes report beside their indicators.
GROUP_LABELS = {
    "innovation": "创新能力类合计",
    "growth_group": "成长性类合计",
    "specialization": "专业化类合计",
    "special": "特色化指标",
}


def register_provider(name: str, provider: Provider, label: str = "") -> None:
    PROVIDERS[name] = provider
    PROVIDER_LABELS[name] = label or name


def declaration_date(submission) -> date:
    moment = submission.submitted_at if submission.submitted_at and submission.status != "draft" else None
    return timezone.localdate(moment) if moment else timezone.localdate()


def _value(spec, answers: dict, enterprise, on: date):
    if isinstance(spec, str):
        spec = {"answer": spec}
    if "value" in spec:
        return spec["value"]
    if "provider" in spec:
        provider = PROVIDERS.get(spec["provider"])
        return provider(enterprise, on) if provider else None
    if "computed" in spec:  # a figure the form computes (keqi.formkit.registry), e.g. quarter averages
        from keqi.formkit import registry

        return registry.COMPUTED[spec["computed"]](answers, **spec.get("args", {}))
    if "qualification" in spec:  # holds a valid recognition of these kinds on the declaration date
        from keqi.enterprises.selectors import valid_qualifications

        return valid_qualifications(on, kinds=spec["qualification"]).filter(enterprise=enterprise).exists()
    value = answers.get(spec.get("answer", ""))
    if value in (None, ""):
        return None
    if value in ("yes", "no"):  # a yesno field
        return value == "yes"
    if spec.get("scale") == "percent":
        try:
            return str(Decimal(str(value)) / 100)
        except InvalidOperation:
            return None
    return value


def inputs_for(program, answers: dict, enterprise, on: date, notes: list | None = None) -> dict:
    found = {}
    for name, spec in (program.assessment.get("inputs") or {}).items():
        value = _value(spec, answers, enterprise, on)
        if isinstance(value, Missing):
            if notes is not None:
                notes.append(str(value))
        elif value is not None:
            found[name] = value
    return found


def run(submission) -> dict | None:
    """The scheme's result for this declaration, or None when the program declares none.
    {"result": policy result | None, "missing": ["field label：message"], "on": date, "ruleset"}."""
    config = submission.program.assessment or {}
    if not config.get("scheme"):
        return None
    on = declaration_date(submission)
    notes: list[str] = []
    inputs = inputs_for(submission.program, submission.answers, submission.enterprise, on, notes)
    try:
        result = policy.assess(config["scheme"], {**inputs, "as_of": on.isoformat()})
    except policy.PolicyInputError as error:
        missing = notes + [_missing_text(config, e) for e in error.errors]
        return {"result": None, "missing": list(dict.fromkeys(missing)), "on": on, "ruleset": None}
    _blocking(config, submission.answers, result)
    return {"result": result, "missing": notes, "on": on, "ruleset": result["ruleset"]}


def _missing_text(config: dict, error: dict) -> str:
    """The scheme names its input keys ("缺少必填项 employees"); the program's `missing_messages`
    say it in the form's words ("请在“上一年度企业人力资源情况表”中填写…")."""
    name = error.get("field", "").split("[")[0].split(".")[0]
    return (config.get("missing_messages") or {}).get(name, error["message"])


def _blocking(config: dict, answers: dict, result: dict) -> None:
    """`"blocking": [{"answer", "equals", "reason"}]`: an answer that makes the result 不符合 on
    its own, with the reason (e.g. no R&D ledger)."""
    for item in config.get("blocking") or []:
        if answers.get(item["answer"]) == item["equals"]:
            result["qualified"] = False
            result.setdefault("reasons", []).append(item["reason"])


def submit_problems(submission) -> dict[str, str]:
    """`"required": true`: only a 符合 self-assessment may be submitted; otherwise why not."""
    config = submission.program.assessment or {}
    if not config.get("required"):
        return {}
    found = run(submission)
    if found["result"] is None:
        return {"assessment": "自评无法计算：" + "；".join(found["missing"])}
    if found["result"].get("qualified") is None:
        return {"assessment": "自评需补充信息：" + "；".join(found["result"].get("reasons") or found["missing"])}
    if not found["result"]["qualified"]:
        reasons = "；".join(found["result"].get("reasons") or [])
        return {
            "assessment": f"自评结果不符合{found['scheme_name'] if 'scheme_name' in found else '申报条件'}，不能提交"
            + (f"：{reasons}" if reasons else "")
        }
    return {}


def view(submission) -> dict | None:
    """What the pages show: the result with each score's Chinese label, the verdict and the rule's title."""
    found = run(submission)
    if found is None:
        return None
    from keqi.policy.registry import get_scheme, select_ruleset

    scheme = get_scheme(submission.program.assessment["scheme"])
    found["scheme_name"] = scheme.name
    result = found["result"]
    if result is None:
        try:
            chosen = select_ruleset(scheme.id, on=found["on"])
        except policy.PolicyInputError:
            chosen = None
        found["document"] = chosen.document if chosen else ""
        found["verdict"] = "需补充信息"
        return found
    chosen = select_ruleset(scheme.id, result["ruleset"])
    labels = {spec.name: spec.label for spec in chosen.fields}
    if chosen.whatif is not None:
        labels.update({component.id: component.label for component in chosen.whatif.components})
        labels.update(dict(chosen.whatif.headline))
    for key, label in GROUP_LABELS.items():
        labels.setdefault(key, label)
    found["document"] = chosen.document
    found["scores"] = [{"key": k, "label": labels.get(k, "得分"), "value": v} for k, v in result["scores"].items()]
    found["verdict"] = {True: "符合", False: "暂不符合", None: "需补充信息"}[result["qualified"]]
    found["hints"] = [hint["text"] for hint in result.get("hints", [])]
    return found


TOTAL_FIGURE = "assessment_total"  # the self-assessment's total score at submit (lists, statistics)


def record_total(submission) -> None:
    """Keep the submitted self-assessment's total as a figure (自评总分 in queries and exports)."""
    from keqi.declarations.models import Figure

    found = run(submission)
    if found is None:
        return
    total = (found["result"] or {}).get("total")
    Figure.objects.update_or_create(submission=submission, key=TOTAL_FIGURE, defaults={"number": total, "text": ""})
