"""The read-optimised path (ADR 0019): one wide row per (enterprise, year) of the annual report's
promoted figures, written when a report is approved, plus what officers keep about libraries."""

from django.conf import settings
from django.db import models

from keqi.policy.libraries import FACT_FIELDS


def _fact_field(name: str, label: str, unit: str, kind: str):
    verbose = f"{label}（{unit}）" if unit else label
    if kind == "money":
        return models.DecimalField(verbose, max_digits=20, decimal_places=4, null=True, blank=True)
    if kind == "flag":
        return models.SmallIntegerField(verbose, null=True, blank=True)
    return models.BigIntegerField(verbose, null=True, blank=True)


class ReportFact(models.Model):
    """An approved annual report's figures as columns (the EAV `Figure` rows are too slow to screen
    a million reports). Identity columns are copied from the enterprise so a screen reads one table."""

    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="+")
    submission = models.OneToOneField("declarations.Submission", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年报年度")
    region = models.ForeignKey("reference.Region", on_delete=models.PROTECT, related_name="+", verbose_name="区县")
    region_path = models.CharField(max_length=120)
    zone_path = models.CharField(max_length=120, blank=True, default="")
    name = models.CharField("企业名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18)
    established_date = models.DateField("成立日期", null=True, blank=True)
    growth_first_year = models.PositiveSmallIntegerField("首次符合条件", null=True, blank=True)
    # the report's category answers (codes), for the statistics tables' tabs
    scale = models.CharField("企业规模", max_length=20, blank=True, default="")
    sector = models.CharField("产业类别", max_length=20, blank=True, default="")
    high_tech_field = models.CharField("高新技术领域", max_length=40, blank=True, default="")
    locals().update({name: _fact_field(name, *spec) for name, spec in FACT_FIELDS.items()})

    class Meta:
        ordering = ["year", "id"]
        verbose_name = verbose_name_plural = "年报数据（筛选用）"
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="uniq_fact_enterprise_year")]
        indexes = [
            models.Index(fields=["year", "region_path"], name="fact_year_region_idx"),
            models.Index(fields=["year", "zone_path"], name="fact_year_zone_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"


class FactStamp(models.Model):
    """One row: bumped with every change of ReportFact, so each process knows when its in-memory
    columns are stale (one primary-key read per request)."""

    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.version)


class ParameterSet(models.Model):
    """An officer's saved 条件参数 for one library, reused by name."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    library = models.CharField("库", max_length=40)
    name = models.CharField("名称", max_length=40)
    values = models.JSONField("参数值", default=dict)
    created_at = models.DateTimeField("保存时间", auto_now=True)

    class Meta:
        ordering = ["library", "name"]
        constraints = [models.UniqueConstraint(fields=["owner", "library", "name"], name="uniq_param_set_name")]
        verbose_name = verbose_name_plural = "条件参数方案"

    def __str__(self) -> str:
        return self.name


class ReserveEntry(models.Model):
    """科创板上市企业储备库: kept by city officers; a removal is kept with who and when."""

    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="+")
    note = models.CharField("备注", max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField("入库时间")
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField("移出时间", null=True, blank=True)

    class Meta:
        ordering = ["-added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"], condition=models.Q(removed_at__isnull=True), name="uniq_reserve_active"
            )
        ]
        verbose_name = verbose_name_plural = "科创板上市企业储备库"

    def __str__(self) -> str:
        return str(self.enterprise_id)
