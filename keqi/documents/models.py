"""Which answers version each generated document was handed out for, and the signed copy."""

from django.conf import settings
from django.db import models


class DocumentState(models.Model):
    """One row per record and document kind.

    `issued_*`: the version (record `version` + digest of its answers) of the last copy handed
    out for signing. `signed_*`: the uploaded signed and stamped scan and the version it was
    generated from. The signed copy is valid only while that version is the record's current one.
    """

    owner_type = models.CharField("所属对象类型", max_length=64)
    owner_id = models.BigIntegerField("所属对象")
    kind = models.CharField("文件类别", max_length=64)
    issued_version = models.PositiveIntegerField("下载时版本", null=True, blank=True)
    issued_digest = models.CharField("下载时内容校验值", max_length=64, blank=True, default="")
    issued_at = models.DateTimeField("下载时间", null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    signed = models.ForeignKey(
        "files.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="签章件"
    )
    signed_version = models.PositiveIntegerField("签章件对应版本", null=True, blank=True)
    signed_digest = models.CharField("签章件内容校验值", max_length=64, blank=True, default="")
    signed_at = models.DateTimeField("签章件上传时间", null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner_type", "owner_id", "kind"], name="uniq_document_state_owner_kind")
        ]
        verbose_name = verbose_name_plural = "生成文件状态"

    def __str__(self) -> str:
        return f"{self.owner_type}#{self.owner_id} {self.kind}"
