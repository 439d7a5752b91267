"""Storage shape shared by every declared form: answers as JSON, the form version they were
filled against, and an optimistic version number so two tabs never overwrite each other."""

from django.db import models


class FormRecord(models.Model):
    form_key = models.CharField("表单", max_length=40)
    form_version = models.CharField("表单版本", max_length=20)
    answers = models.JSONField("填报内容", default=dict, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        abstract = True
