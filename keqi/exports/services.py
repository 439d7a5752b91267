"""Export writes (P10, S2.9): immediate streamed exports, background jobs, expiry.

Exports up to SYNC_LIMIT rows are written straight away to a temporary file that the response
streams; larger ones become an ExportJob run by a django-tasks worker (`manage.py db_worker`),
whose progress the page polls and whose file only its owner can download until it expires.

A job ends done, failed or cancelled. Its owner may cancel it; a job whose worker died (no
progress for STALE_AFTER) or that no worker picked up (queued for QUEUE_TIMEOUT) is failed by
`sweep_stale`, so it never blocks its owner's next export. `housekeeping` (run by the worker
before each job, by 我的导出 and by `manage.py exports_housekeeping` from cron) also deletes
expired files and files no job owns.
"""

import os
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from keqi.core import audit, replica
from keqi.exports import datasets, files, pipeline, writers
from keqi.exports.models import ExportJob

SYNC_LIMIT = 20_000
TTL = timedelta(days=7)
PROGRESS_EVERY = 5_000
MAX_FIELDS = 60
BUSY_MESSAGE = "您已有一个导出任务正在进行，请在“我的导出”中等待其完成或取消后再发起新的导出"
# A worker writes progress every PROGRESS_EVERY rows (a few seconds); ten minutes of silence
# means it died. A queued job waits for a worker at most QUEUE_TIMEOUT.
STALE_AFTER = timedelta(minutes=10)
QUEUE_TIMEOUT = timedelta(hours=1)
STALE_MESSAGE = "导出中断（超过10分钟没有进展），请重新导出"
QUEUE_TIMEOUT_MESSAGE = "导出任务排队超过1小时仍未开始，已自动取消，请重新导出"
ORPHAN_AFTER = timedelta(days=1)


class JobStopped(Exception):
    """The job was cancelled or swept while the worker was writing it."""


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
    sweep_stale(owner=owner)
    return ExportJob.objects.filter(owner=owner, status__in=ExportJob.ACTIVE).exists()


class Prepared:
    """What start_export decided: either a file to stream now or a background job."""

    def __init__(self, *, path=None, file_name="", job=None, count=0):
        self.path, self.file_name, self.job, self.count = path, file_name, job, count


def start_export(*, actor, dataset_key: str, params: dict, field_keys: list[str] | None) -> Prepared:
    """Check the request, then write the file now (≤ SYNC_LIMIT rows) or queue a job."""
    dataset = datasets.get(dataset_key)
    columns = pick_columns(dataset, field_keys)
    queryset = _queryset(dataset, actor, params, columns)
    if _busy(actor):
        raise ValidationError({"__all__": BUSY_MESSAGE})
    with replica.reads():
        count = queryset.count()
    clean_params = {name: str(value) for name, value in params.items() if value is not None}
    if count > SYNC_LIMIT:
        return Prepared(
            job=_queue(actor=actor, dataset=dataset, params=clean_params, columns=columns, count=count), count=count
        )
    handle, path = tempfile.mkstemp(suffix=".xlsx", dir=export_dir())
    os.close(handle)
    with replica.reads():
        written = writers.write_xlsx(
            path,
            columns=[(c.header, c.kind) for c in columns],
            rows=datasets.rows(dataset, actor, queryset, columns),
            title=title_lines(dataset, actor, params),
            serial=True,
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
    dataset = datasets.get(dataset_key)
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


def title_lines(dataset, user, params: dict, at=None) -> tuple[str, str, str]:
    """The rows above the header: what was exported, with which filters, and when."""
    at = timezone.localtime(at) if at is not None else timezone.localtime()
    return (dataset.title, datasets.describe_filters(dataset, user, params), f"导出时间：{at:%Y-%m-%d %H:%M:%S}")


def write_file(
    path, *, dataset, user, queryset, columns, progress=None, in_child: bool | None = None, params=None
) -> int:
    """Write a background export's file. The rows are read in a forked child while this
    process writes (pipeline), unless forking is not possible here; `progress` wraps the row
    stream in this process (heartbeats, cancellation)."""
    kinds = [c.kind for c in columns]

    def produce():
        return writers.cell_values(datasets.rows(dataset, user, queryset, columns), kinds)

    use_child = pipeline.available() if in_child is None else in_child
    source = pipeline.rows_from_child(produce) if use_child else produce()
    try:
        rows = progress(source) if progress is not None else source
        return writers.write_xlsx(
            path,
            columns=[(c.header, c.kind) for c in columns],
            rows=rows,
            title=title_lines(dataset, user, params or {}),
            serial=True,
        )
    finally:
        source.close()  # a stopped job: the reader child is killed now, not when collected


def run_job(*, job_id: int) -> None:
    """Write a queued job's file (called by the worker). Scope is re-applied as its owner."""
    housekeeping()
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    path = export_dir() / f"{job.owner_id}-{uuid.uuid4().hex}.xlsx"
    now = timezone.now()
    # Claim the job only if it is still queued (it may have been cancelled or swept meanwhile);
    # the path is recorded now so a sweep or a cancel can delete a half-written file.
    claimed = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, heartbeat_at=now, file_path=str(path)
    )
    if not claimed:
        return
    dataset = datasets.get(job.dataset)
    owner = job.owner
    try:
        columns = pick_columns(dataset, job.fields)
        queryset = _queryset(dataset, owner, job.params, columns)
        with replica.reads():  # the rows may come from the replica; progress goes to the primary
            total = queryset.count()
        _beat(job, total_rows=total)

        def progress(source):
            for done, row in enumerate(source, start=1):
                if done % PROGRESS_EVERY == 0:
                    _beat(job, done_rows=done)
                yield row

        with replica.reads():
            written = write_file(
                path,
                dataset=dataset,
                user=owner,
                queryset=queryset,
                columns=columns,
                progress=progress,
                params=job.params,
            )
        size = path.stat().st_size
        stored = files.publish(path)  # shared storage: any web process can serve it
    except JobStopped:
        path.unlink(missing_ok=True)
        return
    except Exception as error:
        path.unlink(missing_ok=True)
        if "stored" in locals():
            files.remove(stored)
        _running(job).update(
            status=ExportJob.Status.FAILED,
            error=f"导出失败：{type(error).__name__}",
            file_path="",
            finished_at=timezone.now(),
        )
        raise
    now = timezone.now()
    with transaction.atomic():
        finished = _running(job).update(
            status=ExportJob.Status.DONE,
            done_rows=written,
            total_rows=written,
            file_size=size,
            file_path=stored,
            heartbeat_at=now,
            finished_at=now,
            expires_at=now + TTL,
        )
        if finished:
            audit.record(actor=owner, action="export_done", target=job, changes={"rows": written})
    if not finished:
        files.remove(stored)


