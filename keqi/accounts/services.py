"""Account writes (P2). Each raises django ValidationError keyed by form field on bad input."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keqi.accounts import throttle
from keqi.accounts.models import Agency, ApiToken, LoginLog, Role, SmsCode, User
from keqi.accounts.provisioning import enterprises
from keqi.accounts.sms import send_sms
from keqi.core import audit
from keqi.core.identifiers import mobile_error, normalize_uscc, uscc_error, uscc_region_code
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
    elif enterprises().registered(uscc):
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
    enterprise = enterprises().open_enterprise(name=name.strip(), uscc=uscc, region=region_for_uscc(uscc))
    user = User(username=mobile, mobile=mobile, role=Role.ENTERPRISE, enterprise=enterprise, display_name=name.strip())
    user.set_password(password)
    user.save()
    audit.record(actor=user, action="register", target=enterprise, enterprise_id=enterprise.pk, ip_address=ip_address)
    return user


LOGIN_FAILED = "用户名或密码错误；连续错误{max}次账号将锁定{minutes}分钟"
LOGIN_THROTTLED = "登录失败次数过多，请稍后再试"
CODE_INVALID = "短信验证码不正确"
CODE_BURNT = "短信验证码错误次数过多，已失效，请重新获取"
CODE_THROTTLED = "短信验证码错误次数过多，请1小时后再试"
RESET_SENT = "若该手机号已注册，短信验证码已发送，5分钟内有效"


def login_failed_message() -> str:
    return LOGIN_FAILED.format(max=settings.LOGIN_MAX_FAILURES, minutes=settings.LOGIN_LOCK_MINUTES)


def login_account_id(identifier: str) -> int | None:
    """The account a login name means: the login name itself, else a mobile number, else an
    enterprise's 统一社会信用代码 (seed 003 FAQ 3: login by USCC as well as by mobile)."""
    found = User.objects.filter(username=identifier).values_list("pk", flat=True).first()
    if found is None and identifier:
        found = User.objects.filter(mobile=identifier).values_list("pk", flat=True).first()
    if found is None and len(identifier) == 18:
        found = (
            User.objects.filter(role=Role.ENTERPRISE, enterprise__uscc=identifier.upper())
            .order_by("id")
            .values_list("pk", flat=True)
            .first()
        )
    return found


def login_attempt(
    *,
    username: str,
    password: str,
    ip_address: str | None,
    user_agent: str = "",
    channel: str = "site",
    second_factor_follows: bool = False,
) -> tuple[User | None, str]:
    """Check credentials with per-account lockout and per-address throttle; log every attempt.

    Returns (user, "") or (None, Chinese reason). Unknown, inactive, wrongly-typed and locked
    accounts get the same message; only the right password on a locked account is told about the lock.
    The captcha is checked by the caller before this runs (every way in does so).
    """
    username = (username or "").strip()[:150]
    now = timezone.now()
    shown = logged = ""
    user = None
    if throttle.exceeded("login_ip", ip_address):
        shown, logged = LOGIN_THROTTLED, "同一地址失败次数过多"
    else:
        with transaction.atomic():
            user = User.objects.select_for_update().filter(pk=login_account_id(username)).first()
            if user is None or not user.is_active:
                make_password(password)  # same work as for a real account: no timing difference
                shown, logged = login_failed_message(), "账号不存在或已停用"
            elif user.is_locked(now):
                if user.check_password(password):
                    local = timezone.localtime(user.locked_until)
                    shown = f"密码连续错误{settings.LOGIN_MAX_FAILURES}次，账号已锁定，请于{local:%H:%M}后再试或通过短信找回密码"
                else:
                    shown = login_failed_message()
                logged = "账号已锁定"
            elif not user.check_password(password):
                user.failed_logins += 1
                if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
                    user.failed_logins = 0
                    user.locked_until = now + timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
                    logged = "密码错误，账号锁定"
                else:
                    logged = "密码错误"
                shown = login_failed_message()
                user.save(update_fields=["failed_logins", "locked_until"])
            else:
                user.failed_logins = 0
                user.locked_until = None
                user.last_login = now
                user.save(update_fields=["failed_logins", "locked_until", "last_login"])
                if second_factor_follows and needs_second_factor(user):
                    logged = "密码正确，待短信验证码"
    LoginLog.objects.create(
        user=user,
        username=username,
        success=not shown and not logged,
        reason=(f"[{channel}] {logged}" if logged else f"[{channel}]")[:100],
        ip_address=ip_address,
        user_agent=(user_agent or "")[:300],
    )
    if shown:
        throttle.hit("login_ip", ip_address)
        return None, shown
    return user, ""


