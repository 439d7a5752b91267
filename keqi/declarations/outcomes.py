"""What a program's final decision does to a recognition, declared in its data (X5, S3.10):

    "on_decision": {"qualification_kinds": ["specialized_sme", …],
                    "approved": {"qualification": "extend", "years": 3},
                    "rejected": {"qualification": "cancel"}}

`grant` creates a qualification of `kind` valid `years` from the approval day (or to the end of
the program's year with `"valid_until": "year_end"`), numbered with the 登记编号 when the program
gives one (numbers.py); `extend` adds `years`
to the enterprise's current (latest-expiring, valid) qualification of the listed kinds; `cancel`
cancels it with the officer's opinion as the reason. Runs inside the deciding transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from keqi.declarations.models import Submission
from keqi.enterprises import services as enterprise_services
from keqi.enterprises.selectors import valid_qualifications

ACTIONS = ("grant", "extend", "cancel")


def subject(program, enterprise, day=None):
    """The qualification a decision acts on: the valid one of the declared kinds expiring last."""
    kinds = (program.on_decision or {}).get("qualification_kinds") or []
    return (
        valid_qualifications(day, kinds=kinds).filter(enterprise=enterprise).order_by("-valid_until", "-id").first()
    )


def apply(*, actor, submission: Submission, opinion: str = "", deferred: bool = True) -> None:
    """With `"publicity"` declared, an approval waits for 入库登记 after the publicity period
    (publicity.register calls this again with deferred=False)."""
    spec = submission.program.on_decision or {}
    step = spec.get(
        {Submission.Status.APPROVED: "approved", Submission.Status.REJECTED: "rejected"}.get(submission.status, "")
    )
    if not step or (deferred and spec.get("publicity") and submission.status == Submission.Status.APPROVED):
        return
    action = step.get("qualification")
    years = int(step.get("years", 3))
    if action == "grant":
        today = timezone.localdate()
        enterprise_services.grant_qualification(
            actor=actor,
            enterprise=submission.enterprise,
            kind=step["kind"],
            issued_on=today,
            number=submission.registration_number or "",
            # "year_end": valid to the end of the program's year (a 科技型中小企业 入库 is yearly)
            valid_until=date(submission.program.year, 12, 31) if step.get("valid_until") == "year_end" else None,
            years=years,
            year=submission.program.year,
        )
        return
    qualification = subject(submission.program, submission.enterprise)
    if qualification is None:
        raise ValidationError({"__all__": "该企业没有有效的认定，无法处理本次审核结果"})
    reason = f"{submission.program.name}：{(opinion or '').strip() or '审核未通过'}"
    if action == "extend":
        enterprise_services.extend_qualification(actor=actor, qualification=qualification, years=years, reason=reason)
    elif action == "cancel":
        enterprise_services.cancel_qualification(actor=actor, qualification=qualification, reason=reason)
