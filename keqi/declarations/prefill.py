"""Prefilled answers and where each came from (X3), for every program.

A field declares `prefill` (a profile attribute) or `prefill_previous` (the same field of the
enterprise's record in the program series' previous year, e.g. last year's annual report). A
program whose form comes from another (`form_from`, e.g. a 复核 on the tier's declaration form)
starts from the enterprise's latest submitted record of that program's series, every answer,
with the profile fields then taken from the profile as it is now. The pages mark each value that
still equals its source ("来自企业信息", "来自2024年度科技信息年报")."""

import copy

from keqi.declarations.models import Program, Submission
from keqi.formkit import engine

PROFILE_SOURCE = "来自企业信息"


def _top_fields(document: dict) -> list[dict]:
    return [field for section in document["sections"] for field in section.get("fields", [])]


def previous_submission(program: Program, enterprise) -> Submission | None:
    """The enterprise's submitted record of the series' previous year (approved first)."""
    if not program.series:
        return None
    rows = (
        Submission.objects.filter(enterprise=enterprise, program__series=program.series, program__year=program.year - 1)
        .exclude(status="draft")
        .select_related("program", "form")
    )
    return next(iter(sorted(rows, key=lambda s: s.status != "approved")), None)


def form_source(program: Program, enterprise) -> Submission | None:
    """With `form_from`: the enterprise's latest submitted record of that program's series
    (the latest approved one first: the declaration that was recognised)."""
    if not program.form_from:
        return None
    series = Program.objects.filter(key=program.form_from).values_list("series", flat=True).first()
    rows = list(
        Submission.objects.filter(enterprise=enterprise, program__series=series)
        .exclude(status__in=["draft", "withdrawn"])
        .select_related("program", "form")
        .order_by("-submitted_at", "-id")
    )
    return next((s for s in rows if s.status == "approved"), rows[0] if rows else None)


def _profile_value(enterprise, attribute: str):
    value = getattr(enterprise, attribute, None)
    return None if value in (None, "") else str(value)


def profile_fields(document: dict) -> list[dict]:
    """The form's top-level fields copied from the enterprise profile (`prefill`)."""
    return [field for field in _top_fields(document) if field.get("prefill")]


def profile_answers(document: dict, enterprise) -> dict:
    """{field key: the profile's current value} for 企业信息同步."""
    return {field["key"]: _profile_value(enterprise, field["prefill"]) for field in profile_fields(document)}


def initial_answers(program: Program, enterprise) -> dict:
    """The answers a new record starts with: profile attributes, then last year's values."""
    fields = _top_fields(program.form.document)
    source = form_source(program, enterprise)
    answers: dict = copy.deepcopy(source.answers) if source is not None else {}
    previous = None
    if any(field.get("prefill_previous") for field in fields):
        previous = previous_submission(program, enterprise)
    for field in fields:
        if field.get("prefill"):
            answers[field["key"]] = _profile_value(enterprise, field["prefill"])
        elif field.get("prefill_previous") and previous is not None:
            value = previous.answers.get(field["key"])
            if value not in (None, ""):
                answers[field["key"]] = value
    return answers


def _same(a, b) -> bool:
    if a in (None, "") or b in (None, ""):
        return False
    return engine.plain(a) == engine.plain(b)


def previous_label(previous: Submission) -> str:
    return f"来自{previous.program.year}年度{previous.form.document.get('title', previous.program.name)}"


def sources(submission: Submission) -> dict[str, str]:
    """{field key: where its value came from} for the values that still equal their source."""
    fields = _top_fields(submission.form.document)
    found: dict[str, str] = {}
    previous = None
    if any(field.get("prefill_previous") for field in fields):
        previous = previous_submission(submission.program, submission.enterprise)
    source = form_source(submission.program, submission.enterprise)
    for field in fields:
        value = submission.answers.get(field["key"])
        if field.get("prefill") and _same(value, _profile_value(submission.enterprise, field["prefill"])):
            found[field["key"]] = PROFILE_SOURCE
        elif field.get("prefill_previous") and previous is not None:
            if _same(value, previous.answers.get(field["key"])):
                found[field["key"]] = previous_label(previous)
        elif source is not None and _same(value, source.answers.get(field["key"])):
            found[field["key"]] = f"来自{source.program.name}（{source.get_status_display()}）"
    return found


def mark(sections: list[dict], found: dict[str, str]) -> list[dict]:
    """Put each bound field's source beside it (formkit/field.html and readonly.html show it)."""
    for section in sections:
        for field in section["fields"]:
            field["source"] = found.get(field["spec"].key, "")
    return sections
