from django import template

from keqi.reference.selectors import dictionary_label

register = template.Library()


@register.filter
def dict_label(code: str, category: str) -> str:
    """Translate a dictionary code to its Chinese label: {{ value|dict_label:"tax_collection" }}."""
    return dictionary_label(category, code) if code else ""
