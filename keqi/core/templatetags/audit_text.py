from django import template

from keqi.core import audit_text

register = template.Library()


@register.filter
def audit_action(log) -> str:
    """{{ log|audit_action }}: the operation in Chinese (never `add_contact`)."""
    return audit_text.action_label(log.action)


@register.filter
def audit_details(log) -> list[str]:
    """{% for line in log|audit_details %}: whole old → new values with Chinese labels."""
    return audit_text.details(log)
