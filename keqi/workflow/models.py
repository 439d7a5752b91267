"""审核记录 (P8): one row per fired transition — who, at which level, when, decision, opinion."""

from django.conf import settings
from django.db import models


class ReviewRecord(models.Model):
    process = models.CharField("流程", max_length=40)
    target_type = models.CharField("对象类型", max_length=64)
    target_id = models.BigIntegerField("对象编号")
    transition = models.CharField("操作", max_length=40)
    from_state = models.CharField("原状态", max_length=32)
    to_state = models.CharField("新状态", max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField("办理人", max_length=150)
    organisation = models.CharField("办理单位", max_length=200, blank=True)
    level = models.CharField("审核层级", max_length=32)
    decision = models.CharField("审核结果", max_length=32)
    opinion = models.TextField("审核意见", blank=True)
    created_at = models.DateTimeField("办理时间", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = verbose_name_plural = "审核记录"

    def __str__(self) -> str:
        return f"{self.level} {self.decision}"
