"""Attachments (P6): stored outside the web root, served only through a permission check."""

from django.conf import settings
from django.db import models


class LiveAttachments(models.Manager):
    """Attachments still on their owner's draft (not detached after a frozen submit)."""

    def get_queryset(self):
        return super().get_queryset().filter(detached_at=None)


class Attachment(models.Model):
    """One uploaded file, owned by a record (`owner_type`, `owner_id`) in a declared slot.

    `frozen_at`: a submitted snapshot lists it (services.freeze); from then on it is never
    deleted by its owner: removing it from the draft sets `detached_at` and keeps the file,
    which officers who may see the record can still download. `objects` lists live ones;
    `all_objects` also the detached (downloads and snapshots use it).
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="attachments", verbose_name="企业"
    )
    owner_type = models.CharField("所属对象类型", max_length=64)
    owner_id = models.BigIntegerField("所属对象")
    slot = models.CharField("附件类别", max_length=100)
    row_key = models.CharField("所属行", max_length=200, blank=True, default="")
    original_name = models.CharField("文件名", max_length=200)
    file = models.FileField("文件", upload_to="attachments/%Y/%m/", max_length=300)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("类型", max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64)  # computed while the upload streamed in
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    frozen_at = models.DateTimeField("首次随提交冻结", null=True, blank=True)
    detached_at = models.DateTimeField("从草稿移除", null=True, blank=True)

    all_objects = models.Manager()
    objects = LiveAttachments()

    class Meta:
        base_manager_name = "all_objects"
        default_manager_name = "all_objects"
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
    def frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def previewable(self) -> bool:
        return self.content_type in ("application/pdf", "image/png", "image/jpeg")
