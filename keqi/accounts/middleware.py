"""Request body limits before anything reads the body (issue 11 #3): the limit depends on who
is acting (session or API token), which accounts knows, so this middleware lives here."""

import json

from django.conf import settings
from django.http import HttpResponse

from keqi.accounts.services import user_for_token
from keqi.core.middleware import TOO_LARGE_PAGE


def body_limit(request, user) -> tuple[int, str]:
    """The largest body this request may declare, and the Chinese reason shown above it."""
    limits = settings.KEQI_BODY_LIMITS
    if user is None:  # no anonymous page takes a file: anything larger is refused unread
        return limits["anonymous"], "未登录时提交的内容过大，请登录后再试"
    if request.content_type == "multipart/form-data":
        return limits["upload"], "上传的文件超过大小上限"  # each slot's own cap applies while streaming
    return limits["default"], "提交的内容超过大小上限"


class BodyLimitMiddleware:
    """Refuse a request body from its declared length, before anything reads it (issue 11 #3).

    Limits per route (settings.KEQI_BODY_LIMITS): small for anonymous requests (login,
    registration, password reset; below FILE_UPLOAD_MAX_MEMORY_SIZE, so Django never spools an
    anonymous body to a temporary file), FILES_MAX_UPLOAD_BYTES plus overhead for a logged-in
    multipart body (each slot's own cap is then applied while streaming, files.uploads) and
    DATA_UPLOAD_MAX_MEMORY_SIZE for other logged-in bodies (forms, JSON). Runs after authentication middleware (it needs the
    session user) but before any view, CSRF check or form parsing touches the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if not declared.isdigit():
            return self.refuse(request, 400, "请求长度无效")
        length = int(declared)
        # every limit is at least the anonymous one: below it, no need to look up the user
        if length > settings.KEQI_BODY_LIMITS["anonymous"]:
            user = self.acting_user(request)
            limit, message = body_limit(request, user)
            if length > limit:
                return self.refuse(request, 413, f"{message}（不超过{limit / 1024 / 1024:.2g}M）")
        return self.get_response(request)

    @staticmethod
    def acting_user(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header[:7].lower() == "bearer " and request.path_info.startswith("/api/"):
            return user_for_token(header[7:].strip())
        return None

    @staticmethod
    def refuse(request, status: int, message: str) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            body = json.dumps({"errors": [{"field": "__all__", "message": message}]}, ensure_ascii=False)
            response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
        else:
            response = HttpResponse(TOO_LARGE_PAGE.format(message=message), status=status)
        response["Cache-Control"] = "no-store"
        return response
