"""Declarations API (P11, X5): programs, the enterprise's declarations and officers' decisions
for every program through /api/v1/declarations."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from pydantic import Field

from keqi.declarations import selectors, services
from keqi.declarations.forms import form_of
from keqi.declarations.process import process_for
from keqi.formkit import engine

router = Router(tags=["申报活动"])
ERRORS = {401: dict, 403: dict, 404: dict, 422: dict}


class ProgramOut(Schema):
    key: str
    name: str
    year: int
    region: str
    window: str
    window_open: bool
    eligible: bool
    unmet: list[str]
    submission_id: int | None


class SubmissionOut(Schema):
    id: int
    program: str
    program_name: str
    enterprise_id: int
    enterprise_name: str
    status: str
    status_label: str
    level: str
    form_version: int
    version: int
    submitted_at: datetime | None
    actions: list[str]


class SubmissionDetail(SubmissionOut):
    answers: dict[str, Any]
    last_opinion: str


class SubmissionPage(Schema):
    count: int
    items: list[SubmissionOut]


class AnswersIn(Schema):
    version: int = Field(..., ge=0, le=2**31 - 1, description="乐观锁版本号，须与当前版本一致")
    answers: dict[str, Any] = Field(default_factory=dict, description="主表字段与子表（子表为行对象列表）")


class DecisionIn(Schema):
    action: str = Field(
        ..., pattern="^(pass|return|reject)$", description="pass 通过；return 退回补正；reject 不予通过"
    )
    opinion: str = Field("", max_length=2000)
    approved_amount: str | None = Field(
        None,
        max_length=40,
        description="核定金额（万元）：有奖补金额测算的活动在最后一级审核通过时必填，不超过测算金额",
    )


def _out(request, submission) -> dict:
    process = process_for(submission.program)
    level = process.current_level(submission)
    return {
        "id": submission.pk,
        "program": submission.program.key,
        "program_name": submission.program.name,
        "enterprise_id": submission.enterprise_id,
        "enterprise_name": submission.enterprise.name,
        "status": submission.status,
        "status_label": process.label(submission.status),
        "level": level.label if level and submission.status == "review" else "",
        "form_version": submission.form.number,
        "version": submission.version,
        "submitted_at": submission.submitted_at,
        "actions": [t.name for t in process.allowed(request.user, submission)],
        "answers": submission.answers,
        "last_opinion": submission.last_opinion,
    }


@router.get("/programs", response={200: list[ProgramOut], **ERRORS}, summary="企业可见的申报活动")
def programs(request):
    if not request.user.is_enterprise_user or request.user.enterprise_id is None:
        return []
    rows = []
    for row in selectors.programs_for_enterprise(request.user):
        rows.append(
            {
                "key": row["program"].key,
                "name": row["program"].name,
                "year": row["program"].year,
                "region": row["program"].region.full_name,
                "window": row["window"].message,
                "window_open": row["window"].open,
                "eligible": row["eligible"],
                "unmet": [o.label for o in row["eligibility"] if o.status != "met"],
                "submission_id": row["submission"].pk if row["submission"] else None,
            }
        )
    return rows


@router.get("/submissions", response={200: SubmissionPage, **ERRORS}, summary="申报材料列表（按权限范围）")
def submissions(request, q: str = "", status: str = "", limit: int = 20, offset: int = 0):
    q = q.replace("\x00", "").strip()[:100]
    limit, offset = min(max(limit, 1), 100), min(max(offset, 0), 10**6)
    rows = selectors.review_queue(request.user, q=q) if q else selectors.visible(request.user).order_by("-id")
    if status:
        rows = rows.filter(status=status[:12])
    return {"count": rows.count(), "items": [_out(request, s) for s in rows[offset : offset + limit]]}


@router.get("/submissions/{submission_id}", response={200: SubmissionDetail, **ERRORS}, summary="申报材料详情")
def submission(request, submission_id: int):
    return _out(request, selectors.submission_for(request.user, submission_id))


@router.put("/submissions/{submission_id}", response={200: SubmissionDetail, **ERRORS}, summary="保存申报材料（草稿）")
def save(request, submission_id: int, payload: AnswersIn):
    found = selectors.own_submission(request.user, submission_id)
    try:
        raw = engine.parse_json(form_of(found.form), payload.answers)
    except engine.ShapeError as error:
        raise ValidationError(error.errors) from error
    try:
        saved = services.save(actor=request.user, submission=found, raw=raw, expected_version=payload.version)
    except services.FormErrors as error:
        raise ValidationError(error.field_errors) from error
    return _out(request, saved)


@router.post(
    "/submissions/{submission_id}/decision",
    response={200: SubmissionDetail, **ERRORS},
    summary="审核（通过、退回补正、不予通过）",
)
def decide(request, submission_id: int, payload: DecisionIn):
    found = selectors.submission_for(request.user, submission_id)
    return _out(
        request,
        services.decide(
            actor=request.user,
            submission=found,
            action=payload.action,
            opinion=payload.opinion,
            approved_amount=payload.approved_amount,
        ),
    )
