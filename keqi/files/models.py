"""Attachments (P6): stored outside the web root, served only through a permission check."""

from django.conf import settings
from django.db import models


class Attachment(models.Model):
    """One uploaded file, owned by a record (`owner_type`, `owner_id`) in a declared slot."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="attachments", verbose_name="企业"
    )
    owner_type = models.CharField("所属对象类型", max_length=64)
    owner_id = models.BigIntegerField("所属对象")
    slot = models.CharField("附件类别", max_length=40)
    row_key = models.CharField("所属行", max_length=40, blank=True, default="")
    original_name = models.CharField("文件名", max_length=200)
    file = models.FileField("文件", upload_to="attachments/%Y/%m/", max_length=300)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("类型", max_length=64)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["owner_type", "owner_id", "slot"])]
        verbose_name = verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.original_name

    @property
    def size_label(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / 1024 / 1024:.1f} MB"
        return f"{max(1, self.size // 1024)} KB"

    @property
    def previewable(self) -> bool:
        return self.content_type in ("application/pdf", "image/png", "image/jpeg")
