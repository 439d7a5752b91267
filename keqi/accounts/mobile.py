"""手机号修改 verified by the old number (seed 003 FAQ 1, issue 15 item 5).

One code goes to the account's current number and one to the new number; the change needs both.
The codes live under the same rules as the reset codes (services._check_code): 5 minutes, void
after SMS_CODE_MAX_ATTEMPTS wrong guesses, one a minute and SMS_MAX_PER_DAY a day per number, and
wrong guesses throttled per number and per client address by counters that survive the
rollback of the failing attempt. A changed number ends the account's API tokens (the number is
how the account is recovered, so a change is treated like a password change), tells the old
number, and is audited with both numbers masked. A login name that was the old number becomes
the new one, so the old number names no account. The browser session stays (rotated by the view). Without the old number the change goes through
人工核验 with the business-licence scan (keqi.cultivation)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from keqi.accounts import throttle
from keqi.accounts.models import SmsCode, User
from keqi.accounts.services import (
    CODE_BURNT,
    CODE_INVALID,
    CODE_THROTTLED,
    _check_code,
    masked_mobile,
    revoke_all_tokens,
)
from keqi.accounts.sms import send_sms
from keqi.core import audit
from keqi.core.identifiers import mobile_error

OLD, NEW = SmsCode.Purpose.MOBILE_OLD, SmsCode.Purpose.MOBILE_NEW
SESSION_KEY = "mobile_change_account"  # an account proved by 账号找回 (keqi.cultivation), for a visitor
SESSION_SECONDS = 600
NO_MOBILE = "该账号未登记手机号，无法通过原手机号验证，请使用人工核验（上传营业执照扫描件）"


def new_mobile_error(account: User, new_mobile: str) -> str:
    if message := mobile_error(new_mobile):
        return message
    if new_mobile == account.mobile:
        return "新手机号与原手机号相同"
    if User.objects.filter(mobile=new_mobile).exclude(pk=account.pk).exists():
        return "该手机号已绑定其他账号"
    if User.objects.filter(username=new_mobile).exclude(pk=account.pk).exists():
        return "该手机号已是其他账号的登录名"
    return ""


def _may_send(mobile: str, purpose: str, now) -> str:
    """Why no code may go to `mobile` now (one a minute, SMS_MAX_PER_DAY a day), or ""."""
    recent = SmsCode.objects.filter(mobile=mobile, purpose=purpose)
    last = recent.first()
    if last and (now - last.created_at).total_seconds() < settings.SMS_MIN_INTERVAL_SECONDS:
        wait = settings.SMS_MIN_INTERVAL_SECONDS - int((now - last.created_at).total_seconds())
        return f"发送过于频繁，请{wait}秒后再试"
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if recent.filter(created_at__gte=start_of_day).count() >= settings.SMS_MAX_PER_DAY:
        return f"今日验证码发送次数已达{settings.SMS_MAX_PER_DAY}次上限，请明天再试"
    return ""


def send_codes(*, account: User, new_mobile: str, ip_address: str | None = None) -> str:
    """Send one code to the current number and one to the new; returns the message shown."""
    new_mobile = (new_mobile or "").strip()
    if not account.mobile:
        raise ValidationError({"__all__": NO_MOBILE})
    if message := new_mobile_error(account, new_mobile):
        raise ValidationError({"new_mobile": message})
    if throttle.exceeded("sms_send_ip", ip_address):
        raise ValidationError({"__all__": "获取验证码过于频繁，请稍后再试"})
    now = timezone.now()
    for mobile, purpose, field in ((account.mobile, OLD, "old_code"), (new_mobile, NEW, "new_code")):
        if message := _may_send(mobile, purpose, now):
            raise ValidationError({field: message})
    minutes = settings.SMS_CODE_TTL_SECONDS // 60
    for mobile, purpose, text in (
        (account.mobile, OLD, f"您正在将账号手机号修改为{masked_mobile(new_mobile)}"),
        (new_mobile, NEW, "您正在将本号码绑定为科企通账号手机号"),
    ):
        code = f"{secrets.randbelow(1_000_000):06d}"
        SmsCode.objects.filter(mobile=mobile, purpose=purpose, used_at__isnull=True).update(used_at=now)
        SmsCode.objects.create(
            mobile=mobile,
            purpose=purpose,
            code_hash=SmsCode.hash_code(mobile, code),
            expires_at=now + timedelta(seconds=settings.SMS_CODE_TTL_SECONDS),
        )
        send_sms(mobile, f"【科企通】{text}，验证码{code}，{minutes}分钟内有效。如非本人操作请忽略。")
    throttle.hit("sms_send_ip", ip_address)
    return (
        f"验证码已分别发送至原手机号{masked_mobile(account.mobile)}和新手机号{masked_mobile(new_mobile)}，"
        f"{minutes}分钟内有效"
    )


def _checked(mobile: str, code: str, purpose: str, field: str, ip_address: str | None) -> int:
    """The code's id, or a field error; a wrong guess is counted (committed) before raising."""
    if throttle.exceeded("sms_verify_mobile", mobile) or throttle.exceeded("sms_verify_ip", ip_address):
        raise ValidationError({field: CODE_THROTTLED})
    sms_id, problem = _check_code(mobile, code, purpose)
    if problem:
        if problem in {CODE_INVALID, CODE_BURNT}:
            throttle.hit("sms_verify_mobile", mobile)
            throttle.hit("sms_verify_ip", ip_address)
        raise ValidationError({field: problem})
    return sms_id