def _running(job: ExportJob):
    return ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING)


def _beat(job: ExportJob, **progress) -> None:
    """Record progress; stop the worker if the job is no longer running (cancelled or swept)."""
    if not _running(job).update(heartbeat_at=timezone.now(), **progress):
        raise JobStopped


@transaction.atomic
def cancel(*, actor, job: ExportJob) -> bool:
    """The owner stops a queued or running job; the worker notices at its next progress step."""
    job = ExportJob.objects.select_for_update().get(pk=job.pk)
    if job.owner_id != actor.pk or job.status not in ExportJob.ACTIVE:
        return False
    _stop(job, status=ExportJob.Status.CANCELLED, error="")
    audit.record(actor=actor, action="export_cancelled", target=job, changes={"done_rows": job.done_rows})
    return True


def _stop(job: ExportJob, *, status: str, error: str) -> None:
    files.remove(job.file_path)
    ExportJob.objects.filter(pk=job.pk).update(status=status, error=error, file_path="", finished_at=timezone.now())


def sweep_stale(*, owner=None, now=None) -> int:
    """Fail jobs whose worker died (no progress for STALE_AFTER) or that no worker took up."""
    now = now or timezone.now()
    dead = Q(status=ExportJob.Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
    forgotten = Q(status=ExportJob.Status.QUEUED, created_at__lt=now - QUEUE_TIMEOUT)
    jobs = ExportJob.objects.filter(dead | forgotten)
    if owner is not None:
        jobs = jobs.filter(owner=owner)
    if not jobs.exists():  # the usual case: no write transaction (SQLite takes its lock for one)
        return 0
    swept = 0
    with transaction.atomic():
        for job in jobs.select_for_update():
            queued = job.status == ExportJob.Status.QUEUED
            _stop(job, status=ExportJob.Status.FAILED, error=QUEUE_TIMEOUT_MESSAGE if queued else STALE_MESSAGE)
            swept += 1
    return swept


def purge_expired(*, now=None) -> int:
    """Delete the files of expired exports (the rows stay, marked expired by expires_at)."""
    now = now or timezone.now()
    jobs = ExportJob.objects.filter(expires_at__lt=now).exclude(file_path="")
    if not jobs.exists():
        return 0
    count = 0
    with transaction.atomic():
        for job in jobs.select_for_update():
            files.remove(job.file_path)
            job.file_path = ""
            job.save(update_fields=["file_path"])
            count += 1
    return count


def purge_orphans(*, now=None) -> int:
    """Delete files in the export folder that no job owns (a request or worker that crashed
    mid-write), once they are older than ORPHAN_AFTER so a file being written is never touched."""
    cutoff = (now or timezone.now()) - ORPHAN_AFTER
    owned = set(ExportJob.objects.exclude(file_path="").values_list("file_path", flat=True))
    count = 0
    for path in export_dir().glob("*.xlsx"):  # working files (and, on the file system, published ones)
        if str(path) in owned or files.PREFIX + path.name in owned:
            continue
        modified = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        if modified < cutoff:
            path.unlink(missing_ok=True)
            count += 1
    if not isinstance(default_storage, FileSystemStorage):  # published files in object storage
        for name in files.stored_names():
            if name not in owned and default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
                count += 1
    return count


def housekeeping(*, now=None) -> dict[str, int]:
    """Everything that keeps the download centre honest; safe to run at any time, repeatedly."""
    return {
        "stale": sweep_stale(now=now),
        "expired": purge_expired(now=now),
        "orphans": purge_orphans(now=now),
    }
