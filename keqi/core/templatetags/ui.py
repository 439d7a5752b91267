"""Filters behind the shared page components in templates/includes/ (documented in docs/ui.md)."""

from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qsl, urlencode

from django import template

register = template.Library()

# One colour per kind of state (status_tag.html). Codes of every process map to five kinds.
STATUS_KINDS = {
    "draft": "neutral",
    "new": "neutral",
    "none": "neutral",
    "withdrawn": "neutral",
    "cancelled": "neutral",
    "queued": "neutral",
    "expired": "neutral",
    "agency_review": "pending",
    "province_review": "pending",
    "pending": "pending",
    "review": "pending",
    "running": "pending",
    "claimed": "pending",
    "publicity": "info",
    "returned": "warning",
    "registered": "success",
    "approved": "success",
    "done": "success",
    "stored": "success",
    "confirmed": "success",
    "intact": "success",
    "rejected": "danger",
    "failed": "danger",
    "refused": "danger",
    "broken": "danger",
    # library screens (keqi.policy.libraries): 符合 / 需补充信息 / 不符合
    "pass": "success",
    "unknown": "warning",
    "fail": "danger",
}

@register.filter
def status_kind(code) -> str:
    """neutral / pending / info / warning / success / danger for a status code."""
    return STATUS_KINDS.get(str(code or ""), "neutral")


@register.filter
def wan(value, places=2) -> str:
    """Amounts (万元): thousands separators and two decimals; blanks and text pass through."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    return f"{number:,.{int(places)}f}"


@register.filter
def wan_exact(value) -> str:
    """Amounts (万元) exactly, without trailing zeros: 0.2000 → 0.2, 15.0000 → 15, 1234.5 → 1,234.5."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    text = f"{number:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def without_params(query, names: str = "page,page_size") -> str:
    """A urlencoded query string without the paging parameters (pager.html adds its own)."""
    drop = set(names.split(","))
    return urlencode([(k, v) for k, v in parse_qsl(str(query or ""), keep_blank_values=True) if k not in drop])


@register.filter
def page_numbers(page) -> list:
    """Page numbers around the current one, with None where numbers are left out (…)."""
    ellipsis = page.paginator.ELLIPSIS
    return [
        None if number == ellipsis else number
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]


@register.filter
def query_pairs(query) -> list[tuple[str, str]]:
    """(name, value) pairs of a urlencoded query, for hidden inputs."""
    return parse_qsl(str(query or ""), keep_blank_values=True)


@register.filter
def page_size_choices(page) -> list[int]:
    from keqi.core.paging import PAGE_SIZES

    sizes = set(PAGE_SIZES) | {page.paginator.per_page}
    return sorted(sizes)


@register.filter
def score(value) -> str:
    """A self-assessment score with its unit; a score not computed yet (missing data) says so
    instead of printing "None分"."""
    if value is None or value == "":
        return "需补充信息"
    return f"{value}分"
