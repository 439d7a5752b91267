"""Personal data masking (mobile and ID numbers) for lists and exports, unless the viewer may see it."""


def may_see_personal_data(user) -> bool:
    return bool(user.is_platform_admin or user.is_enterprise_user or getattr(user, "can_view_personal_data", False))


def mask_mobile(value: str | None) -> str | None:
    if not value:
        return value
    return value[:3] + "****" + value[-4:] if len(value) >= 8 else "****"


def mask_id_number(value: str | None) -> str | None:
    if not value:
        return value
    return value[:6] + "*" * (len(value) - 10) + value[-4:] if len(value) > 10 else "****"
