"""Account writes (P2). Each raises django ValidationError keyed by form field on bad input."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keqi.accounts.models import Agency, ApiToken, LoginLog, Role, SmsCode, User
from keqi.accounts.sms import send_sms
from keqi.core import audit
from keqi.core.identifiers import mobile_error, normalize_uscc, uscc_error, uscc_region_code
from keqi.enterprises.models import Enterprise
from keqi.reference import selectors as reference
from keqi.reference.models import Region


def region_for_uscc(uscc: str) -> Region | None:
    """The registration authority's region; for a retired code its one successor; else the
    nearest current ancestor (city, then province), and the enterprise picks in its profile."""
    code = uscc_region_code(uscc)
    successors = reference.successor_regions(code)
    if len(successors) == 1:  # a retired code (渝北区 500112 → 两江新区 500157)
        return successors[0]
    for candidate in (code, code[:4] + "00", code[:2] + "0000"):
        region = Region.objects.filter(code=candidate).first()
        if region is not None:
            return region
    return None


def check_password(password: str, confirm: str | None = None, field: str = "password") -> None:
    try:
        validate_password(password)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    if confirm is not None and password != confirm:
        raise ValidationError({"password_confirm": "两次输入的密码不一致"})


@transaction.atomic
def register_enterprise(*, mobile: str, password: str, uscc: str, name: str, ip_address: str | None = None) -> User:
    errors: dict[str, str] = {}
    mobile = (mobile or "").strip()
    uscc = normalize_uscc(uscc)
    if message := mobile_error(mobile):
        errors["mobile"] = message
    elif User.objects.filter(mobile=mobile).exists() or User.objects.filter(username=mobile).exists():
        errors["mobile"] = "该手机号已注册，请直接登录或找回密码"
    if message := uscc_error(uscc):
        errors["uscc"] = message
    elif Enterprise.objects.filter(uscc=uscc).exists():
        errors["uscc"] = "该统一社会信用代码已注册，一个企业只能注册一个账号"
    elif region_for_uscc(uscc) is None:
        errors["uscc"] = "无法识别统一社会信用代码中的登记管理机关行政区划码"
    if not (name or "").strip():
        errors["name"] = "请填写企业名称"
    try:
        check_password(password)
    except ValidationError as error:
        errors.update({key: value[0] for key, value in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    enterprise = Enterprise.objects.create(name=name.strip(), uscc=uscc, region=region_for_uscc(uscc))
    user = User(username=mobile, mobile=mobile, role=Role.ENTERPRISE, enterprise=enterprise, display_name=name.strip())
    user.set_password(password)
    user.save()
    audit.record(actor=user, action="register", target=enterprise, enterprise_id=enterprise.pk, ip_address=ip_address)
    return user


def login_attempt(
    *, username: str, password: str, ip_address: str | None, user_agent: str = ""
) -> tuple[User | None, str]:
    """Check credentials with lockout. Returns (user, "") or (None, Chinese reason)."""
    username = (username or "").strip()
    now = timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        if user is None or not user.is_active:
            reason = "用户名或密码错误"
        elif user.is_locked(now):
            local = timezone.localtime(user.locked_until)
            reason = (
                f"密码连续错误{settings.LOGIN_MAX_FAILURES}次，账号已锁定，请于{local:%H:%M}后再试或通过短信找回密码"
            )
        elif not user.check_password(password):
            user.failed_logins += 1
            left = settings.LOGIN_MAX_FAILURES - user.failed_logins
            if left <= 0:
                user.failed_logins = 0
                user.locked_until = now + timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
                reason = f"密码连续错误{settings.LOGIN_MAX_FAILURES}次，账号已锁定{settings.LOGIN_LOCK_MINUTES}分钟"
            else:
                reason = f"用户名或密码错误，还可尝试{left}次"
            user.save(update_fields=["failed_logins", "locked_until"])
        else:
            reason = ""
            user.failed_logins = 0
            user.locked_until = None
            user.last_login = now
            user.save(update_fields=["failed_logins", "locked_until", "last_login"])
        LoginLog.objects.create(
            user=user,
            username=username[:150],
            success=not reason,
            reason=reason[:100],
            ip_address=ip_address,
            user_agent=user_agent[:300],
        )
    return (user, "") if not reason else (None, reason)


def request_reset_code(*, mobile: str) -> None:
    mobile = (mobile or "").strip()
    if message := mobile_error(mobile):
        raise ValidationError({"mobile": message})
    if not User.objects.filter(mobile=mobile, is_active=True).exists():
        raise ValidationError({"mobile": "该手机号未注册"})
    now = timezone.now()
    recent = SmsCode.objects.filter(mobile=mobile, purpose=SmsCode.Purpose.RESET_PASSWORD)
    last = recent.first()
    if last and (now - last.created_at).total_seconds() < settings.SMS_MIN_INTERVAL_SECONDS:
        wait = settings.SMS_MIN_INTERVAL_SECONDS - int((now - last.created_at).total_seconds())
        raise ValidationError({"mobile": f"发送过于频繁，请{wait}秒后再试"})
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if recent.filter(created_at__gte=start_of_day).count() >= settings.SMS_MAX_PER_DAY:
        raise ValidationError({"mobile": f"该手机号今日验证码发送次数已达{settings.SMS_MAX_PER_DAY}次上限，请明天再试"})
    code = f"{secrets.randbelow(1_000_000):06d}"
    SmsCode.objects.create(
        mobile=mobile,
        purpose=SmsCode.Purpose.RESET_PASSWORD,
        code_hash=SmsCode.hash_code(mobile, code),
        expires_at=now + timedelta(seconds=settings.SMS_CODE_TTL_SECONDS),
    )
    minutes = settings.SMS_CODE_TTL_SECONDS // 60
    send_sms(mobile, f"【科企通】您正在找回密码，验证码{code}，{minutes}分钟内有效。如非本人操作请忽略。")


@transaction.atomic
def reset_password(*, mobile: str, code: str, password: str, password_confirm: str) -> User:
    mobile = (mobile or "").strip()
    now = timezone.now()
    sms = (
        SmsCode.objects.select_for_update()
        .filter(mobile=mobile, purpose=SmsCode.Purpose.RESET_PASSWORD, used_at__isnull=True)
        .first()
    )
    if sms is None or sms.attempts >= 5:
        raise ValidationError({"code": "请先获取短信验证码"})
    if sms.expires_at < now:
        raise ValidationError({"code": "短信验证码已过期，请重新获取"})
    if sms.code_hash != SmsCode.hash_code(mobile, (code or "").strip()):
        sms.attempts += 1
        sms.save(update_fields=["attempts"])
        raise ValidationError({"code": "短信验证码不正确"})
    check_password(password, password_confirm)
    user = User.objects.get(mobile=mobile)
    user.set_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.save()
    sms.used_at = now
    sms.save(update_fields=["used_at"])
    audit.record(actor=user, action="reset_password", target=user, enterprise_id=user.enterprise_id)
    return user


@transaction.atomic
def create_officer(
    *,
    actor: User,
    username: str,
    display_name: str,
    role: str,
    region: Region,
    password: str,
    agency: Agency | None = None,
    mobile: str | None = None,
    can_view_personal_data: bool = False,
) -> User:
    errors: dict[str, str] = {}
    if role not in {Role.AGENCY, Role.DISTRICT, Role.CITY}:
        errors["role"] = "请选择主管部门或评价机构角色"
    if User.objects.filter(username=username).exists():
        errors["username"] = "该登录名已存在"
    if role == Role.AGENCY and agency is None:
        errors["agency"] = "评价机构用户须选择所属评价机构"
    if role == Role.DISTRICT and region.level not in {Region.Level.COUNTY, Region.Level.ZONE}:
        errors["region"] = "区县主管部门的管辖区域应为区县或园区"
    if role == Role.CITY and region.level not in {Region.Level.CITY, Region.Level.PROVINCE}:
        errors["region"] = "市/省主管部门的管辖区域应为地市或省级"
    if mobile and (message := mobile_error(mobile)):
        errors["mobile"] = message
    try:
        check_password(password)
    except ValidationError as error:
        errors.update({key: value[0] for key, value in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    officer = User(
        username=username,
        display_name=display_name,
        role=role,
        region=region,
        agency=agency if role == Role.AGENCY else None,
        mobile=mobile or None,
        can_view_personal_data=can_view_personal_data,
    )
    officer.set_password(password)
    officer.save()
    audit.record(
        actor=actor,
        action="create_officer",
        target=officer,
        changes={"role": [None, role], "region": [None, region.code]},
    )
    return officer


def issue_api_token(*, user: User, name: str) -> str:
    """Create a token and return its key; the key is shown once and never stored."""
    key = "kq_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash_key(key), prefix=key[:8])
    audit.record(actor=user, action="issue_api_token", target=user)
    return key


def user_for_token(key: str) -> User | None:
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key), revoked=False).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
