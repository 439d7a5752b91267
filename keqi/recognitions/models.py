"""企业重大变更 (S3.9): declared by a recognised enterprise, reviewed by the levels that recognised it."""

from django.conf import settings
from django.db import models


class MajorChange(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "暂存"
        REVIEW = "review", "审核中"
        APPROVED = "approved", "审核通过"
        REJECTED = "rejected", "审核不通过"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="major_changes", verbose_name="企业"
    )
    # A code of the editable dictionary `major_change_type` (更名, 合并, 分立, 重组, 跨省迁移…).
    change_type = models.CharField("变更类型", max_length=40)
    before = models.TextField("变更前")
    after = models.TextField("变更后")
    changed_on = models.DateField("变更日期")
    description = models.TextField("变更说明", blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    level = models.PositiveSmallIntegerField("当前审核层级", default=0)
    # Denormalised from the enterprise so officers' scope is one prefix match (P1).
    region_path = models.CharField("区域路径", max_length=120, db_index=True)
    zone_path = models.CharField("园区路径", max_length=120, blank=True, default="")
    is_late = models.BooleanField("逾期申报", default=False, help_text="变更发生后超过3个月才申报")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    status_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    last_opinion = models.TextField("审核意见", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "level"], name="major_change_status_idx")]
        verbose_name = verbose_name_plural = "企业重大变更"

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.change_type}"
