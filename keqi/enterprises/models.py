"""Enterprise profile (P5): maintained once, reused by every form."""

from django.conf import settings
from django.db import models

from keqi.core.models import MoneyField, TimeStampedModel


class ReviewStatus(models.TextChoices):
    """Basic-info review status (seed 002 §2): the status of the enterprise's latest info-change request."""

    NONE = "none", "未提交"
    PENDING = "pending", "待审核"
    APPROVED = "approved", "审核通过"
    REJECTED = "rejected", "审核不通过"


# Fields the enterprise maintains on its profile page (the rest are identity or derived).
PROFILE_FIELDS = [
    "name",
    "registration_type",
    "industry",
    "legal_representative",
    "established_date",
    "region",
    "zone",
    "tax_collection_method",
    "address",
    "registered_capital",
    "business_scope",
    "high_tech_field",
    "employees",
    "tech_staff",
    "rd_staff",
    "graduates",
]


class Enterprise(TimeStampedModel):
    name = models.CharField("企业名称", max_length=200, db_index=True)
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    registration_type = models.CharField("企业注册类型", max_length=40, blank=True)
    industry = models.ForeignKey(
        "reference.Industry", null=True, blank=True, on_delete=models.PROTECT, verbose_name="所属行业"
    )
    legal_representative = models.CharField("法定代表人", max_length=64, blank=True)
    established_date = models.DateField("成立日期", null=True, blank=True)
    region = models.ForeignKey("reference.Region", on_delete=models.PROTECT, related_name="+", verbose_name="注册地")
    zone = models.ForeignKey(
        "reference.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="所在园区",
    )
    # Denormalised region paths: scope filters are prefix matches on an indexed column.
    region_path = models.CharField(max_length=120, db_index=True, editable=False)
    zone_path = models.CharField(max_length=120, blank=True, db_index=True, editable=False)
    tax_collection_method = models.CharField("征收方式", max_length=16, blank=True)
    address = models.CharField("住所", max_length=200, blank=True)
    registered_capital = MoneyField("注册资本（万元）", null=True, blank=True)
    business_scope = models.TextField("经营范围", blank=True)
    high_tech_field = models.CharField("技术领域", max_length=40, blank=True)
    # Personnel summary
    employees = models.PositiveIntegerField("职工总数", null=True, blank=True)
    tech_staff = models.PositiveIntegerField("科技人员数", null=True, blank=True)
    rd_staff = models.PositiveIntegerField("研发人员数", null=True, blank=True)
    graduates = models.PositiveIntegerField("大专及以上学历人数", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Denormalised from the latest InfoChangeRequest so the query list filters on one indexed column.
    # Denormalised industry (GB/T 4754 section letter and 4-digit class): the industry filter reads
    # these without a join. Deliberately unindexed: a section holds up to 40 % of all rows, where a
    # scan beats an index walk, and SQLite (no statistics by default) would pick the index.
    industry_section = models.CharField("行业门类", max_length=1, blank=True, editable=False)
    industry_code = models.CharField("行业代码", max_length=4, blank=True, editable=False)
    review_status = models.CharField(
        "审核状态",
        max_length=12,
        choices=ReviewStatus.choices,
        default=ReviewStatus.NONE,
        db_index=True,
        editable=False,
    )

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "企业"
        indexes = [
            models.Index(fields=["established_date"], name="ent_established_idx"),
            # Covers every column the query list filters on, so counts read the index, not the
            # table rows (address, business scope…): about a third faster on SQLite at 100,000.
            models.Index(
                fields=[
                    "region_path",
                    "zone_path",
                    "review_status",
                    "industry_section",
                    "industry_code",
                    "established_date",
                    "name",
                    "uscc",
                ],
                name="ent_list_cover_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.region_path = self.region.path
        self.zone_path = self.zone.path if self.zone_id else ""
        self.industry_section = self.industry.section if self.industry_id else ""
        self.industry_code = self.industry.code if self.industry_id else ""
        super().save(*args, **kwargs)


class Contact(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("姓名", max_length=64)
    position = models.CharField("职务", max_length=64, blank=True)
    mobile = models.CharField("手机号", max_length=11)
    email = models.EmailField("电子邮箱", blank=True)
    is_primary = models.BooleanField("主要联系人", default=False)

    class Meta:
        ordering = ["-is_primary", "id"]
        verbose_name = verbose_name_plural = "联系人"
        indexes = [
            # Covers the primary-contact subquery of lists and exports (selectors.primary_contact):
            # one index seek per enterprise, no sort and no table read.
            models.Index(fields=["enterprise", "-is_primary", "id", "name", "mobile"], name="contact_primary_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Shareholder(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="shareholders")
    name = models.CharField("股东名称", max_length=200)
    shareholder_type = models.CharField("股东类型", max_length=32)
    contribution = MoneyField("认缴出资额（万元）")
    share_ratio = models.DecimalField("持股比例（%）", max_digits=7, decimal_places=4)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "股东"

    def __str__(self) -> str:
        return self.name


class Qualification(models.Model):
    """A recognition the enterprise holds, with its validity.

    Rows the platform writes from its own decisions (registration, recognition) are confirmed;
    an enterprise's own entry is a claim with evidence that counts nowhere until its district
    confirms it (issue 11 item 6). Read valid ones only through `selectors.valid_qualifications`.
    """

    class Status(models.TextChoices):
        CLAIMED = "claimed", "待确认"
        CONFIRMED = "confirmed", "已确认"
        REFUSED = "refused", "未通过"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField("资质类型", max_length=32)
    number = models.CharField("证书编号/登记编号", max_length=64, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    issued_on = models.DateField("认定日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    status = models.CharField("确认状态", max_length=12, choices=Status.choices, default=Status.CONFIRMED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)
    decision_note = models.CharField("确认意见", max_length=500, blank=True)
    # The name printed on the certificate: an approved 更名 (major change) rewrites it (S3.9).
    holder_name = models.CharField("证书企业名称", max_length=200, blank=True)
    # 取消认定 (S3.10): a cancelled recognition stays on record, with the day and the reason.
    cancelled_on = models.DateField("取消认定日期", null=True, blank=True)
    cancel_reason = models.TextField("取消认定原因", blank=True)

    class Meta:
        ordering = ["kind", "-issued_on"]
        verbose_name = verbose_name_plural = "企业资质"
        indexes = [
            models.Index(fields=["kind", "year", "enterprise"], name="qual_kind_year_idx"),
            # covers the "holds a valid qualification of kind K" semi-join of the query list
            models.Index(fields=["kind", "valid_until", "enterprise"], name="qual_kind_valid_idx"),
            models.Index(fields=["status", "enterprise"], name="qual_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"

    def is_valid_on(self, day) -> bool:
        if self.cancelled_on is not None and self.cancelled_on <= day:
            return False
        return self.valid_until is None or self.valid_until >= day


class IntellectualProperty(models.Model):
    """The enterprise's IP register: forms pick from it instead of retyping (S1.10)."""

    class Acquisition(models.TextChoices):
        SELF_DEVELOPED = "self", "自主研发"
        TRANSFER = "transfer", "受让"
        GIFT = "gift", "受赠"
        MERGER = "merger", "并购"
        OTHER = "other", "其他"

    class Source(models.TextChoices):
        REGISTER = "register", "系统获取"
        MANUAL = "manual", "手动添加"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="intellectual_properties")
    name = models.CharField("知识产权名称", max_length=200)
    ip_type = models.ForeignKey("reference.IPType", on_delete=models.PROTECT, verbose_name="种类")
    number = models.CharField("专利号/登记号", max_length=64)
    granted_on = models.DateField("授权日期")
    acquisition = models.CharField("获得方式", max_length=16, choices=Acquisition.choices)
    source = models.CharField("来源", max_length=16, choices=Source.choices, default=Source.REGISTER)
    is_valid = models.BooleanField("有效", default=True)

    class Meta:
        ordering = ["-granted_on", "id"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "number"], name="uniq_enterprise_ip_number")]
        verbose_name = verbose_name_plural = "知识产权"

    def __str__(self) -> str:
        return f"{self.name}（{self.number}）"


class InfoChangeRequest(TimeStampedModel):
    """An enterprise's request to change its registration info, reviewed by its district (P5, S1.17, S2.1)."""

    class Status(models.TextChoices):
        NEW = "new", "未提交"
        PENDING = "pending", "待审核"
        APPROVED = "approved", "审核通过"
        REJECTED = "rejected", "审核不通过"

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="change_requests")
    submitted_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="提交人"
    )
    class Purpose(models.TextChoices):
        CHANGE = "change", "工商登记信息变更"
        YEARLY_UPDATE = "yearly_update", "年度信息更新"

    status = models.CharField("审核状态", max_length=12, choices=Status.choices, default=Status.PENDING)
    # A recognised enterprise's yearly 信息更新 (S3.6) is reviewed in the same district queue.
    purpose = models.CharField("类型", max_length=16, choices=Purpose.choices, default=Purpose.CHANGE)
    year = models.PositiveSmallIntegerField("更新年度", null=True, blank=True)
    # {field: [old, new]} in audit (JSON) form; labels are resolved when shown.
    changes = models.JSONField("变更内容", default=dict)
    base_version = models.PositiveIntegerField("提交时信息版本")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人"
    )
    opinion = models.TextField("审核意见", blank=True)
    status_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "id"], name="icr_status_idx")]
        verbose_name = verbose_name_plural = "企业信息变更申请"

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.get_status_display()}"
