"""统一身份认证 (P3): which enterprise account a legal person's verified claims open (ADR 0017).

The claim named by OIDC_USCC_CLAIM carries the enterprise's 统一社会信用代码. An enterprise
already on the platform is linked by that code (its account is the one that logs in); an
unknown one gets its enterprise and account created, as registration would, without a
password. Every attempt goes into the login log with the channel "oidc"; failures count
against the client address like failed passwords, and a locked or disabled account stays shut.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from keqi.accounts import throttle
from keqi.accounts.models import LoginLog, Role, User
from keqi.accounts.provisioning import enterprises
from keqi.core import audit
from keqi.core.identifiers import normalize_uscc, uscc_error

FAILED = "统一身份认证未完成或已失效，请重新登录"
UNAVAILABLE = "统一身份认证服务暂时无法访问，请稍后再试或使用账号密码登录"
NO_USCC = "统一身份认证未提供有效的统一社会信用代码，无法确认企业身份；请使用法人账号认证或使用账号密码登录"
NO_NAME = "统一身份认证未提供单位名称，无法为该企业开通账号，请联系平台运维"
NO_REGION = "无法识别统一社会信用代码中的登记管理机关行政区划码，请使用企业注册"
DISABLED = "该企业账号已停用，请联系主管部门"
THROTTLED = "登录失败次数过多，请稍后再试"


def _claim(claims: dict, name: str) -> str:
    value = claims.get(name)
    return value.strip() if isinstance(value, str) else ""


def blocked(ip_address: str | None) -> bool:
    return throttle.exceeded("login_ip", ip_address)


def record_failure(*, username: str, reason: str, logged: str, ip_address: str | None, user_agent: str = "", user=None):
    LoginLog.objects.create(
        user=user,
        username=(username or "统一身份认证")[:150],
        success=False,
        reason=f"[oidc] {logged}"[:100],
        ip_address=ip_address,
        user_agent=(user_agent or "")[:300],
    )
    throttle.hit("login_ip", ip_address)
    return None, reason, False


def _account_for(enterprise) -> User | None:
    return User.objects.select_for_update().filter(enterprise=enterprise, role=Role.ENTERPRISE).order_by("id").first()


def _free_username(uscc: str) -> str:
    name, serial = uscc, 1
    while User.objects.filter(username=name).exists():
        serial += 1
        name = f"{uscc}-{serial}"
    return name


def login_with_claims(*, claims: dict, ip_address: str | None, user_agent: str = "") -> tuple[User | None, str, bool]:
    """(user, "", created) for a legal person the provider vouched for; (None, reason, False) otherwise."""
    from keqi.accounts.services import region_for_uscc

    raw = _claim(claims, settings.OIDC_USCC_CLAIM)
    uscc = normalize_uscc(raw)
    subject = _claim(claims, "sub")
    if not uscc or uscc_error(uscc):
        return record_failure(
            username=raw or subject,
            reason=NO_USCC,
            logged="未提供有效统一社会信用代码",
            ip_address=ip_address,
            user_agent=user_agent,
        )
    now = timezone.now()
    created = False
    with transaction.atomic():
        enterprise = enterprises().locked(uscc)
        user = _account_for(enterprise) if enterprise else None
        if user is None:
            name = _claim(claims, settings.OIDC_NAME_CLAIM)
            region = region_for_uscc(uscc)
            if enterprise is None and not name:
                problem = (NO_NAME, "未提供单位名称")
            elif enterprise is None and region is None:
                problem = (NO_REGION, "统一社会信用代码区划码无法识别")
            else:
                problem = None
            if problem is None:
                if enterprise is None:
                    enterprise = enterprises().open_enterprise(name=name[:200], uscc=uscc, region=region)
                user = User(
                    username=_free_username(uscc),
                    role=Role.ENTERPRISE,
                    enterprise=enterprise,
                    display_name=(name or enterprise.name)[:64],
                )
                user.set_unusable_password()  # a password can be set later through 找回密码 / 更改密码
                user.save()
                created = True
                audit.record(
                    actor=user,
                    action="oidc_register",
                    target=enterprise,
                    enterprise_id=enterprise.pk,
                    ip_address=ip_address,
                    changes={"sub": subject},
                )
        else:
            problem = None
            if not user.is_active:
                problem = (DISABLED, "账号已停用")
            elif user.is_locked(now):
                local = timezone.localtime(user.locked_until)
                problem = (f"账号已锁定，请于{local:%H:%M}后再试", "账号已锁定")
        if problem is None:
            user.last_login = now
            user.save(update_fields=["last_login"])
    if problem:
        return record_failure(
            username=uscc,
            reason=problem[0],
            logged=problem[1],
            ip_address=ip_address,
            user_agent=user_agent,
            user=user if user and user.pk else None,
        )
    LoginLog.objects.create(
        user=user,
        username=user.username,
        success=True,
        reason="[oidc] 首次登录，已开通企业账号" if created else "[oidc]",
        ip_address=ip_address,
        user_agent=(user_agent or "")[:300],
    )
    return user, "", created