def change(*, account: User, new_mobile: str, old_code: str, new_code: str, ip_address: str | None = None) -> User:
    """Set the new number when both codes are right."""
    new_mobile = (new_mobile or "").strip()
    if not account.mobile:
        raise ValidationError({"__all__": NO_MOBILE})
    if message := mobile_error(new_mobile):
        raise ValidationError({"new_mobile": message})
    old_mobile = account.mobile
    errors = {}
    ids = []
    for mobile, code, purpose, field in (
        (old_mobile, old_code, OLD, "old_code"),
        (new_mobile, new_code, NEW, "new_code"),
    ):
        try:
            ids.append(_checked(mobile, code, purpose, field, ip_address))
        except ValidationError as error:
            errors.update({key: value[0] for key, value in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=account.pk)
        if locked.mobile != old_mobile:
            raise ValidationError({"__all__": "手机号已被修改，请重新获取验证码"})
        if message := new_mobile_error(locked, new_mobile):
            raise ValidationError({"new_mobile": message})
        used = SmsCode.objects.select_for_update().filter(pk__in=ids, used_at__isnull=True)
        if used.count() != 2:
            raise ValidationError({"__all__": "验证码已使用，请重新获取"})
        used.update(used_at=timezone.now())
        apply(locked, new_mobile, actor=locked, how="短信验证原手机号和新手机号")
    return locked


def apply(account: User, new_mobile: str, *, actor, how: str) -> None:
    """The change itself, inside the caller's transaction (also used by 人工核验): the number, the
    login name when it was the old number, the API tokens ended, the old number told, audited."""
    old_mobile = account.mobile or ""
    account.mobile = new_mobile
    fields = ["mobile"]
    if old_mobile and account.username == old_mobile:
        account.username = new_mobile
        fields.append("username")
    account.save(update_fields=fields)
    revoke_all_tokens(user=account, reason="mobile_change")
    audit.record(
        actor=actor,
        action="mobile_change",
        target=account,
        changes={"mobile": [masked_mobile(old_mobile), masked_mobile(new_mobile)], "how": how},
        enterprise_id=account.enterprise_id,
    )
    notice = f"您的登录名为{account.username}，也可使用统一社会信用代码登录" if account.enterprise_id else ""
    _notify(old_mobile, new_mobile, notice)


def _notify(old_mobile: str, new_mobile: str, notice: str) -> None:
    if old_mobile:
        send_sms(
            old_mobile, f"【科企通】您的账号手机号已修改为{masked_mobile(new_mobile)}。如非本人操作请立即联系主管部门。"
        )
    send_sms(new_mobile, f"【科企通】手机号已修改。{notice}。" if notice else "【科企通】手机号已修改。")


def remember_proved(session, account: User) -> None:
    """账号找回 proved the enterprise (USCC, verified legal person's name and ID): for
    SESSION_SECONDS this browser may change that account's number by the old number."""
    session[SESSION_KEY] = {"user": account.pk, "at": timezone.now().timestamp()}


def proved_account(session) -> User | None:
    pending = session.get(SESSION_KEY)
    if not pending or timezone.now().timestamp() - pending["at"] > SESSION_SECONDS:
        session.pop(SESSION_KEY, None)
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


def forget_proved(session) -> None:
    session.pop(SESSION_KEY, None)
