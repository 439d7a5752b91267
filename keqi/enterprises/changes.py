"""How an info-change request reads to people: Chinese field names and labels, old → new."""

from keqi.enterprises.models import Enterprise
from keqi.reference.models import Region
from keqi.reference.selectors import dictionary_label

DICTIONARY_FIELDS = {"registration_type": "registration_type"}


def label_of(field: str, value) -> str:
    if value in (None, ""):
        return "（空）"
    if field in ("region", "zone"):
        region = Region.objects.filter(pk=value).first()
        return region.full_name if region else str(value)
    if field in DICTIONARY_FIELDS:
        return dictionary_label(DICTIONARY_FIELDS[field], value)
    if field == "registered_capital":
        return f"{value} 万元"
    return str(value)


def describe_changes(changes: dict) -> list[dict]:
    rows = []
    for field, (old, new) in changes.items():
        rows.append(
            {
                "field": field,
                "label": str(Enterprise._meta.get_field(field).verbose_name),
                "old": label_of(field, old),
                "new": label_of(field, new),
            }
        )
    return rows
