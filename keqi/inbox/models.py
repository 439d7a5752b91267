"""我的消息 (S3.7, P9): what the platform tells an enterprise, one row per reason."""

from django.db import models


class Message(models.Model):
    class Kind(models.TextChoices):
        EXPIRY = "expiry", "认定到期"
        UPDATE = "update", "信息更新"
        NOTICE = "notice", "认定通知"
        CANCELLED = "cancelled", "取消认定"
        REMINDER = "reminder", "申报提醒"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="messages", verbose_name="企业"
    )
    kind = models.CharField("消息类型", max_length=12, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    link = models.CharField("相关页面", max_length=200, blank=True)
    # Why it was sent (e.g. "expiry:12:2026-06-30:30"): the unique key makes every reason send once,
    # however often the job or an event runs.
    reason = models.CharField("发送原因", max_length=120, unique=True)
    created_at = models.DateTimeField("发送时间", db_index=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    sms_sent = models.BooleanField("已发短信", default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["enterprise", "read_at"], name="inbox_unread_idx")]
        verbose_name = verbose_name_plural = "消息"

    def __str__(self) -> str:
        return self.title
