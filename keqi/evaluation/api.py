"""Evaluation API (P11): every page action through /api/v1/evaluations with OpenAPI schemas."""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from ninja import Router, Schema
from pydantic import Field

from keqi.evaluation import documents, selectors, services
from keqi.evaluation.process import EVALUATION_PROCESS
from keqi.files.uploads import limit_upload
from keqi.workflow.services import records_for

MAX_UPLOAD = 3 * 1024 * 1024

router = Router(tags=["科技型中小企业评价"])


class EvaluationOut(Schema):
    id: int
    serial: str | None
    year: int
    enterprise_id: int
    enterprise_name: str
    status: str
    status_label: str
    agency_id: int | None
    version: int
    form_key: str
    form_version: str
    total_score: int | None
    qualified: bool | None
    registration_number: str | None
    created_at: datetime
    submitted_at: datetime | None
    actions: list[str]


class EvaluationDetail(EvaluationOut):
    answers: dict[str, Any]
    profile: dict[str, Any]
    assessment: dict[str, Any]


class EvaluationPage(Schema):
    count: int
    items: list[EvaluationOut]


class AnswersIn(Schema):
    version: int = Field(..., description="乐观锁版本号：保存时须与当前版本一致，否则返回 422 并提示在其他页面已保存")
    answers: dict[str, Any] = Field(default_factory=dict, description="按表单声明的字段与子表（子表为行对象列表）")


class SubmitIn(Schema):
    agency_id: int


class DecisionIn(Schema):
    opinion: str = Field("", max_length=2000)


class RecordOut(Schema):
    level: str
    organisation: str
    actor_name: str
    decision: str
    opinion: str
    from_state: str
    to_state: str
    created_at: datetime


class AttachmentOut(Schema):
    id: int
    slot: str
    row_key: str
    name: str
    size: int
    content_type: str


class AgencyOut(Schema):
    id: int
    name: str


def _out(user, evaluation, detail=False) -> dict:
    data = {
        "id": evaluation.pk,
        "serial": evaluation.serial,
        "year": evaluation.year,
        "enterprise_id": evaluation.enterprise_id,
        "enterprise_name": evaluation.enterprise.name,
        "status": evaluation.status,
        "status_label": evaluation.get_status_display(),
        "agency_id": evaluation.agency_id,
        "version": evaluation.version,
        "form_key": evaluation.form_key,
        "form_version": evaluation.form_version,
        "total_score": evaluation.total_score,
        "qualified": evaluation.qualified,
        "registration_number": evaluation.registration_number,
        "created_at": evaluation.created_at,
        "submitted_at": evaluation.submitted_at,
        "actions": [t.name for t in EVALUATION_PROCESS.allowed(user, evaluation)],
    }
    if detail:
        answers = selectors.answers_for(user, evaluation.answers)
        data.update(answers=answers, profile=evaluation.profile, assessment=evaluation.assessment)
    return data


def _own(request, evaluation_id):
    evaluation = selectors.evaluation_for(request.user, evaluation_id)
    if not (request.user.is_enterprise_user and evaluation.enterprise_id == request.user.enterprise_id):
        raise Http404
    return evaluation


@router.get("", response=EvaluationPage, summary="评价信息列表（企业：本企业历史；评价机构/省级：审核队列）")
def list_evaluations(request, q: str = "", status: str = "", year: str = ""):
    queryset = selectors.search(request.user, keyword=q, status=status, year=year)
    items = list(queryset[:200])
    return {"count": queryset.count(), "items": [_out(request.user, e) for e in items]}


@router.post("", response={201: EvaluationDetail}, summary="新增评价信息（每年一份）")
def create(request):
    if not request.user.is_enterprise_user or request.user.enterprise_id is None:
        raise PermissionDenied
    evaluation = services.create_evaluation(actor=request.user, enterprise=request.user.enterprise)
    return 201, _out(request.user, evaluation, detail=True)


@router.get("/agencies", response=list[AgencyOut], summary="本企业可选择的评价机构")
def agencies(request):
    if not request.user.is_enterprise_user or request.user.enterprise is None:
        return []
    return [{"id": a.pk, "name": a.name} for a in selectors.agencies_for(request.user.enterprise)]


@router.get("/{evaluation_id}", response=EvaluationDetail, summary="评价信息详情")
def detail(request, evaluation_id: int):
    return _out(request.user, selectors.evaluation_for(request.user, evaluation_id), detail=True)


@router.put("/{evaluation_id}/answers", response=EvaluationDetail, summary="保存草稿（带版本号，字段错误返回 422）")
def save(request, evaluation_id: int, payload: AnswersIn):
    evaluation = _own(request, evaluation_id)
    raw = {key: value for key, value in payload.answers.items()}
    evaluation = services.save_answers(
        actor=request.user, evaluation=evaluation, raw=raw, expected_version=payload.version
    )
    return _out(request.user, evaluation, detail=True)


@router.post("/{evaluation_id}/acknowledge", response=EvaluationOut, summary="确认已阅读填报说明")
def acknowledge(request, evaluation_id: int):
    evaluation = services.acknowledge(actor=request.user, evaluation=_own(request, evaluation_id))
    return _out(request.user, evaluation)


