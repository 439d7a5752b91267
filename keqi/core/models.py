"""Shared kernel: timestamps, money columns and the audit log (P8)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


def MoneyField(verbose_name: str, *, allow_negative: bool = False, **kwargs) -> models.DecimalField:
    """Money in 万元 with 4 places: exact to the yuan."""
    validators = [] if allow_negative else [MinValueValidator(Decimal("0"), message="金额不能为负数")]
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=4, validators=validators, **kwargs)


class AuditLog(models.Model):
    """Who did what to which record, with old → new values."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField("操作", max_length=64)
    target_type = models.CharField("对象类型", max_length=64)
    target_id = models.CharField("对象编号", max_length=64)
    enterprise_id = models.BigIntegerField("企业", null=True, blank=True, db_index=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = verbose_name_plural = "审计日志"

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}#{self.target_id}"


class ChainHead(models.Model):
    """The last link of one hash chain (X4). Locked while a link is added, so two writers to one
    chain queue instead of both linking to the same predecessor."""

    key = models.CharField("链", max_length=120, unique=True)
    length = models.PositiveIntegerField("环数", default=0)
    last_hash = models.CharField("末环摘要", max_length=64, default="")

    class Meta:
        verbose_name = verbose_name_plural = "记录链"

    def __str__(self) -> str:
        return f"{self.key} ({self.length})"


class RecordSeal(models.Model):
    """One link of a hash chain: the SHA-256 of a record's stored content, the previous link's hash
    and this link's hash over both. Editing the record, the link or the order breaks the chain."""

    chain = models.CharField("链", max_length=120)
    sequence = models.PositiveIntegerField("环序号")
    record_type = models.CharField("记录类型", max_length=64)
    record_id = models.BigIntegerField("记录编号")
    content_hash = models.CharField("内容摘要", max_length=64)
    prev_hash = models.CharField("前一环摘要", max_length=64, blank=True)
    hash = models.CharField("本环摘要", max_length=64)

    class Meta:
        ordering = ["chain", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="uniq_seal_chain_sequence"),
            models.UniqueConstraint(fields=["record_type", "record_id"], name="uniq_seal_record"),
        ]
        verbose_name = verbose_name_plural = "记录封存"

    def __str__(self) -> str:
        return f"{self.chain}#{self.sequence}"
