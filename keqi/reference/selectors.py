"""Reference-data reads used by forms, pages and the API."""

from django.db.models import QuerySet

from keqi.reference.models import DictionaryEntry, Industry, IPType, Region


def dictionary_choices(category: str) -> list[tuple[str, str]]:
    entries = DictionaryEntry.objects.filter(category=category, is_active=True).order_by("sort_order", "id")
    return [(entry.code, entry.label) for entry in entries]


def dictionary_label(category: str, code: str) -> str:
    entry = DictionaryEntry.objects.filter(category=category, code=code).first()
    return entry.label if entry else code


def leaf_industries() -> QuerySet[Industry]:
    return Industry.objects.filter(level=4).order_by("code")


def regions_in_province(region: Region) -> QuerySet[Region]:
    """County-level divisions and zones in the same province: what a registered address can be."""
    province_path = "/".join(region.path.split("/")[:2]) + "/"
    return Region.objects.filter(
        path__startswith=province_path, level__in=[Region.Level.COUNTY, Region.Level.ZONE]
    ).order_by("code")


def children_of(parent_code: str | None) -> QuerySet[Region]:
    if not parent_code:
        return Region.objects.filter(parent__isnull=True).order_by("code")
    return Region.objects.filter(parent__code=parent_code).order_by("code")


def ip_types() -> QuerySet[IPType]:
    return IPType.objects.order_by("sort_order")
