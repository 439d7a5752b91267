"""Enterprise reads; each takes the acting user and applies scope."""

from django.db.models import QuerySet
from django.http import Http404

from keqi.core.scope import enterprise_q
from keqi.enterprises.models import Enterprise


def visible_enterprises(user) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(enterprise_q(user)).select_related("region", "zone", "industry")


def enterprise_for(user, pk: int) -> Enterprise:
    """The enterprise if in scope; 404 otherwise, so out-of-scope ids leak nothing."""
    enterprise = visible_enterprises(user).filter(pk=pk).first()
    if enterprise is None:
        raise Http404("企业不存在或无权查看")
    return enterprise


def search_enterprises(user, *, keyword: str = "", region_code: str = "") -> QuerySet[Enterprise]:
    queryset = visible_enterprises(user)
    keyword = keyword.strip()[:100]
    if keyword:
        queryset = queryset.filter(name__icontains=keyword) | queryset.filter(uscc__icontains=keyword.upper())
    if region_code:
        queryset = queryset.filter(region_path__contains=f"/{region_code}/") | queryset.filter(
            zone_path__contains=f"/{region_code}/"
        )
    return queryset.order_by("id")
