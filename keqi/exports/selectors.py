"""Export reads: an officer sees and downloads only their own exports."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from keqi.exports.models import ExportJob


def my_exports(user) -> QuerySet[ExportJob]:
    if not user.is_authenticated:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(owner=user)


def export_for(user, pk: int) -> ExportJob:
    job = my_exports(user).filter(pk=pk).first()
    if job is None:
        raise Http404("导出文件不存在或无权下载")
    return job


def is_expired(job: ExportJob, now=None) -> bool:
    return job.expires_at is not None and job.expires_at < (now or timezone.now())


def active_export(user) -> ExportJob | None:
    return my_exports(user).filter(status__in=ExportJob.ACTIVE).first()