@router.post("/{evaluation_id}/sync-profile", response=EvaluationDetail, summary="企业信息同步")
def sync(request, evaluation_id: int):
    evaluation = services.sync_profile(actor=request.user, evaluation=_own(request, evaluation_id))
    return _out(request.user, evaluation, detail=True)


@router.post("/{evaluation_id}/assessment", response=dict[str, Any], summary="自评（由政策引擎计算）")
def assessment(request, evaluation_id: int):
    evaluation = services.run_assessment(actor=request.user, evaluation=_own(request, evaluation_id))
    return {**evaluation.assessment, "missing": services.completeness(evaluation)}


@router.get("/{evaluation_id}/cover.pdf", summary="下载封面文件（PDF）", response={200: None})
def cover(request, evaluation_id: int):
    evaluation = services.mark_cover_printed(actor=request.user, evaluation=_own(request, evaluation_id))
    return HttpResponse(documents.cover_pdf(evaluation, request.user), content_type="application/pdf")


@router.get("/{evaluation_id}/audit-form.pdf", summary="入库审核表（PDF）", response={200: None})
def audit_form(request, evaluation_id: int):
    evaluation = selectors.evaluation_for(request.user, evaluation_id)
    return HttpResponse(documents.audit_form_pdf(evaluation, request.user), content_type="application/pdf")


@router.get("/{evaluation_id}/attachments", response=list[AttachmentOut], summary="附件列表")
def attachments(request, evaluation_id: int):
    evaluation = selectors.evaluation_for(request.user, evaluation_id)
    return [
        {
            "id": a.pk,
            "slot": a.slot,
            "row_key": a.row_key,
            "name": a.original_name,
            "size": a.size,
            "content_type": a.content_type,
        }
        for items in selectors.attachments_by_slot(evaluation).values()
        for a in items
    ]


UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "PDF 或图片（按类别）"}
                    },
                    "required": ["file"],
                }
            }
        },
    }
}


@router.post(
    "/{evaluation_id}/attachments/{slot}",
    response={201: AttachmentOut},
    summary="上传附件到指定类别（内容识别类型，超过大小上限的请求不读取正文）",
    openapi_extra=UPLOAD_BODY,
)
def upload(request, evaluation_id: int, slot: str, row: str = ""):
    try:  # token clients: the cap applies while the body streams in
        limit_upload(request, MAX_UPLOAD)
    except AttributeError:  # a session client's CSRF check has already parsed the body
        pass
    evaluation = _own(request, evaluation_id)
    spec = services.slot_for(slot)
    if spec is None:
        raise Http404
    incoming = request.FILES.get("file")
    if getattr(request, "upload_too_large", False):
        raise ValidationError({"file": f"{spec.label}大小不能超过{spec.size_label}"})
    if incoming is None:
        raise ValidationError({"file": "请选择要上传的文件"})
    a = services.upload(actor=request.user, evaluation=evaluation, slot_key=slot, upload_file=incoming, row_key=row)
    return 201, {
        "id": a.pk,
        "slot": a.slot,
        "row_key": a.row_key,
        "name": a.original_name,
        "size": a.size,
        "content_type": a.content_type,
    }


@router.delete("/{evaluation_id}/attachments/{slot}/{attachment_id}", response={204: None}, summary="删除附件")
def delete_attachment(request, evaluation_id: int, slot: str, attachment_id: int):
    evaluation = _own(request, evaluation_id)
    services.remove_attachment(actor=request.user, evaluation=evaluation, attachment_id=attachment_id)
    return 204, None


@router.post("/{evaluation_id}/submit", response=EvaluationOut, summary="选择评价机构并提交")
def submit(request, evaluation_id: int, payload: SubmitIn):
    evaluation = services.submit(
        actor=request.user, evaluation=_own(request, evaluation_id), agency_id=payload.agency_id
    )
    return _out(request.user, evaluation)


@router.post(
    "/{evaluation_id}/actions/{action}", response=EvaluationOut, summary="撤回、审核通过、退回修改、不予入库、入库登记"
)
def act(request, evaluation_id: int, action: str, payload: DecisionIn):
    evaluation = selectors.evaluation_for(request.user, evaluation_id)
    if EVALUATION_PROCESS.transition(action) is None or action == "submit":
        raise Http404
    evaluation = services.decide(actor=request.user, evaluation=evaluation, action=action, opinion=payload.opinion)
    if not selectors.can_read(request.user, evaluation.pk):
        return _out(request.user, evaluation)
    return _out(request.user, selectors.evaluation_for(request.user, evaluation.pk))


@router.delete("/{evaluation_id}", response={204: None}, summary="删除评价信息（填报中或已撤回）")
def delete(request, evaluation_id: int):
    services.delete_evaluation(actor=request.user, evaluation=_own(request, evaluation_id))
    return 204, None


@router.get("/{evaluation_id}/records", response=list[RecordOut], summary="审核记录")
def records(request, evaluation_id: int):
    return records_for(selectors.evaluation_for(request.user, evaluation_id))
