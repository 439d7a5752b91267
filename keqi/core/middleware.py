"""Response headers every page gets: Content-Security-Policy, and no-store for logged-in users."""

from django.utils.cache import patch_cache_control

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
        if "Content-Security-Policy" not in response:
            relaxed = request.path.startswith(THIRD_PARTY_UI)
            response["Content-Security-Policy"] = RELAXED_POLICY if relaxed else CONTENT_SECURITY_POLICY
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # personal and enterprise data must not stay in shared or browser caches
            patch_cache_control(response, private=True, no_store=True)
        return response
