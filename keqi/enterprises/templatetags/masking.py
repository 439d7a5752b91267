from django import template

from keqi.core.masking import mask_mobile, may_see_personal_data

register = template.Library()


@register.simple_tag(takes_context=True)
def mobile(context, value):
    """{% mobile c.mobile %}: the number, masked unless the viewer may see personal data."""
    user = context.get("user")
    return value if user is not None and may_see_personal_data(user) else mask_mobile(value)
