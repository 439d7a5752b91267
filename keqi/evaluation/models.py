"""科技型中小企业评价 (seed 001): one evaluation per enterprise per year."""

from django.conf import settings
from django.db import models

from keqi.core.models import MoneyField
from keqi.formkit.models import FormRecord


class Status(models.TextChoices):
    DRAFT = "draft", "填报中"
    AGENCY_REVIEW = "agency_review", "评价机构形式审查"
    RETURNED = "returned", "退回修改"
    WITHDRAWN = "withdrawn", "撤回"
    PROVINCE_REVIEW = "province_review", "省级主管部门审核"
    PUBLICITY = "publicity", "公示"
    REGISTERED = "registered", "已入库"
    REJECTED = "rejected", "不予入库"


class Evaluation(FormRecord):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="evaluations", verbose_name="企业"
    )
    year = models.PositiveSmallIntegerField("评价年度", db_index=True)
    serial = models.CharField("系统填报号", max_length=20, unique=True, null=True, blank=True)
    status = models.CharField("当前状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="评价机构"
    )
    # Profile as it was when the form was filled (S1.17 sync refreshes it while editable).
    profile = models.JSONField("企业基本信息", default=dict, blank=True)
    acknowledged_at = models.DateTimeField("已阅读填报说明", null=True, blank=True)
    # Promoted figures (lists, statistics, screening) — real indexed columns.
    total_score = models.PositiveSmallIntegerField("自评总分", null=True, blank=True, db_index=True)
    qualified = models.BooleanField("自评符合", null=True, blank=True, db_index=True)
    assessment = models.JSONField("自评结果", default=dict, blank=True)
    assessed_version = models.PositiveIntegerField("自评时版本", null=True, blank=True)
    employees = models.DecimalField("职工总数", max_digits=10, decimal_places=2, null=True, blank=True)
    tech_staff = models.DecimalField("科技人员数", max_digits=10, decimal_places=2, null=True, blank=True)
    sales_revenue = MoneyField("销售收入总额", null=True, blank=True)
    main_revenue = MoneyField("主营业务收入", null=True, blank=True)
    total_assets = MoneyField("资产总额", null=True, blank=True)
    rd_expense = MoneyField("研发费用总额", null=True, blank=True)
    # Cover page (S1.15): the version printed last; an upload is valid only for that version.
    cover_version = models.PositiveIntegerField("封面生成时版本", null=True, blank=True)
    cover_invalidated = models.BooleanField("封面已失效", default=False)
    submitted_version = models.PositiveIntegerField("提交时版本", null=True, blank=True)
    snapshot = models.JSONField("提交快照", default=dict, blank=True)
    registration_number = models.CharField("登记编号", max_length=24, unique=True, null=True, blank=True)
    registered_on = models.DateField("入库日期", null=True, blank=True)
    first_submitted_at = models.DateTimeField("首次提交时间", null=True, blank=True)
    submitted_at = models.DateTimeField("最后提交时间", null=True, blank=True, db_index=True)
    status_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建日期", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="uniq_evaluation_enterprise_year")]
        indexes = [models.Index(fields=["agency", "status"]), models.Index(fields=["status", "year"])]
        verbose_name = verbose_name_plural = "科技型中小企业评价"

    def __str__(self) -> str:
        return f"{self.serial or self.pk} {self.year}"
