"""统一身份认证 (P3) pages: start at the provider, come back with a code (ADR 0017)."""

import logging

import jwt
import requests
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from keqi.accounts import identity, oidc
from keqi.core.http import client_ip

BACKEND = "keqi.accounts.backends.AccountBackend"
PROTOCOL_ERRORS = (
    requests.RequestException,
    SuspiciousOperation,
    ImproperlyConfigured,
    jwt.PyJWTError,
    KeyError,
    ValueError,
)
logger = logging.getLogger(__name__)


def _refuse(request, reason: str):
    messages.error(request, reason)
    return redirect("accounts:login")


@never_cache
def start(request):
    if not oidc.enabled():
        raise Http404("未启用统一身份认证")
    if identity.blocked(client_ip(request)):
        return _refuse(request, identity.THROTTLED)
    try:
        view = oidc.RequestView.as_view()
        return view(request)
    except PROTOCOL_ERRORS:
        logger.warning("统一身份认证：无法读取提供方发现文档", exc_info=True)
        return _refuse(request, identity.UNAVAILABLE)


@never_cache
def callback(request):
    if not oidc.enabled():
        raise Http404("未启用统一身份认证")
    ip, agent = client_ip(request), request.META.get("HTTP_USER_AGENT", "")
    if identity.blocked(ip):
        return _refuse(request, identity.THROTTLED)
    states = request.session.get("oidc_states") or {}
    entry = states.pop(request.GET.get("state", ""), None)  # one use per state: no replay
    request.session["oidc_states"] = states
    if request.GET.get("error") or entry is None or not request.GET.get("code"):
        identity.record_failure(username="", reason="", logged="认证未完成或状态无效", ip_address=ip, user_agent=agent)
        return _refuse(request, identity.FAILED)
    try:
        claims = oidc.ClaimsClient().authenticate(
            request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
    except PROTOCOL_ERRORS as error:
        logger.warning("统一身份认证失败：%s", type(error).__name__, exc_info=True)
        claims = None
    if not claims:
        identity.record_failure(username="", reason="", logged="令牌交换或校验失败", ip_address=ip, user_agent=agent)
        return _refuse(request, identity.FAILED)
    user, reason, created = identity.login_with_claims(claims=claims, ip_address=ip, user_agent=agent)
    if user is None:
        return _refuse(request, reason)
    next_url = request.session.pop("oidc_login_next", None) or ""
    login(request, user, backend=BACKEND)
    if created:
        messages.success(request, "已通过统一身份认证开通企业账号，请完善企业基本信息")
        return redirect("enterprises:profile")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return redirect("core:workbench")
