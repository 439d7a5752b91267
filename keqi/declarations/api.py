"""Declarations API (P11, X5): programs, the enterprise's declarations and officers' decisions
for every program through /api/v1/declarations."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
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
def submissions(request, q: str = "", status: str = "", program: str = "", limit: int = 20, offset: int = 0):
    q = q.replace("\x00", "").strip()[:100]
    limit, offset = min(max(limit, 1), 100), min(max(offset, 0), 10**6)
    rows = selectors.review_queue(request.user, q=q) if q else selectors.visible(request.user).order_by("-id")
    if status:
        rows = rows.filter(status=status[:12])
    if program:  # a program's key or its series (e.g. tech-sme: every year's evaluation)
        program = program.replace("\x00", "")[:60]
        rows = rows.filter(Q(program__key=program) | Q(program__series=program))
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


class StartIn(Schema):
    program: str = Field(..., max_length=60, description="申报活动标识（如 tech-sme-2026）")


class SubmitIn(Schema):
    version: int | None = Field(None, ge=0, le=2**31 - 1, description="乐观锁版本号（可选）")
    agency_id: int | None = Field(None, description="评价机构（活动有“由企业选择的评价机构”审核层级时必填）")


class AgencyOut(Schema):
    id: int
    name: str


class AttachmentOut(Schema):
    id: int
    slot: str
    row_key: str
    name: str
    size: int
    content_type: str
    sha256: str


@router.post("/submissions", response={201: SubmissionDetail, **ERRORS}, summary="开始填报（每个活动每家企业一份）")
def start(request, payload: StartIn):
    from django.http import Http404

    if not request.user.is_enterprise_user or request.user.enterprise_id is None:
        raise Http404
    program = selectors.program_for_enterprise(request.user, payload.program)
    return 201, _out(request, services.start(actor=request.user, program=program))


@router.get(
    "/submissions/{submission_id}/agencies", response={200: list[AgencyOut], **ERRORS}, summary="可选择的评价机构"
)
def agencies(request, submission_id: int):
    found = selectors.own_submission(request.user, submission_id)
    return [{"id": a.pk, "name": a.name} for a in selectors.agencies_for(found.enterprise)]


@router.post("/submissions/{submission_id}/submit", response={200: SubmissionDetail, **ERRORS}, summary="提交")
def submit(request, submission_id: int, payload: SubmitIn):
    found = selectors.own_submission(request.user, submission_id)
    try:
        moved = services.submit(
            actor=request.user, submission=found, expected_version=payload.version, agency_id=payload.agency_id
        )
    except services.FormErrors as error:
        raise ValidationError(error.field_errors) from error
    return _out(request, moved)


@router.post("/submissions/{submission_id}/withdraw", response={200: SubmissionDetail, **ERRORS}, summary="撤回")
def withdraw(request, submission_id: int):
    found = selectors.own_submission(request.user, submission_id)
    return _out(request, services.withdraw(actor=request.user, submission=found))


UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary", "description": "按附件类别的文件"}},
                    "required": ["file"],
                }
            }
        },
    }
}


@router.post(
    "/submissions/{submission_id}/attachments/{slot}",
    response={201: AttachmentOut, **ERRORS},
    summary="上传附件（row：所属行或记录路径；内容识别类型，超过类别上限的请求不读取正文）",
    openapi_extra=UPLOAD_BODY,
)
def upload(request, submission_id: int, slot: str, row: str = ""):
    from django.http import Http404

    from keqi.declarations.forms import slot_at
    from keqi.files.uploads import limit_upload

    found = selectors.own_submission(request.user, submission_id)
    spec = slot_at(form_of(found.form), row, slot) or services.document_slot(found, slot, row)
    if spec is None:
        raise Http404
    refused = limit_upload(request, spec)  # the slot's cap, before and while the body streams in
    if refused:
        raise ValidationError({"file": refused})
    incoming = request.FILES.get("file")
    if getattr(request, "upload_too_large", False):
        raise ValidationError({"file": f"{spec.label}大小不能超过{spec.size_label}"})
    if incoming is None:
        raise ValidationError({"file": "请选择要上传的文件"})
    a = services.upload(actor=request.user, submission=found, slot_key=slot, path=row, upload_file=incoming)
    return 201, {
        "id": a.pk,
        "slot": a.slot,
        "row_key": a.row_key,
        "name": a.original_name,
        "size": a.size,
        "content_type": a.content_type,
        "sha256": a.sha256,
    }


@router.get(
    "/submissions/{submission_id}/documents/{key}.pdf", response={200: None, **ERRORS}, summary="下载生成文件（PDF）"
)
def document(request, submission_id: int, key: str):
    from django.http import Http404, HttpResponse

    from keqi.declarations import documents

    found = selectors.submission_for(request.user, submission_id)
    doc = documents.find(found.program, key)
    if doc is None or (not request.user.is_enterprise_user and doc[0].get("signed", True)):
        raise Http404
    pdf = services.issue_document(actor=request.user, submission=found, key=key)
    return HttpResponse(pdf, content_type="application/pdf")
