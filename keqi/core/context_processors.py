from keqi.core.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    current = getattr(getattr(request, "resolver_match", None), "view_name", "")
    return {"menu": menu_for(user), "current_view": current}
