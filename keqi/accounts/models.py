"""Users, roles, agencies, SMS codes, login log and API tokens (P2)."""

import hashlib

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    ENTERPRISE = "ENT", "企业用户"
    AGENCY = "AGY", "评价机构"
    DISTRICT = "DIS", "区县主管部门"
    CITY = "CITY", "市/省主管部门"
    ADMIN = "ADM", "系统管理员"


OFFICER_ROLES = {Role.AGENCY, Role.DISTRICT, Role.CITY}


class Agency(models.Model):
    """An evaluation agency (评价机构); its officers see only what is sent to it."""

    name = models.CharField("机构名称", max_length=100, unique=True)
    region = models.ForeignKey("reference.Region", on_delete=models.PROTECT, verbose_name="所在区域")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "评价机构"

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField("角色", max_length=8, choices=Role.choices, default=Role.ENTERPRISE)
    mobile = models.CharField("手机号", max_length=11, unique=True, null=True, blank=True)
    display_name = models.CharField("姓名", max_length=64, blank=True)
    region = models.ForeignKey(
        "reference.Region", null=True, blank=True, on_delete=models.PROTECT, verbose_name="管辖区域"
    )
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, verbose_name="评价机构")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
        verbose_name="所属企业",
    )
    can_view_personal_data = models.BooleanField("可查看个人敏感信息", default=False)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    @property
    def is_officer(self) -> bool:
        return self.role in OFFICER_ROLES

    @property
    def is_enterprise_user(self) -> bool:
        return self.role == Role.ENTERPRISE

    @property
    def is_platform_admin(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    def is_locked(self, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())

    def __str__(self) -> str:
        return self.display_name or self.username


class LoginLog(models.Model):
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    username = models.CharField("登录名", max_length=150)
    success = models.BooleanField("成功")
    reason = models.CharField("原因", max_length=100, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "登录日志"

    def __str__(self) -> str:
        return f"{self.username} {'成功' if self.success else '失败'}"


class SmsCode(models.Model):
    """A one-time SMS code; only its hash is stored."""

    class Purpose(models.TextChoices):
        RESET_PASSWORD = "reset", "找回密码"
        LOGIN = "login", "登录验证"
        MOBILE_OLD = "mobile_old", "手机号修改（原手机号）"
        MOBILE_NEW = "mobile_new", "手机号修改（新手机号）"

    mobile = models.CharField(max_length=11, db_index=True)
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.mobile} {self.get_purpose_display()}"

    @staticmethod
    def hash_code(mobile: str, code: str) -> str:
        return hashlib.sha256(f"{mobile}:{code}".encode()).hexdigest()


class ApiToken(models.Model):
    """Bearer token for API clients; only the SHA-256 of the key is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=64)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("到期时间", null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class ThrottleHit(models.Model):
    """One failed attempt counted against a key (client address, mobile number, login name).

    Written in its own short transaction, outside the transaction of the attempt that failed,
    so a rollback of that attempt cannot undo the count (ADR 0014).
    """

    kind = models.CharField(max_length=24)
    key = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "created_at"], name="accounts_throttle_lookup")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