def needs_second_factor(user: User) -> bool:
    """Whether this account must enter an SMS code after its password (settings.LOGIN_SMS_ROLES)."""
    roles = settings.LOGIN_SMS_ROLES
    return user.role in roles or (user.is_superuser and Role.ADMIN in roles)


LOGIN_CODE_SENT = "短信验证码已发送至{mobile}，{minutes}分钟内有效"
NO_MOBILE = "该账号未登记手机号，无法接收登录短信验证码，请联系系统管理员登记"


def masked_mobile(mobile: str) -> str:
    return f"{mobile[:3]}****{mobile[-4:]}" if mobile and len(mobile) == 11 else ""


def send_login_code(*, user: User, ip_address: str | None = None) -> str:
    """Send the second-factor code to the account's own number; returns the message shown."""
    if not user.mobile:
        raise ValidationError({"code": NO_MOBILE})
    if throttle.exceeded("sms_send_ip", ip_address):
        raise ValidationError({"code": "获取验证码过于频繁，请稍后再试"})
    now = timezone.now()
    recent = SmsCode.objects.filter(mobile=user.mobile, purpose=SmsCode.Purpose.LOGIN)
    last = recent.first()
    if last and (now - last.created_at).total_seconds() < settings.SMS_MIN_INTERVAL_SECONDS:
        wait = settings.SMS_MIN_INTERVAL_SECONDS - int((now - last.created_at).total_seconds())
        if last.used_at is None and last.attempts < settings.SMS_CODE_MAX_ATTEMPTS:
            return f"短信验证码已发送至{masked_mobile(user.mobile)}，如未收到请{wait}秒后重新获取"
        if last.used_at is None:  # burnt by wrong guesses: no new code until the interval passes
            raise ValidationError({"code": f"发送过于频繁，请{wait}秒后再试"})
        # the last code was used (a login a moment ago): a new login gets a new code at once;
        # the daily cap per number and the per-address throttle still bound the messages
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if recent.filter(created_at__gte=start_of_day).count() >= settings.SMS_MAX_PER_DAY:
        raise ValidationError({"code": f"今日登录验证码发送次数已达{settings.SMS_MAX_PER_DAY}次上限，请明天再试"})
    code = f"{secrets.randbelow(1_000_000):06d}"
    recent.filter(used_at__isnull=True).update(used_at=now)  # only the newest code counts
    SmsCode.objects.create(
        mobile=user.mobile,
        purpose=SmsCode.Purpose.LOGIN,
        code_hash=SmsCode.hash_code(user.mobile, code),
        expires_at=now + timedelta(seconds=settings.SMS_CODE_TTL_SECONDS),
    )
    throttle.hit("sms_send_ip", ip_address)
    minutes = settings.SMS_CODE_TTL_SECONDS // 60
    send_sms(user.mobile, f"【科企通】您正在登录，验证码{code}，{minutes}分钟内有效。如非本人操作请立即修改密码。")
    return LOGIN_CODE_SENT.format(mobile=masked_mobile(user.mobile), minutes=minutes)


