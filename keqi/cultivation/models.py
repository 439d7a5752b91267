"""优质中小企业梯度培育 (seed 003): digital assessments, real-name verification, announcements and
recognition batches. The declarations themselves are programs on the host (keqi.declarations)."""

from django.conf import settings
from django.db import models


class DigitalAssessment(models.Model):
    """One attempt at the 数字化水平评测 (S3.3); retakes add rows, the latest counts."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="digital_assessments", verbose_name="企业"
    )
    ruleset = models.CharField("评测指标版本", max_length=8)
    questionnaire = models.CharField("评测表类别", max_length=24)  # manufacturing / productive_services / other
    answers = models.JSONField("答题内容", default=dict)
    total = models.DecimalField("评测得分", max_digits=7, decimal_places=3)
    dimensions = models.JSONField("维度得分", default=dict)
    platform_level = models.PositiveSmallIntegerField("平台出具的等级", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("评测时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "数字化水平评测"

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.total}"


class Verification(models.Model):
    """法人实名认证 (S3.5) or 手机号修改 by 人工核验: matched automatically against the profile when
    possible, else queued for the province's officer."""

    class Kind(models.TextChoices):
        LEGAL_PERSON = "legal_person", "法人实名认证"
        MOBILE = "mobile", "手机号修改（人工核验）"

    class Status(models.TextChoices):
        AUTO = "auto", "已认证（自动核验）"
        PENDING = "pending", "待人工审核"
        APPROVED = "approved", "已认证（人工审核）"
        REJECTED = "rejected", "人工审核不通过"

    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.LEGAL_PERSON)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="账号"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="企业"
    )
    name = models.CharField("法定代表人姓名", max_length=64)
    id_number = models.CharField("身份证号", max_length=18)
    uscc = models.CharField("统一社会信用代码", max_length=18)
    new_mobile = models.CharField("新手机号", max_length=11, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, db_index=True)
    mismatch = models.CharField("自动核验结果", max_length=200, blank=True)
    reason = models.CharField("审核意见", max_length=200, blank=True)
    region_path = models.CharField("区域路径", max_length=120, db_index=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "实名认证"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.uscc}"


class Announcement(models.Model):
    """部级公告 / 省级公告 (S3.1, P9)."""

    class Level(models.TextChoices):
        MINISTRY = "ministry", "部级公告"
        PROVINCE = "province", "省级公告"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    level = models.CharField("公告级别", max_length=10, choices=Level.choices)
    region = models.ForeignKey("reference.Region", on_delete=models.PROTECT, related_name="+", verbose_name="发布区域")
    publisher = models.CharField("发布单位", max_length=100)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    pinned = models.BooleanField("置顶", default=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-pinned", "-published_at", "-id"]
        verbose_name = verbose_name_plural = "公告"

    def __str__(self) -> str:
        return self.title


class AnnouncementFile(models.Model):
    """An announcement's attachment (announcements belong to no enterprise, so not the files engine's
    Attachment); checked by the same sniffing on upload, served only while published or to its officers."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="files")
    original_name = models.CharField("文件名", max_length=200)
    file = models.FileField("文件", upload_to="announcements/%Y/%m/", max_length=300)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("类型", max_length=100)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class RecognitionBatch(models.Model):
    """A recognition batch of one tier's program: 名单公示 (dates) then 认定, which grants the
    qualifications (S3.4)."""

    class Status(models.TextChoices):
        PUBLICITY = "publicity", "名单公示中"
        RECOGNISED = "recognised", "已认定"

    program = models.ForeignKey(
        "declarations.Program", on_delete=models.PROTECT, related_name="+", verbose_name="申报活动"
    )
    region = models.ForeignKey("reference.Region", on_delete=models.PROTECT, related_name="+", verbose_name="认定区域")
    title = models.CharField("批次名称", max_length=120)
    publicity_from = models.DateField("公示开始日期")
    publicity_to = models.DateField("公示截止日期")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PUBLICITY)
    recognised_on = models.DateField("认定日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "认定批次"

    def __str__(self) -> str:
        return self.title


class BatchEntry(models.Model):
    batch = models.ForeignKey(RecognitionBatch, on_delete=models.CASCADE, related_name="entries")
    submission = models.OneToOneField("declarations.Submission", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="+")
    qualification = models.ForeignKey(
        "enterprises.Qualification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.enterprise_id}"
