"""Export jobs (P10, S2.9): large exports run in the background and land in 我的导出."""

from django.conf import settings
from django.db import models


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"
        CANCELLED = "cancelled", "已取消"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    dataset = models.CharField("数据集", max_length=32)
    title = models.CharField("名称", max_length=100)
    params = models.JSONField("查询条件", default=dict)
    fields = models.JSONField("导出字段", default=list)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField("总行数", default=0)
    done_rows = models.PositiveIntegerField("已写行数", default=0)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    file_path = models.CharField(max_length=300, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField("文件大小", default=0)
    error = models.CharField("错误", max_length=300, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # Written when the worker starts and at every progress step: a running job whose heartbeat
    # stops has lost its worker (see services.sweep_stale).
    heartbeat_at = models.DateTimeField("最近进展时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("过期时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "status"], name="export_owner_status_idx")]
        verbose_name = verbose_name_plural = "导出任务"

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(self.done_rows * 100 / self.total_rows) if self.total_rows else 0
