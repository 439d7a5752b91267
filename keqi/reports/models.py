"""知识价值信用评级 (S2.5): the administrator's parameters (versioned) and one stored rating per
annual report, so the list filters and pages by grade without re-scoring a million reports."""

from django.conf import settings
from django.db import models


class CreditParameters(models.Model):
    """One version of the rating's weights and cut-offs; the newest is in force. Never edited in
    place: a change adds a version, so every stored grade names the parameters it was computed with."""

    number = models.PositiveIntegerField("版本号", unique=True)
    parameters = models.JSONField("评级参数")
    note = models.CharField("修改说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = verbose_name_plural = "知识价值信用评级参数"

    def __str__(self) -> str:
        return f"评级参数第{self.number}版"


class CreditRating(models.Model):
    """The grade of one passed annual report under one parameter version ("" = 需补充信息)."""

    submission = models.OneToOneField(
        "declarations.Submission", on_delete=models.CASCADE, related_name="credit_rating", verbose_name="年报"
    )
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年份")
    region_path = models.CharField("区域路径", max_length=120)
    zone_path = models.CharField("园区路径", max_length=120, blank=True, default="")
    grade = models.CharField("信用等级", max_length=1, blank=True)
    score = models.DecimalField("得分", max_digits=9, decimal_places=4, null=True, blank=True)
    parameters = models.ForeignKey(CreditParameters, on_delete=models.PROTECT, related_name="ratings")
    result = models.JSONField("评级说明")
    rated_at = models.DateTimeField("评级时间", auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["year", "grade", "region_path"], name="credit_year_grade_idx"),
            models.Index(fields=["year", "region_path"], name="credit_year_region_idx"),
        ]
        verbose_name = verbose_name_plural = "知识价值信用评级"

    def __str__(self) -> str:
        return f"{self.year} {self.grade or '需补充信息'}"
