"""Reference-data reads used by forms, pages and the API."""

from functools import lru_cache

from django.db.models import QuerySet

from keqi.reference import loaders
from keqi.reference.models import DictionaryEntry, Industry, IPType, Region


def dictionary_choices(category: str) -> list[tuple[str, str]]:
    entries = DictionaryEntry.objects.filter(category=category, is_active=True).order_by("sort_order", "id")
    return [(entry.code, entry.label) for entry in entries]


def dictionary_label(category: str, code: str) -> str:
    entry = DictionaryEntry.objects.filter(category=category, code=code).first()
    return entry.label if entry else code


def region_name(value) -> str | None:
    """A region's full name from its code (6+ digits) or id, as audit rows record it; None if unknown."""
    text = str(value)
    if not text.isdigit():
        return None
    region = Region.objects.filter(code=text).first() if len(text) >= 6 else None
    region = region or Region.objects.filter(pk=int(text)).first()
    return region.full_name if region else None


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
        return Region.objects.filter(parent__isnull=True).exclude(level=Region.Level.COUNTRY).order_by("code")
    return Region.objects.filter(parent__code=parent_code).order_by("code")


def ip_types() -> QuerySet[IPType]:
    return IPType.objects.order_by("sort_order")


@lru_cache(maxsize=1)
def _retired() -> dict[str, dict[str, object]]:
    return {
        row["code"]: {"name": row["name"], "year": int(row["retired_year"]), "successors": row["successors"].split()}
        for row in loaders.read_csv("retired_regions.csv")
    }


def retired_region(code: str) -> dict[str, object] | None:
    """A GB/T 2260 code no longer in use: {"name", "year", "successors": [codes]}, else None."""
    return _retired().get(code)


def successor_regions(code: str) -> list[Region]:
    """The current divisions that took over a retired code (empty when the code is current or unknown)."""
    retired = retired_region(code)
    if retired is None:
        return []
    by_code = {region.code: region for region in Region.objects.filter(code__in=retired["successors"])}
    return [by_code[c] for c in retired["successors"] if c in by_code]


def region_label(region: Region) -> str:
    """The full name, told apart where GB/T 2260 has placeholder cities: 重庆市 has both
    500100 市辖区 and 500200 县, which would otherwise both read “重庆市”."""
    if region.name in loaders.PLACEHOLDER_CITY_NAMES:
        return f"{region.full_name}（{region.name}）"
    return region.full_name
