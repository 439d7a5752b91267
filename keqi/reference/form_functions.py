"""Form functions over reference data (registered with keqi.formkit.registry at start-up):
the IP kinds a form offers and how many rows of a table fall in each IP class (Ⅰ类 / Ⅱ类)."""

from keqi.formkit import registry


def ip_type_choices(_argument: str = "") -> tuple[tuple[str, str], ...]:
    from keqi.reference.models import IPType

    return tuple((t.code, t.name) for t in IPType.objects.exclude(ip_class=None).order_by("sort_order", "id"))


def _classes() -> dict[str, int]:
    from keqi.reference.models import IPType

    return dict(IPType.objects.exclude(ip_class=None).values_list("code", "ip_class"))


@registry.computed("ip_class_count")
def ip_class_count(answers: dict, *, table: str, column: str, ip_class: int) -> int:
    classes = _classes()
    return sum(1 for row in answers.get(table) or [] if classes.get(row.get(column)) == ip_class)


@registry.computed("ip_by_type")
def ip_by_type(answers: dict, *, table: str, column: str) -> str:
    names = dict(ip_type_choices())
    counts: dict[str, int] = {}
    for row in answers.get(table) or []:
        if row.get(column):
            counts[row[column]] = counts.get(row[column], 0) + 1
    return "；".join(f"{names.get(code, code)} {count}" for code, count in counts.items()) or "—"


registry.choice_source("ip_types", ip_type_choices)