def verify_login_code(
    *, user_id: int, code: str, ip_address: str | None, user_agent: str = "", channel: str = "site"
) -> tuple[User | None, str]:
    """The second step of a login: the SMS code, under the reset codes' throttles; every try is logged."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    shown = ""
    if user is None or not user.mobile or user.is_locked():
        shown = "登录已失效，请重新输入账号和密码"
    elif throttle.exceeded("sms_verify_mobile", user.mobile) or throttle.exceeded("sms_verify_ip", ip_address):
        shown = CODE_THROTTLED
    else:
        sms_id, shown = _check_code(user.mobile, code, SmsCode.Purpose.LOGIN)
        if shown in {CODE_INVALID, CODE_BURNT}:
            throttle.hit("sms_verify_mobile", user.mobile)
            throttle.hit("sms_verify_ip", ip_address)
        elif not shown:
            SmsCode.objects.filter(pk=sms_id).update(used_at=timezone.now())
    LoginLog.objects.create(
        user=user,
        username=user.username if user else "",
        success=not shown,
        reason=(f"[{channel}] 短信验证码：{shown}" if shown else f"[{channel}] 短信验证码正确")[:100],
        ip_address=ip_address,
        user_agent=(user_agent or "")[:300],
    )
    return (None, shown) if shown else (user, "")


def request_reset_code(*, mobile: str, ip_address: str | None = None) -> None:
    """Send a reset code. Unknown numbers are treated exactly like known ones, except no SMS leaves."""
    mobile = (mobile or "").strip()
    if message := mobile_error(mobile):
        raise ValidationError({"mobile": message})
    if throttle.exceeded("sms_send_ip", ip_address):
        raise ValidationError({"mobile": "获取验证码过于频繁，请稍后再试"})
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
    registered = User.objects.filter(mobile=mobile, is_active=True).exists()
    SmsCode.objects.create(
        mobile=mobile,
        purpose=SmsCode.Purpose.RESET_PASSWORD,
        # an unknown number gets a code row too (same limits, same answers) whose code nobody knows
        code_hash=SmsCode.hash_code(mobile, code) if registered else "!" + secrets.token_hex(31),
        expires_at=now + timedelta(seconds=settings.SMS_CODE_TTL_SECONDS),
    )
    throttle.hit("sms_send_ip", ip_address)
    if registered:
        minutes = settings.SMS_CODE_TTL_SECONDS // 60
        send_sms(mobile, f"【科企通】您正在找回密码，验证码{code}，{minutes}分钟内有效。如非本人操作请忽略。")


def _check_code(mobile: str, code: str, purpose: str = SmsCode.Purpose.RESET_PASSWORD) -> tuple[int | None, str]:
    """(code id, "") when right; (None, reason) otherwise. A wrong guess is counted and committed here."""
    now = timezone.now()
    with transaction.atomic():
        sms = SmsCode.objects.select_for_update().filter(mobile=mobile, purpose=purpose, used_at__isnull=True).first()
        if sms is None:
            return None, "请先获取短信验证码"
        if sms.attempts >= settings.SMS_CODE_MAX_ATTEMPTS:
            return None, CODE_BURNT
        if sms.expires_at < now:
            return None, "短信验证码已过期，请重新获取"
        if sms.code_hash != SmsCode.hash_code(mobile, (code or "").strip()):
            sms.attempts += 1
            sms.save(update_fields=["attempts"])
            return None, CODE_BURNT if sms.attempts >= settings.SMS_CODE_MAX_ATTEMPTS else CODE_INVALID
        return sms.pk, ""


def reset_password(
    *, mobile: str, code: str, password: str, password_confirm: str, ip_address: str | None = None
) -> User:
    """Set a new password with an SMS code.

    The code check commits on its own (a wrong guess stays counted whatever happens next); the
    code is void after SMS_CODE_MAX_ATTEMPTS wrong guesses, and wrong guesses are throttled per
    number and per client address. The new password ends the account's API tokens.
    """
    mobile = (mobile or "").strip()
    if throttle.exceeded("sms_verify_mobile", mobile) or throttle.exceeded("sms_verify_ip", ip_address):
        raise ValidationError({"code": CODE_THROTTLED})
    sms_id, problem = _check_code(mobile, code)
    if problem:
        if problem in {CODE_INVALID, CODE_BURNT}:
            throttle.hit("sms_verify_mobile", mobile)
            throttle.hit("sms_verify_ip", ip_address)
        raise ValidationError({"code": problem})
    check_password(password, password_confirm)
    with transaction.atomic():
        sms = SmsCode.objects.select_for_update().filter(pk=sms_id, used_at__isnull=True).first()
        user = User.objects.select_for_update().filter(mobile=mobile, is_active=True).first()
        if sms is None or user is None:
            raise ValidationError({"code": "请先获取短信验证码"})
        user.set_password(password)
        user.failed_logins = 0
        user.locked_until = None
        user.save()
        sms.used_at = timezone.now()
        sms.save(update_fields=["used_at"])
        revoke_all_tokens(user=user, reason="reset_password")
        audit.record(actor=user, action="reset_password", target=user, enterprise_id=user.enterprise_id)
    return user


@transaction.atomic
def change_password(*, user: User, old_password: str, password: str, password_confirm: str) -> User:
    """A logged-in user's own password change; ends the account's API tokens."""
    if not user.check_password(old_password or ""):
        raise ValidationError({"old_password": "当前密码不正确"})
    if old_password == password:
        raise ValidationError({"password": "新密码不能与当前密码相同"})
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    if password != password_confirm:
        raise ValidationError({"password_confirm": "两次输入的密码不一致"})
    user.set_password(password)
    user.save(update_fields=["password"])
    revoke_all_tokens(user=user, reason="change_password")
    audit.record(actor=user, action="change_password", target=user, enterprise_id=user.enterprise_id)
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
    if role == Role.CITY and region.level not in {Region.Level.CITY, Region.Level.PROVINCE, Region.Level.COUNTRY}:
        errors["region"] = "市/省主管部门的管辖区域应为地市、省级或全国（部级）"
    if mobile and (message := mobile_error(mobile)):
        errors["mobile"] = message
    elif not mobile and role in settings.LOGIN_SMS_ROLES:
        errors["mobile"] = "该角色登录需短信验证码，请填写本人手机号"
    elif mobile and User.objects.filter(mobile=mobile).exists():
        errors["mobile"] = "该手机号已被其他账号使用"
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


TOKEN_LIFETIMES = {30: "30天", 90: "90天", 180: "180天", 365: "1年"}


def issue_api_token(*, user: User, name: str, days: int = 90) -> str:
    """Create a token and return its key; the key is shown once and never stored."""
    if days not in TOKEN_LIFETIMES:
        raise ValidationError({"days": "请选择令牌有效期"})
    if not (name or "").strip():
        raise ValidationError({"name": "请填写令牌名称"})
    key = "kq_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        key_hash=ApiToken.hash_key(key),
        prefix=key[:8],
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit.record(actor=user, action="issue_api_token", target=user, changes={"token": [None, token.prefix]})
    return key


@transaction.atomic
def revoke_api_token(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user, revoked=False).first()
    if token is None:
        raise ValidationError({"__all__": "令牌不存在或已撤销"})
    token.revoked = True
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked", "revoked_at"])
    audit.record(actor=user, action="revoke_api_token", target=user, changes={"token": [token.prefix, None]})
    return token


def revoke_all_tokens(*, user: User, reason: str) -> int:
    """End every live token of the account (password reset or change)."""
    return ApiToken.objects.filter(user=user, revoked=False).update(revoked=True, revoked_at=timezone.now())


def user_for_token(key: str) -> User | None:
    now = timezone.now()
    token = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash_key(key or ""), revoked=False).first()
    if token is None or token.is_expired(now) or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
