"""The program host (X5): programs (申报活动) as data, one submission record for all of them."""

from django.conf import settings
from django.db import models

from keqi.core.models import MoneyField


class FormVersion(models.Model):
    """An immutable form document; every submission points at the version it was filled in."""

    key = models.CharField("表单", max_length=40)
    number = models.PositiveIntegerField("版本号")
    document = models.JSONField("表单定义")
    digest = models.CharField("内容摘要", max_length=64)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["key", "number"]
        constraints = [models.UniqueConstraint(fields=["key", "number"], name="uniq_form_version")]
        verbose_name = verbose_name_plural = "表单版本"

    def __str__(self) -> str:
        return f"{self.key} 第{self.number}版"


class Program(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "未发布"
        PUBLISHED = "published", "已发布"
        CLOSED = "closed", "已结束"
        ARCHIVED = "archived", "已归档"

    key = models.SlugField("活动标识", max_length=60, unique=True)
    series = models.SlugField("活动系列", max_length=60, help_text="同一活动的各年度版本共用一个系列")
    name = models.CharField("活动名称", max_length=120)
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    region = models.ForeignKey("reference.Region", on_delete=models.PROTECT, related_name="+", verbose_name="主办区域")
    form = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="+", verbose_name="表单版本")
    # Another program's key whose form (and self-assessment, export columns) this one reuses; a new
    # record starts from the enterprise's latest submitted record of that program's series (prefill.py).
    form_from = models.SlugField("表单来源活动", max_length=60, blank=True, default="")
    # [{"key", "label", "role", "region_level"}]: who reviews at each level, in order.
    levels = models.JSONField("审核层级", default=list)
    # [{"kind", "label", ...}]: conditions checked against the profile before a declaration.
    eligibility = models.JSONField("申报条件", default=list, blank=True)
    # [{"key", "title", "sections": [...]}]: generated documents to sign, stamp and upload.
    documents = models.JSONField("生成文件", default=list, blank=True)
    materials = models.JSONField("材料清单", default=list, blank=True)
    notes = models.TextField("申报须知", blank=True)
    # [{"key", "label"}]: answer keys exported beside the standard columns.
    export_columns = models.JSONField("导出列", default=list, blank=True)
    # {"scheme", "inputs": {policy field: answer key | {"answer", "scale"} | {"provider"} | {"value"}}}:
    # the self-assessment by a keqi.policy scheme, its ruleset chosen by the declaration date (X2).
    assessment = models.JSONField("自评", default=dict, blank=True)
    # {"scheme", "ruleset", "inputs"}: the award ceiling computed by a keqi.policy scheme from the
    # answers (form keys named as the scheme's inputs); empty when the program has no amount.
    amount = models.JSONField("奖补金额测算", default=dict, blank=True)
    budget = MoneyField("年度预算（万元）", null=True, blank=True)
    # {"key", "label", "roles", "region_level", "fields": [...]}: a step after approval (follow_up.py).
    follow_up = models.JSONField("审核后登记", default=dict, blank=True)
    # {"qualification_kinds": [...], "approved": {"qualification": "grant"|"extend", "kind", "years"},
    #  "rejected": {"qualification": "cancel"}}: what a final decision does to a recognition (outcomes.py).
    on_decision = models.JSONField("审核结果处理", default=dict, blank=True)
    # {"serial": "{year}{region:6}{id:06}", "registration": "…"}: the 系统填报号 given when a
    # declaration starts and the 登记编号 given on final approval (numbers.py).
    numbers = models.JSONField("编号规则", default=dict, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = verbose_name_plural = "申报活动"

    def __str__(self) -> str:
        return self.name


class Window(models.Model):
    class Purpose(models.TextChoices):
        DECLARE = "declare", "申报"
        UPDATE = "update", "信息更新"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="windows", verbose_name="申报活动")
    region = models.ForeignKey(
        "reference.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="适用区域",
        help_text="留空表示主办区域全部",
    )
    purpose = models.CharField("用途", max_length=10, choices=Purpose.choices, default=Purpose.DECLARE)
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")

    class Meta:
        ordering = ["opens_at", "id"]
        verbose_name = verbose_name_plural = "申报时间窗口"

    def __str__(self) -> str:
        return f"{self.program} {self.opens_at:%Y-%m-%d}至{self.closes_at:%Y-%m-%d}"


