def inbox(request):
    """The top bar's 我的消息 with the unread count (enterprise users only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "enterprise_id", None):
        return {}
    from keqi.inbox.selectors import unread_count

    return {"inbox_unread": unread_count(user)}
