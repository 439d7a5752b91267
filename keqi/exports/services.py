"""Export writes (P10, S2.9): immediate streamed exports, background jobs, expiry.

Exports up to SYNC_LIMIT rows are written straight away to a temporary file that the response
streams; larger ones become an ExportJob run by a django-tasks worker (`manage.py db_worker`),
whose progress the page polls and whose file only its owner can download until it expires.
"""

import os
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keqi.core import audit
from keqi.exports import datasets, writers
from keqi.exports.models import ExportJob

SYNC_LIMIT = 20_000
TTL = timedelta(days=7)
PROGRESS_EVERY = 5_000
MAX_FIELDS = 60
BUSY_MESSAGE = "您已有一个导出任务正在进行，请在“我的导出”中等待其完成后再发起新的导出"


def export_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def pick_columns(dataset: datasets.Dataset, field_keys: list[str] | None) -> list[datasets.Column]:
    """The picked columns in the picked order; unknown or no fields are a field error."""
    keys = list(field_keys) if field_keys is not None else list(dataset.default_fields)
    if not keys:
        raise ValidationError({"fields": "请至少选择一个导出字段"})
    if len(keys) > MAX_FIELDS:
        raise ValidationError({"fields": f"导出字段不能超过{MAX_FIELDS}个"})
    known = dataset.column_map()
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise ValidationError({"fields": f"导出字段“{str(unknown[0])[:30]}”不存在"})
    seen: list[str] = []
    for key in keys:
        if key not in seen:
            seen.append(key)
    return [known[key] for key in seen]


def _queryset(dataset, user, params, columns):
    try:
        return datasets.queryset_for(dataset, user, params, [c.key for c in columns])
    except datasets.ParamsError as error:
        raise ValidationError(
            {name: [item["message"] for item in items] for name, items in error.errors.items()}
        ) from error


def file_name_for(dataset: datasets.Dataset) -> str:
    return f"{dataset.title}_{timezone.localtime():%Y%m%d%H%M%S}.xlsx"


def _busy(owner) -> bool:
    return ExportJob.objects.filter(owner=owner, status__in=ExportJob.ACTIVE).exists()


class Prepared:
    """What start_export decided: either a file to stream now or a background job."""

    def __init__(self, *, path=None, file_name="", job=None, count=0):
        self.path, self.file_name, self.job, self.count = path, file_name, job, count


def start_export(*, actor, dataset_key: str, params: dict, field_keys: list[str] | None) -> Prepared:
    """Check the request, then write the file now (≤ SYNC_LIMIT rows) or queue a job."""
    dataset = datasets.DATASETS[dataset_key]
    columns = pick_columns(dataset, field_keys)
    queryset = _queryset(dataset, actor, params, columns)
    if _busy(actor):
        raise ValidationError({"__all__": BUSY_MESSAGE})
    count = queryset.count()
    clean_params = {name: str(value) for name, value in params.items() if value is not None}
    if count > SYNC_LIMIT:
        return Prepared(
            job=_queue(actor=actor, dataset=dataset, params=clean_params, columns=columns, count=count), count=count
        )
    handle, path = tempfile.mkstemp(suffix=".xlsx", dir=export_dir())
    os.close(handle)
    written = writers.write_xlsx(
        path, columns=[(c.header, c.kind) for c in columns], rows=datasets.rows(dataset, actor, queryset, columns)
    )
    audit.record(
        actor=actor,
        action="export",
        target=actor,
        changes={"dataset": dataset.key, "rows": written, "fields": [c.key for c in columns], "params": clean_params},
    )
    return Prepared(path=path, file_name=file_name_for(dataset), count=written)


def queue_export(*, actor, dataset_key: str, params: dict, field_keys: list[str] | None) -> ExportJob:
    """A background export whatever its size (the API's way: poll, then download)."""
    dataset = datasets.DATASETS[dataset_key]
    columns = pick_columns(dataset, field_keys)
    queryset = _queryset(dataset, actor, params, columns)
    clean_params = {name: str(value)[:200] for name, value in params.items() if value is not None}
    return _queue(actor=actor, dataset=dataset, params=clean_params, columns=columns, count=queryset.count())


@transaction.atomic
def _queue(*, actor, dataset, params: dict, columns, count: int) -> ExportJob:
    # One background export at a time per officer: lock the owner's row so two clicks cannot both pass.
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
    if _busy(actor):
        raise ValidationError({"__all__": BUSY_MESSAGE})
    job = ExportJob.objects.create(
        owner=actor,
        dataset=dataset.key,
        title=dataset.title,
        params=params,
        fields=[c.key for c in columns],
        total_rows=count,
        file_name=file_name_for(dataset),
    )
    audit.record(actor=actor, action="export_queued", target=job, changes={"rows": count, "params": params})
    # The task row commits with the job, so a worker never sees one without the other.
    enqueue(job)
    return job


def enqueue(job: ExportJob) -> None:
    from keqi.exports.tasks import run_export_job

    result = run_export_job.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))


def run_job(*, job_id: int) -> None:
    """Write a queued job's file (called by the worker). Scope is re-applied as its owner."""
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    if job.status != ExportJob.Status.QUEUED:
        return
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    dataset = datasets.DATASETS[job.dataset]
    owner = job.owner
    path = export_dir() / f"{owner.pk}-{uuid.uuid4().hex}.xlsx"
    try:
        columns = pick_columns(dataset, job.fields)
        queryset = _queryset(dataset, owner, job.params, columns)
        total = queryset.count()
        ExportJob.objects.filter(pk=job.pk).update(total_rows=total)

        def progress(source):
            for done, row in enumerate(source, start=1):
                if done % PROGRESS_EVERY == 0:
                    ExportJob.objects.filter(pk=job.pk).update(done_rows=done)
                yield row

        written = writers.write_xlsx(
            path,
            columns=[(c.header, c.kind) for c in columns],
            rows=progress(datasets.rows(dataset, owner, queryset, columns)),
        )
    except Exception as error:
        path.unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=f"导出失败：{type(error).__name__}", finished_at=timezone.now()
        )
        raise
    now = timezone.now()
    with transaction.atomic():
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.DONE,
            done_rows=written,
            total_rows=written,
            file_path=str(path),
            file_size=path.stat().st_size,
            finished_at=now,
            expires_at=now + TTL,
        )
        audit.record(actor=owner, action="export_done", target=job, changes={"rows": written})


@transaction.atomic
def purge_expired(*, now=None) -> int:
    """Delete the files of expired exports (the rows stay, marked expired by expires_at)."""
    now = now or timezone.now()
    count = 0
    for job in ExportJob.objects.select_for_update().filter(expires_at__lt=now).exclude(file_path=""):
        Path(job.file_path).unlink(missing_ok=True)
        job.file_path = ""
        job.save(update_fields=["file_path"])
        count += 1
    return count
