"""政策匹配 (X1, X2, X3): every scheme and program the platform knows, matched against one
enterprise — qualifies now, not yet (with the unmet conditions and their gap) or needs
information (with the facts still missing), the estimated or approved amount, the facts used
with their source, and the apply link while a window is open. Unknown is never "no"."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from keqi import policy
from keqi.declarations import amounts, eligibility, windows
from keqi.declarations.models import Program, Submission
from keqi.matcher import inputs
from keqi.matcher.facts import QUALIFICATION_NAMES, Facts, gather

QUALIFIES, NOT_YET, NEEDS_INFO = "qualifies", "not_yet", "needs_info"
STATUS_LABELS = {QUALIFIES: "符合条件", NOT_YET: "暂不符合", NEEDS_INFO: "需补充信息"}
RECOGNITIONS = ("tech_sme", "innovative_sme", "specialized_sme", "little_giant", "high_tech")


@dataclass
class Entry:
    key: str
    name: str
    kind: str  # "认定" | "申报活动"
    status: str
    region: str = ""
    amount: Decimal | None = None
    amount_note: str = ""
    unmet: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    window: str = ""
    apply_url: str = ""
    submission_status: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def json(self, facts: Facts) -> dict:
        known = {fact.key: fact for fact in facts.all()}
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "region": self.region,
            "status": self.status,
            "status_label": self.status_label,
            "amount": None if self.amount is None else format(self.amount.normalize(), "f"),
            "amount_note": self.amount_note,
            "unmet": self.unmet,
            "missing": self.missing,
            "notes": self.notes,
            "facts": [
                {"label": known[key].label, "value": known[key].shown(), "source": known[key].source}
                for key in dict.fromkeys(self.used)
                if key in known
            ],
            "window": self.window,
            "apply_url": self.apply_url,
            "submission_status": self.submission_status,
        }


def _missing_from(errors: list[dict]) -> list[str]:
    return [e["message"].removeprefix("缺少必填项：") for e in errors]


def _recognition(facts: Facts, scheme: str) -> Entry:
    name = QUALIFICATION_NAMES[scheme]
    entry = Entry(key=f"scheme:{scheme}", name=f"{name}认定（评价）", kind="认定", status=NEEDS_INFO)
    if facts.holds(scheme):
        entry.status = QUALIFIES
        entry.notes.append(f"已是{name}：{facts.items[f'holds_{scheme}'].value}")
        entry.used.append(f"holds_{scheme}")
        return entry
    if scheme == "tech_sme" and facts.get("tech_sme_assessment"):
        return _from_result(entry, facts.get("tech_sme_assessment"), ["tech_sme_assessment"], [])
    built = inputs.SCHEMES[scheme](facts)
    entry.used.extend(built.used)
    try:
        result = policy.assess(scheme, dict(built), what_if=False)
    except policy.PolicyInputError as error:
        entry.missing = _missing_from(error.errors)
        return entry
    schema = policy.input_schema(scheme, result["ruleset"])["properties"]
    unknown = [spec.get("title", key) for key, spec in schema.items() if key not in built and key != "as_of"]
    return _from_result(entry, result, built.used, unknown)


def _from_result(entry: Entry, result: dict, used: list[str], unknown: list[str]) -> Entry:
    """A scheme result as an entry: failed with every input known is "not yet"; failed while
    some inputs were unknown (taken at their default) is "needs information"."""
    entry.used = list(dict.fromkeys([*entry.used, *used]))
    if result.get("qualified") is True:
        entry.status = QUALIFIES
        if result.get("total") is not None:
            entry.notes.append(f"测算得分 {result['total']} 分")
    elif result.get("qualified") is False and not unknown:
        entry.status = NOT_YET
        entry.unmet = list(result.get("reasons", []))
    else:
        entry.status = NEEDS_INFO
        entry.unmet = list(result.get("reasons", []))
        entry.missing = unknown[:8] + (["等"] if len(unknown) > 8 else [])
    return entry


def _program(facts: Facts, program: Program, submission: Submission | None, now) -> Entry:
    enterprise = facts.enterprise
    entry = Entry(
        key=f"program:{program.key}",
        name=program.name,
        kind="申报活动",
        status=QUALIFIES,
        region=program.region.full_name,
    )
    state = windows.state(program, enterprise, now)
    entry.window = state.message if not state.open else f"申报中：{state.message}" if state.message else "申报中"
    regions = {program.region.code: program.region}
    outcomes = eligibility.evaluate(program.eligibility, enterprise, facts.today, regions)
    for outcome in outcomes:
        if outcome.status == eligibility.UNMET:
            entry.status = NOT_YET
            entry.unmet.append(f"{outcome.label}：{outcome.reason}")
        elif outcome.status == eligibility.UNKNOWN:
            entry.missing.append(f"{outcome.label}（{outcome.reason}）")
    entry.used.append("region")
    in_region = enterprise.region_path.startswith(program.region.path)
    if not in_region and not entry.unmet:
        entry.status = NOT_YET
        entry.unmet.append(f"企业注册地不在{program.region.full_name}，该活动只面向{program.region.full_name}的企业")
    if (program.amount or {}).get("scheme") and in_region:
        _award(facts, program, submission, entry)
    if entry.status == QUALIFIES and entry.missing:
        entry.status = NEEDS_INFO
    if submission is not None:
        entry.submission_status = submission.get_status_display()
        if submission.status == "approved" and submission.approved_amount is not None:
            entry.amount, entry.amount_note = submission.approved_amount, "核定金额"
    if state.open and in_region and entry.status != NOT_YET and (submission is None or submission.status != "rejected"):
        entry.apply_url = reverse("declarations:program", args=[program.key])
    return entry


def _award(facts: Facts, program: Program, submission: Submission | None, entry: Entry) -> None:
    """The amount rule of the program, on the enterprise's own declaration when it has one, else
    on what the platform knows."""
    if submission is not None:
        result = amounts.calculate(program, submission.answers)
        entry.notes.append("按本企业申报填写的内容测算")
    else:
        built = inputs.shizhu_subsidy(facts, program.amount.get("inputs", {}).get("category", ""))
        built.update(program.amount.get("inputs", {}))
        entry.used.extend(built.used)
        try:
            result = policy.assess(program.amount["scheme"], dict(built), program.amount.get("ruleset"), what_if=False)
        except policy.PolicyInputError as error:
            result = {"errors": error.errors}
    if result is None or result.get("errors"):
        entry.status = NEEDS_INFO
        entry.missing.extend(e["message"] for e in (result or {}).get("errors", []))
        return
    if result["qualified"] is True:
        entry.amount, entry.amount_note = Decimal(str(result["total"])), "测算金额（上限）"
        return
    items = result.get("items", [])
    if result["qualified"] is None:
        entry.status = NEEDS_INFO
        entry.missing.extend(label for item in items if item["status"] == "pending" for label in item["missing"])
    else:
        entry.status = NOT_YET
        entry.unmet.extend(
            f"{item['label']}：{'；'.join(item['reasons'])}" for item in items if item["status"] == "ineligible"
        )


def match(enterprise, today: date | None = None, now=None) -> dict:
    """Every entry for the enterprise, qualifying first, and the facts the platform holds."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    facts = gather(enterprise, today)
    entries = [_recognition(facts, scheme) for scheme in RECOGNITIONS]
    programs = (
        Program.objects.filter(status__in=[Program.Status.PUBLISHED, Program.Status.CLOSED])
        .select_related("region")
        .prefetch_related("windows__region")
        .order_by("-year", "key")
    )
    mine = {s.program_id: s for s in Submission.objects.filter(enterprise=enterprise)}
    for program in programs:
        if (program.series or "").startswith("chongqing-annual-report"):
            continue  # a reporting duty, not a scheme to qualify for
        entries.append(_program(facts, program, mine.get(program.pk), now))
    order = {QUALIFIES: 0, NEEDS_INFO: 1, NOT_YET: 2}
    entries.sort(key=lambda e: order[e.status])
    return {
        "enterprise": enterprise,
        "facts": facts,
        "entries": entries,
        "counts": {status: sum(1 for e in entries if e.status == status) for status in order},
    }


def as_json(result: dict) -> dict:
    facts = result["facts"]
    return {
        "enterprise": result["enterprise"].name,
        "counts": result["counts"],
        "entries": [entry.json(facts) for entry in result["entries"]],
        "facts": [{"label": f.label, "value": f.shown(), "source": f.source} for f in facts.all()],
    }