class PublicityBatch(models.Model):
    """公示 then 入库登记 (seed 001, `"publicity"` in the program's data): the final level lists
    approved declarations with the publicity period shown to the enterprises; only after it ends
    does 入库登记 give the 登记编号 and apply `on_decision` (publicity.py)."""

    class Status(models.TextChoices):
        PUBLICITY = "publicity", "公示中"
        REGISTERED = "registered", "已入库登记"

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="batches", verbose_name="申报活动")
    region = models.ForeignKey("reference.Region", on_delete=models.PROTECT, related_name="+", verbose_name="公示区域")
    title = models.CharField("批次名称", max_length=120)
    publicity_from = models.DateField("公示开始日期")
    publicity_to = models.DateField("公示截止日期")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PUBLICITY)
    registered_on = models.DateField("入库登记日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "公示批次"

    def __str__(self) -> str:
        return self.title


class Submission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "填报中"
        REVIEW = "review", "审核中"
        RETURNED = "returned", "退回补正"
        WITHDRAWN = "withdrawn", "已撤回"
        APPROVED = "approved", "审核通过"
        REJECTED = "rejected", "不予通过"

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="submissions", verbose_name="申报活动")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="submissions", verbose_name="企业"
    )
    form = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="+", verbose_name="表单版本")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    level = models.PositiveSmallIntegerField("当前审核层级", default=0)
    returned_level = models.PositiveSmallIntegerField("退回层级", null=True, blank=True)
    # Denormalised from the enterprise so scope is one indexed prefix match (P1).
    region_path = models.CharField("区域路径", max_length=120, db_index=True)
    zone_path = models.CharField("园区路径", max_length=120, blank=True, default="")
    answers = models.JSONField("填报内容", default=dict, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    last_opinion = models.TextField("最近审核意见", blank=True)
    # The agency the enterprise sent it to, for a level reviewed by the chosen agency (评价机构).
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="评价机构"
    )
    serial = models.CharField("系统填报号", max_length=32, unique=True, null=True, blank=True)
    registration_number = models.CharField("登记编号", max_length=32, unique=True, null=True, blank=True)
    batch = models.ForeignKey(
        "PublicityBatch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name="公示批次",
    )
    calculated_amount = MoneyField("测算金额（万元）", null=True, blank=True)
    approved_amount = MoneyField("核定金额（万元）", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True, db_index=True)
    status_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "enterprise"], name="uniq_submission_program_enterprise")
        ]
        indexes = [
            models.Index(fields=["program", "status", "level"]),
            # Officers' lists at a million reports (issue 12 Speed): the page walks one program's
            # rows newest first, and the count reads the scope from the index alone.
            models.Index(fields=["program", "-submitted_at", "-id"], name="submission_program_newest"),
            models.Index(
                fields=["program", "status", "region_path", "zone_path"],
                name="submission_program_scope",
                opclasses=["int8_ops", "text_ops", "text_pattern_ops", "text_pattern_ops"],
            ),
        ]
        verbose_name = verbose_name_plural = "申报材料"

    def __str__(self) -> str:
        return f"{self.program} · {self.enterprise_id}"


class Figure(models.Model):
    """A promoted figure (declared `promote` on the form's field): filterable and exportable."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="figures")
    key = models.CharField("字段", max_length=40)
    number = models.DecimalField("数值", max_digits=20, decimal_places=4, null=True, blank=True)
    text = models.CharField("文本", max_length=200, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "key"], name="uniq_figure_key")]
        indexes = [models.Index(fields=["key", "number"])]

    def __str__(self) -> str:
        return f"{self.key}={self.number if self.number is not None else self.text}"


class Snapshot(models.Model):
    """What was submitted, frozen: answers, form version and each attachment's SHA-256."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="snapshots")
    sequence = models.PositiveIntegerField("第几次提交")
    form = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField("提交时版本")
    answers = models.JSONField("填报内容")
    attachments = models.JSONField("附件清单", default=list)
    digest = models.CharField("快照摘要", max_length=64)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        ordering = ["submission", "sequence"]
        constraints = [models.UniqueConstraint(fields=["submission", "sequence"], name="uniq_snapshot_sequence")]
        verbose_name = verbose_name_plural = "提交快照"

    def __str__(self) -> str:
        return f"第{self.sequence}次提交"


class FollowUp(models.Model):
    """What an officer records after approval when the program declares a `follow_up` step
    (e.g. a voucher's 兑现登记): recorded once, by the step's officer, never edited."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="follow_up")
    answers = models.JSONField("登记内容", default=dict)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "审核后登记"

    def __str__(self) -> str:
        return f"{self.submission} 登记"
