"""A step after approval, declared in the program's data (X5): e.g. a voucher's 兑现登记.

    "follow_up": {"key": "redemption", "label": "兑现登记", "roles": ["DIS"], "region_level": "county",
                  "fields": [{"key": "redeemed_amount", "type": "money", "label": "兑现金额", "promote": true}, …]}

The step's officer (role and region depth, as for a review level) records it once on an approved
declaration; fields marked `promote` become figures like the form's (lists, statistics)."""

import json
from functools import lru_cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from keqi.core import audit
from keqi.declarations.models import Figure, FollowUp, Submission
from keqi.declarations.process import is_level_officer
from keqi.formkit import engine
from keqi.formkit.document import compile_form
from keqi.formkit.spec import Form
from keqi.workflow.spec import Level


def spec(program) -> dict:
    return program.follow_up or {}


def promoted_keys(program) -> list[str]:
    return [f["key"] for f in spec(program).get("fields", []) if f.get("promote")]


HOST_KEYS = ("not_above_answer",)  # read by `record`, not by the form engine


@lru_cache(maxsize=64)
def _compiled(label: str, fields: str) -> Form:
    document = {
        "key": "follow_up",
        "title": label,
        "sections": [{"key": "follow_up", "title": label, "fields": json.loads(fields)}],
    }
    return compile_form(document, "1")


def form_for(program) -> Form | None:
    data = spec(program)
    if not data.get("fields"):
        return None
    fields = [{k: v for k, v in field.items() if k not in HOST_KEYS} for field in data["fields"]]
    return _compiled(data.get("label", "登记"), json.dumps(fields, sort_keys=True, ensure_ascii=False))


def _level(program) -> Level:
    data = spec(program)
    return Level(
        data.get("key", "follow_up"),
        data.get("label", "登记"),
        tuple(data.get("roles", [])),
        data.get("region_level", ""),
    )


def can_record(user, submission: Submission) -> bool:
    """The step's officer, on an approved declaration not yet recorded."""
    if not spec(submission.program) or submission.status != Submission.Status.APPROVED:
        return False
    if FollowUp.objects.filter(submission=submission).exists():
        return False
    level = _level(submission.program)
    return user.role in level.roles and is_level_officer(user, submission, level)


@transaction.atomic
def record(*, actor, submission: Submission, raw: dict, ip_address=None) -> FollowUp:
    """Record the step; every problem is named (Chinese), nothing is half-saved."""
    program = submission.program
    form = form_for(program)
    label = spec(program).get("label", "登记")
    if form is None:
        raise ValidationError({"__all__": "本申报活动没有审核后的登记步骤"})
    if submission.status != Submission.Status.APPROVED:
        raise ValidationError({"__all__": f"审核通过后才能{label}"})
    if FollowUp.objects.filter(submission=submission).exists():
        raise ValidationError({"__all__": f"已{label}，不能重复登记"})
    level = _level(program)
    if not (actor.role in level.roles and is_level_officer(actor, submission, level)):
        raise PermissionDenied(f"只有企业所属{level.label or '主管部门'}的主管部门可以{label}")
    answers, errors = engine.validate(form, raw, complete=True)
    for field in spec(program).get("fields", []):  # e.g. 兑现金额 not above the amount applied for
        limit_key = field.get("not_above_answer")
        value, limit = engine.dec(answers.get(field["key"])), engine.dec(submission.answers.get(limit_key or ""))
        if limit_key and value is not None and limit is not None and value > limit and field["key"] not in errors:
            errors[field["key"]] = f"{field['label']}不能大于申报的{engine.plain(limit)}"
    if errors:
        raise ValidationError(engine.labelled_errors(form, errors))
    try:
        with transaction.atomic():
            item = FollowUp.objects.create(submission=submission, answers=answers, recorded_by=actor)
    except IntegrityError:  # recorded a moment earlier in another tab
        raise ValidationError({"__all__": f"已{label}，不能重复登记"}) from None
    numeric = {"money", "integer", "decimal", "percent"}
    for field in spec(program).get("fields", []):
        if not field.get("promote"):
            continue
        value = answers.get(field["key"])
        is_number = field.get("type") in numeric
        Figure.objects.update_or_create(
            submission=submission,
            key=field["key"],
            defaults={
                "number": engine.dec(value) if is_number else None,
                "text": "" if is_number or value is None else str(value)[:200],
            },
        )
    audit.record(
        actor=actor,
        action="declaration.follow_up",
        target=submission,
        changes={"step": spec(program).get("key", "follow_up")},
        enterprise_id=submission.enterprise_id,
        ip_address=ip_address,
    )
    return item


def shown(submission: Submission) -> list[dict]:
    """The recorded values as the pages show them (label, display text)."""
    form = form_for(submission.program)
    item = FollowUp.objects.filter(submission=submission).first()
    if form is None or item is None:
        return []
    return [{"label": f.label, "value": engine.display(f, item.answers.get(f.key))} for f in form.all_fields()]
