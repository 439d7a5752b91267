"""Approved annual reports reach the read path as they are decided (ADR 0019)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from keqi.declarations.models import Submission
from keqi.enterprises.models import Enterprise
from keqi.libraries import facts
from keqi.libraries.models import ReportFact


@receiver(post_save, sender=Submission, dispatch_uid="libraries-report-fact")
def report_saved(sender, instance: Submission, raw=False, **kwargs):
    if raw or instance.program.series != facts.ANNUAL_SERIES:
        return
    approved = instance.status == Submission.Status.APPROVED
    if approved or ReportFact.objects.filter(submission_id=instance.pk).exists():
        facts.refresh_enterprise(instance.enterprise_id)


@receiver(post_save, sender=Enterprise, dispatch_uid="libraries-enterprise-identity")
def enterprise_saved(sender, instance: Enterprise, raw=False, created=False, **kwargs):
    """A renamed or moved enterprise is screened and scoped under its current name and region."""
    if raw or created:
        return
    if ReportFact.objects.filter(enterprise_id=instance.pk).exists():
        facts.refresh_enterprise(instance.pk)
