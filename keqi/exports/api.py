"""Export API (P10, P11): start an export with the list's filters and picked fields, poll, download."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from ninja import Router, Schema
from pydantic import Field

from keqi.exports import datasets, files, selectors, services

router = Router(tags=["导出"])


class ExportIn(Schema):
    dataset: str = Field("enterprises", max_length=32)
    filters: dict[str, str] = {}
    fields: list[str] | None = None


class ExportJobOut(Schema):
    id: int
    title: str
    status: str
    total_rows: int
    done_rows: int
    percent: int
    file_name: str
    created_at: datetime
    expires_at: datetime | None
    expired: bool
    error: str


def job_out(job) -> ExportJobOut:
    return ExportJobOut(
        id=job.pk,
        title=job.title,
        status=job.status,
        total_rows=job.total_rows,
        done_rows=job.done_rows,
        percent=job.percent,
        file_name=job.file_name,
        created_at=job.created_at,
        expires_at=job.expires_at,
        expired=selectors.is_expired(job),
        error=job.error,
    )


def _officer(request):
    user = request.user
    if not (user.is_officer or user.is_platform_admin):
        raise PermissionDenied
    return user


@router.post("", response={200: ExportJobOut, 422: dict}, summary="发起后台导出（字段可选，条件同列表）")
def create_export(request, payload: ExportIn):
    """Through the API every export is a background job (poll it, then download the file)."""
    user = _officer(request)
    if datasets.get(payload.dataset) is None:
        raise ValidationError({"dataset": "没有这种导出"})
    if payload.fields is not None and not payload.fields:
        raise ValidationError({"fields": "请至少选择一个导出字段"})
    job = services.queue_export(
        actor=user, dataset_key=payload.dataset, params=payload.filters, field_keys=payload.fields
    )
    return job_out(job)


@router.get("", response=list[ExportJobOut], summary="我的导出")
def list_exports(request):
    user = _officer(request)
    services.sweep_stale(owner=user)
    return [job_out(job) for job in selectors.my_exports(user)[:50]]


@router.get("/{export_id}", response=ExportJobOut, summary="导出任务进度")
def get_export(request, export_id: int):
    user = _officer(request)
    services.sweep_stale(owner=user)
    return job_out(selectors.export_for(user, export_id))


@router.post("/{export_id}/cancel", response={200: ExportJobOut, 422: dict}, summary="取消排队中或生成中的导出")
def cancel_export(request, export_id: int):
    user = _officer(request)
    job = selectors.export_for(user, export_id)
    if not services.cancel(actor=user, job=job):
        raise ValidationError({"__all__": "该导出任务已结束，无需取消"})
    return job_out(selectors.export_for(user, export_id))


@router.get("/{export_id}/file", summary="下载导出文件（仅导出人本人，未过期）")
def download_export(request, export_id: int):
    job = selectors.export_for(_officer(request), export_id)
    if job.status != job.Status.DONE or not job.file_path or selectors.is_expired(job):
        raise ValidationError({"__all__": "该导出文件尚未生成或已过期"})
    try:
        handle = files.open_file(job.file_path)
    except FileNotFoundError:
        raise ValidationError({"__all__": "该导出文件已过期并已删除，请重新导出"}) from None
    return FileResponse(handle, as_attachment=True, filename=job.file_name)
