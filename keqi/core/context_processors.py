from keqi.core.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    current = getattr(getattr(request, "resolver_match", None), "view_name", "")
    return {"menu": menu_for(user), "current_view": current}


def site(request):
    """The footer's 咨询电话 / 技术支持 / 备案号 (settings SITE_*)."""
    from django.conf import settings

    return {
        "site": {
            "hotline": settings.SITE_HOTLINE,
            "support": settings.SITE_SUPPORT,
            "icp": settings.SITE_ICP,
            "icp_url": settings.SITE_ICP_URL,
        }
    }
