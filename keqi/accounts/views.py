from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from keqi.accounts import captcha, mobile, oidc, services
from keqi.accounts.forms import (
    ApiTokenForm,
    ChangePasswordForm,
    LoginCodeForm,
    LoginForm,
    MobileChangeForm,
    OfficerForm,
    RegistrationForm,
    ResetPasswordForm,
)
from keqi.accounts.models import ApiToken, Role, User
from keqi.core.http import apply_errors, client_ip, role_required

BACKEND = "keqi.accounts.backends.AccountBackend"


@never_cache
def captcha_image(request):
    answer = captcha.new_challenge(request.session)
    return HttpResponse(captcha.render_png(answer), content_type="image/png")


def _captcha_ok(request, form) -> bool:
    if not captcha.check(request.session, form.cleaned_data.get("captcha", "")):
        form.add_error("captcha", "验证码不正确，请重新输入")
        return False
    return True


def register(request):
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _captcha_ok(request, form):
        try:
            user = services.register_enterprise(
                mobile=form.cleaned_data["mobile"],
                password=form.cleaned_data["password"],
                uscc=form.cleaned_data["uscc"],
                name=form.cleaned_data["name"],
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, "注册成功，请完善企业基本信息")
            return redirect("enterprises:profile")
    return render(request, "accounts/register.html", {"form": form})


def login_view(request):
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid() and _captcha_ok(request, form):
        user, reason = services.login_attempt(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            channel="admin" if next_url.startswith("/admin/") else "site",
            second_factor_follows=True,
        )
        if user is None:
            form.add_error("password", reason)
        elif services.needs_second_factor(user):
            try:
                sent = services.send_login_code(user=user, ip_address=client_ip(request))
            except ValidationError as error:
                form.add_error("password", "；".join(error.messages))
            else:
                request.session[PENDING] = {"user": user.pk, "next": next_url, "at": timezone.now().timestamp()}
                messages.info(request, sent)
                return redirect("accounts:login_code")
        else:
            return _finish_login(request, user, next_url)
    expired = request.GET.get("expired") == "1"
    context = {"form": form, "next": next_url, "expired": expired, "oidc_enabled": oidc.enabled()}
    return render(request, "accounts/login.html", context)


PENDING = "login_pending"


def _finish_login(request, user, next_url: str):
    login(request, user, backend=BACKEND)
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect("core:workbench")


def login_code(request):
    """Second step of an officer's login: the SMS code sent after a correct password."""
    pending = request.session.get(PENDING)
    if not pending or timezone.now().timestamp() - pending["at"] > settings.SMS_CODE_TTL_SECONDS:
        request.session.pop(PENDING, None)
        messages.warning(request, "登录已超时，请重新输入账号和密码")
        return redirect("accounts:login")
    form = LoginCodeForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "resend":
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
        try:
            if user is None:
                raise ValidationError({"code": "登录已失效，请重新输入账号和密码"})
            messages.info(request, services.send_login_code(user=user, ip_address=client_ip(request)))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("accounts:login_code")
    if request.method == "POST" and form.is_valid():
        user, reason = services.verify_login_code(
            user_id=pending["user"],
            code=form.cleaned_data["code"],
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        if user is None:
            form.add_error("code", reason)
        else:
            request.session.pop(PENDING, None)
            return _finish_login(request, user, pending.get("next") or "")
    return render(request, "accounts/login_code.html", {"form": form})


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "您已安全退出")
    return redirect("core:home")


def admin_login(request, extra_context=None):
    """The admin site has no login form of its own: it is the site login (captcha, lockout, log)."""
    target = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("admin:index")
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


def forgot_password(request):
    form = ResetPasswordForm(request.POST or None)
    code_sent = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("action") == "send_code":
                if _captcha_ok(request, form):
                    services.request_reset_code(mobile=data["mobile"], ip_address=client_ip(request))
                    code_sent = True
                    messages.success(request, services.RESET_SENT)
            else:
                services.reset_password(
                    mobile=data["mobile"],
                    code=data["code"],
                    password=data["password"],
                    password_confirm=data["password_confirm"],
                    ip_address=client_ip(request),
                )
                messages.success(request, "密码设置成功，请使用新密码登录")
                return redirect("accounts:login")
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "accounts/forgot_password.html", {"form": form, "code_sent": code_sent})


@role_required(Role.ADMIN)
def officer_list(request):
    form = OfficerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_officer(
                actor=request.user,
                username=data["username"],
                display_name=data["display_name"],
                role=data["role"],
                region=data["region"],
                agency=data["agency"],
                mobile=data["mobile"],
                password=data["password"],
                can_view_personal_data=data["can_view_personal_data"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "主管部门账号已创建")
            return redirect("accounts:officers")
    officers = User.objects.filter(role__in=[Role.AGENCY, Role.DISTRICT, Role.CITY]).select_related("region", "agency")
    return render(request, "accounts/officers.html", {"form": form, "officers": officers.order_by("id")})


@login_required
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid() and _captcha_ok(request, form):
        # a token is a way in: the password goes through the same lockout, throttle and login log
        user, reason = services.login_attempt(
            username=request.user.username,
            password=form.cleaned_data["password"],
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            channel="api_token",
        )
        if user is None or user.pk != request.user.pk:
            form.add_error("password", reason or "当前密码不正确")
        else:
            try:
                new_key = services.issue_api_token(
                    user=user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
                )
            except ValidationError as error:
                apply_errors(form, error)
    tokens = ApiToken.objects.filter(user=request.user).order_by("revoked", "-id")
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens, "new_key": new_key, "now": timezone.now()},
    )


@login_required
@require_POST
def revoke_api_token(request, token_id: int):
    try:
        token = services.revoke_api_token(user=request.user, token_id=token_id)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"令牌“{token.name}”已撤销")
    return redirect("accounts:api_tokens")


@login_required
def change_password(request):
    form = ChangePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改；原有的 API 令牌已全部失效")
            return redirect("core:workbench")
    return render(request, "accounts/change_password.html", {"form": form})


def _mobile_account(request) -> User | None:
    """Whose number changes: the logged-in enterprise user, or the account 账号找回 just proved."""
    if request.user.is_authenticated:
        if not request.user.is_enterprise_user:
            raise PermissionDenied("主管部门账号的手机号由系统管理员维护")
        return request.user
    return mobile.proved_account(request.session)


def mobile_change(request):
    """手机号修改 verified by the old number: a code to each number, then both codes (FAQ 1)."""
    account = _mobile_account(request)
    if account is None:
        messages.info(request, "请先通过【账号找回】核验企业信息，或登录后修改手机号")
        return redirect("cultivation:recover")
    form = MobileChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values, ip = form.cleaned_data, client_ip(request)
        try:
            if request.POST.get("action") == "send":
                messages.info(
                    request, mobile.send_codes(account=account, new_mobile=values["new_mobile"], ip_address=ip)
                )
            else:
                for field in ("old_code", "new_code"):
                    if not values[field]:
                        form.add_error(field, "请输入短信验证码")
                if form.is_valid():
                    mobile.change(account=account, ip_address=ip, **values)
                    request.session.cycle_key()
                    mobile.forget_proved(request.session)
                    messages.success(request, "手机号已修改，请使用新手机号登录；原有的 API 令牌已全部失效")
                    return redirect("core:workbench" if request.user.is_authenticated else "accounts:login")
        except ValidationError as error:
            apply_errors(form, error)
    status = 400 if request.method == "POST" and form.errors else 200
    context = {"form": form, "current": services.masked_mobile(account.mobile or "")}
    return render(request, "accounts/mobile_change.html", context, status=status)
