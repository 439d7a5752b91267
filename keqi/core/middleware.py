"""Response headers every page gets (Content-Security-Policy, and no-store for logged-in users)
and input no handler can use. The body limit needs the acting user, so it lives in
accounts.middleware (core imports no app above it, ADR 0024)."""

import json

from django.conf import settings
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_cache_control
from django.utils.html import escape

from keqi.core.http import TooManyRequests

# Pages carry no inline script, style or event handler (behaviour is in keqi/app.js via data
# attributes), so the policy allows only this site's own files.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Django's admin and the Swagger UI set style attributes in their own markup.
THIRD_PARTY_UI = ("/admin/", "/api/v1/docs")
RELAXED_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        debug_page = settings.DEBUG and response.status_code >= 400  # Django's technical pages are inline
        if "Content-Security-Policy" not in response and not debug_page:
            relaxed = request.path.startswith(THIRD_PARTY_UI)
            response["Content-Security-Policy"] = RELAXED_POLICY if relaxed else CONTENT_SECURITY_POLICY
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # personal and enterprise data must not stay in shared or browser caches
            patch_cache_control(response, private=True, no_store=True)
        return response


TOO_LARGE_PAGE = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>提交内容过大 - 科企通</title></head>'
    '<body><h1>提交内容过大</h1><p>{message}</p><p><a href="/">返回首页</a></p></body></html>'
)


MAX_JSON_DEPTH = 32
MAX_INTEGER = 2**63 - 1  # beyond any database integer column
NUL_MESSAGE = "不能包含空字符（\\0）"


class InputSanityMiddleware:
    """Input no handler can use, refused before any handler sees it (issue 11 #5).

    - a NUL character in the query string (PostgreSQL text cannot hold it): 422 naming the
      parameter on /api/; pages search for the rest of what was typed (forms already refuse NUL
      per field);
    - a JSON body on /api/ that does not parse within Python's recursion limit, nests deeper than
      MAX_JSON_DEPTH, holds a NUL in any key or string or an integer beyond 64 bits: 422 naming
      the field path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path_info.startswith("/api/")
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.META.get("QUERY_STRING", ""):
            if api:
                for name, values in request.GET.lists():
                    if "\x00" in name or any("\x00" in value for value in values):
                        return self.refuse(request, api, name.replace("\x00", ""), f"查询参数{NUL_MESSAGE}")
            else:  # a page searches for what was typed, without the NUL
                cleaned = QueryDict(mutable=True)
                for name, values in request.GET.lists():
                    cleaned.setlist(name.replace("\x00", ""), [value.replace("\x00", "") for value in values])
                cleaned._mutable = False
                request.GET = cleaned
        if api and request.content_type == "application/json" and request.method in {"POST", "PUT", "PATCH"}:
            problem = json_problem(request.body)
            if problem:
                return self.refuse(request, api, *problem)
        return self.get_response(request)

    @staticmethod
    def refuse(request, api: bool, field: str, message: str) -> HttpResponse:
        if api:
            body = json.dumps({"errors": [{"field": field, "message": message}]}, ensure_ascii=False)
            return HttpResponse(body, status=422, content_type="application/json; charset=utf-8")
        page = TOO_LARGE_PAGE.replace("提交内容过大", "请求有误").format(message=message)
        return HttpResponse(page, status=400)


def json_problem(body: bytes) -> tuple[str, str] | None:
    """(field path, Chinese message) for a JSON body no handler should get, else None."""
    if not body:
        return None
    try:
        data = json.loads(body)
    except RecursionError:
        return "__all__", f"JSON 嵌套层数过多（不超过{MAX_JSON_DEPTH}层）"
    except ValueError:
        return None  # not JSON at all: the API answers that itself
    stack = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return path or "__all__", f"JSON 嵌套层数过多（不超过{MAX_JSON_DEPTH}层）"
        if isinstance(value, str):
            if "\x00" in value:
                return path or "__all__", NUL_MESSAGE
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
            return path or "__all__", "数值超出范围"
        elif isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    return path or "__all__", f"字段名{NUL_MESSAGE}"
                stack.append((item, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(value, list):
            stack.extend(
                (item, f"{path}.{index}" if path else str(index), depth + 1) for index, item in enumerate(value)
            )
    return None


class TooManyRequestsMiddleware:
    """A TooManyRequests raised by a service becomes a 429 page that says when to try again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, TooManyRequests):
            return None
        message = escape(str(exception))
        body = f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>操作过于频繁</title><body><h1>操作过于频繁</h1><p>{message}</p><p><a href="/">返回首页</a></p></body></html>'
        return HttpResponse(body, status=429, content_type="text/html; charset=utf-8")
