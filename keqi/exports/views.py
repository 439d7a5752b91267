from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from keqi.accounts.models import Role
from keqi.core.http import role_required
from keqi.exports import datasets, files, selectors, services

OFFICERS = (Role.AGENCY, Role.DISTRICT, Role.CITY)


def _dataset(key: str) -> datasets.Dataset:
    if datasets.get(key) is None:
        raise Http404("没有这种导出")
    return datasets.get(key)


def picked_fields(post, dataset) -> list[str] | None:
    """Checked fields ordered by their 顺序 inputs (ties keep the dialog order); None = defaults."""
    if post.get("default"):
        return None
    keys = [key[:40] for key in post.getlist("fields")][: services.MAX_FIELDS + 1]
    position = {column.key: index for index, column in enumerate(dataset.columns)}

    def order(key):
        raw = post.get(f"order_{key}", "")
        number = int(raw) if raw.strip().isdigit() and len(raw) < 6 else 10_000
        return (number, position.get(key, 10_000))

    return sorted(keys, key=order)


def export_response(prepared) -> FileResponse:
    handle = open(prepared.path, "rb")
    Path(prepared.path).unlink(missing_ok=True)  # the open handle keeps the data until streamed
    return FileResponse(handle, as_attachment=True, filename=prepared.file_name)


@role_required(*OFFICERS)
def export_new(request, dataset: str):
    """The field-picking dialog (S2.9) as a page, and the export itself on POST (P10)."""
    ds = _dataset(dataset)
    source = request.POST if request.method == "POST" else request.GET
    params = {name: source.get(name, "") for name in ds.param_names if name in source}
    errors: list[str] = []
    checked = ds.default_fields
    if request.method == "POST":
        keys = picked_fields(request.POST, ds)
        checked = keys if keys is not None else ds.default_fields
        try:
            prepared = services.start_export(actor=request.user, dataset_key=ds.key, params=params, field_keys=keys)
        except ValidationError as error:
            errors = [message for messages_ in error.message_dict.values() for message in messages_]
        else:
            if prepared.job is not None:
                messages.info(
                    request,
                    f"共{prepared.count}条数据，超过{services.SYNC_LIMIT}条，已转为后台导出，完成后可在“我的导出”中下载",
                )
                return redirect("exports:mine")
            return export_response(prepared)
    context = {"dataset": ds, "params": params, "errors": errors, "checked": checked}
    return render(request, "exports/pick.html", context, status=200)


@role_required(*OFFICERS)
def mine(request):
    """我的导出: the officer's own export files with progress and expiry."""
    services.sweep_stale(owner=request.user)
    services.purge_expired()
    jobs = list(selectors.my_exports(request.user)[:50])
    for job in jobs:
        job.expired = selectors.is_expired(job)
    active = any(job.status in ("queued", "running") for job in jobs)
    template = "exports/_jobs.html" if request.htmx else "exports/mine.html"
    return render(request, template, {"jobs": jobs, "active": active})


@role_required(*OFFICERS)
def download(request, pk: int):
    job = selectors.export_for(request.user, pk)
    if job.status != job.Status.DONE or not job.file_path:
        if selectors.is_expired(job) or job.status == job.Status.DONE:
            messages.error(request, "该导出文件已过期并已删除，请重新导出")
        else:
            messages.error(request, "该导出文件尚未生成完成，请稍后再试")
        return redirect("exports:mine")
    if selectors.is_expired(job):
        messages.error(request, "该导出文件已过期并已删除，请重新导出")
        return redirect("exports:mine")
    try:
        handle = files.open_file(job.file_path)
    except FileNotFoundError:
        messages.error(request, "该导出文件已过期并已删除，请重新导出")
        return redirect("exports:mine")
    return FileResponse(handle, as_attachment=True, filename=job.file_name)


@require_POST
@role_required(*OFFICERS)
def cancel(request, pk: int):
    """The owner stops a queued or running export (someone else's: 404)."""
    job = selectors.export_for(request.user, pk)
    if services.cancel(actor=request.user, job=job):
        messages.success(request, f"已取消导出“{job.file_name}”")
    else:
        messages.error(request, "该导出任务已结束，无需取消")
    return redirect("exports:mine")
