"""REST API (P11): django-ninja at /api/v1/, session or bearer-token authentication."""

from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from keqi.accounts.services import user_for_token
from keqi.core.http import TooManyRequests
from keqi.policy import PolicyInputError, UnknownSchemeError


class TokenAuth(HttpBearer):
    """A bearer token: no cookie is involved, so no CSRF check (a browser never sends it cross-site)."""

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser session; its writes need the CSRF token like any form post."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None  # nothing the cookie could do: 401, not a CSRF complaint
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF 校验失败，请刷新页面后重试")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


def docs_behind_login(view):
    """The OpenAPI document and the docs need a login in production (open under `make run`)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.DEBUG and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


api = NinjaAPI(
    title="科企通 API",
    version="1",
    description="科企通平台接口：企业信息、基础数据、政策测算等。认证方式：登录会话或 Bearer 令牌。",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],  # bearer first: a token request is never CSRF-checked
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs_decorator=docs_behind_login,
)


def error_list(error: ValidationError) -> list[dict[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            {"field": field, "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": "__all__", "message": message} for message in error.messages]


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    return api.create_response(request, {"errors": error_list(exc)}, status=422)


@api.exception_handler(UnknownSchemeError)
def on_unknown_scheme(request, exc):
    return api.create_response(request, {"errors": exc.errors}, status=404)


@api.exception_handler(PolicyInputError)
def on_policy_input_error(request, exc):
    return api.create_response(request, {"errors": exc.errors}, status=422)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(request, {"detail": "未登录或令牌无效、已过期、已撤销"}, status=401)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": "资源不存在或无权查看"}, status=404)


@api.exception_handler(TooManyRequests)
def on_too_many(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=429)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return api.create_response(request, {"detail": "无权执行该操作"}, status=403)


class ApiError(Schema):
    """Every refusal: `detail` (a sentence) or `errors` (each with the field named)."""

    detail: Any = None
    errors: Any = None


ERROR_STATUSES = (401, 403, 404, 422, 429)


def document_errors(routers) -> None:
    """Declare 401/403/404/422/429 on every operation (issue 11 item 5): the handlers above answer
    them anywhere, so the OpenAPI document says so and schemathesis holds the API to it."""
    for router in routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                model = operation._create_response_model(ApiError)
                for status in ERROR_STATUSES:
                    operation.response_models.setdefault(status, model)


def register_routers() -> None:
    from keqi.accounts.api import router as accounts_router
    from keqi.api_policy import router as policy_router
    from keqi.declarations.api import router as declarations_router
    from keqi.enterprises.api import router as enterprises_router
    from keqi.exports.api import router as exports_router
    from keqi.files.api import router as files_router
    from keqi.libraries.api import router as libraries_router
    from keqi.matcher.api import router as matcher_router
    from keqi.reference.api import router as reference_router
    from keqi.reports.api import router as reports_router

    api.add_router("/accounts", accounts_router)
    api.add_router("/reference", reference_router)
    api.add_router("/enterprises", enterprises_router)
    api.add_router("/declarations", declarations_router)
    api.add_router("/exports", exports_router)
    api.add_router("/files", files_router)
    api.add_router("/policy", policy_router)
    api.add_router("/reports", reports_router)
    api.add_router("/libraries", libraries_router)
    api.add_router("/matcher", matcher_router)
    document_errors(
        [
            accounts_router,
            reference_router,
            enterprises_router,
            declarations_router,
            exports_router,
            files_router,
            policy_router,
            reports_router,
            matcher_router,
            libraries_router,
        ]
    )


register_routers()
