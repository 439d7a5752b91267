"""Reads for the library pages: recognitions, the reserve, 免申即享 candidates, one explanation."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from keqi.enterprises.models import Qualification
from keqi.enterprises.selectors import valid_qualifications as enterprise_qualifications
from keqi.libraries.models import ReportFact, ReserveEntry
from keqi.libraries.queries import scope_q
from keqi.policy import libraries as policy


def valid_qualifications(kind: str, on=None) -> QuerySet[Qualification]:
    """Valid qualifications of a kind for every library (认定库, 免申即享), through the enterprises'
    one door: claims the district has not confirmed count nowhere (issue 11 item 6)."""
    return enterprise_qualifications(on).filter(kind=kind)


def recognised(user, kind: str, q: str = "") -> QuerySet[Qualification]:
    rows = valid_qualifications(kind).filter(scope_q(user, "enterprise__")).select_related("enterprise__region")
    if q:
        rows = rows.filter(Q(enterprise__name__contains=q) | Q(enterprise__uscc__contains=q.upper()))
    return rows.order_by("enterprise__name", "-issued_on", "id")


def reserve(user, region_path: str = "") -> QuerySet[ReserveEntry]:
    rows = ReserveEntry.objects.filter(removed_at__isnull=True).filter(scope_q(user, "enterprise__"))
    if region_path:
        rows = rows.filter(enterprise__region_path__startswith=region_path)
    return rows.select_related("enterprise__region", "added_by").order_by("-added_at", "id")


def removed_reserve(user) -> QuerySet[ReserveEntry]:
    rows = ReserveEntry.objects.filter(removed_at__isnull=False).filter(scope_q(user, "enterprise__"))
    return rows.select_related("enterprise", "removed_by", "added_by").order_by("-removed_at")[:20]


def latest_facts(enterprise_ids) -> dict[int, ReportFact]:
    found: dict[int, ReportFact] = {}
    for fact in ReportFact.objects.filter(enterprise_id__in=list(enterprise_ids)).order_by("year"):
        found[fact.enterprise_id] = fact
    return found


def fact_in_scope(user, fact_id: int) -> ReportFact:
    fact = ReportFact.objects.filter(scope_q(user)).select_related("region").filter(pk=fact_id).first()
    if fact is None:
        raise Http404("记录不存在")
    return fact


def fact_row(fact: ReportFact) -> dict:
    return {name: getattr(fact, name) for name in policy.FACT_FIELDS}


def not_holding(queryset: QuerySet[ReportFact], kind: str) -> QuerySet[ReportFact]:
    """免申即享: members that do not already hold a valid qualification of the kind."""
    holders = valid_qualifications(kind).filter(enterprise=OuterRef("enterprise_id"))
    return queryset.filter(~Exists(holders))
