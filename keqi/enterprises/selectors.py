"""Enterprise reads; each takes the acting user and applies scope."""

from datetime import date

from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone

from keqi.core.scope import enterprise_q, region_q, subtree_q
from keqi.enterprises.models import Contact, Enterprise, InfoChangeRequest, Qualification
from keqi.exports.datasets import UNIT  # the export engine splits on it
from keqi.reference.models import Industry, Region

TECH_SME = "tech_sme"
KEYWORD_MAX = 100

# Sort keys offered by the query list (S2.2): key → (label, ORM ordering). Empty values sort
# last on both databases (PostgreSQL would put NULLs first when descending).
SORTS = {
    "id": ("默认顺序", (F("id").asc(),)),
    "name": ("企业名称", (F("name").asc(), F("id").asc())),
    "-established_date": ("成立日期（新→旧）", (F("established_date").desc(nulls_last=True), F("id").desc())),
    "established_date": ("成立日期（旧→新）", (F("established_date").asc(nulls_last=True), F("id").asc())),
    "-registered_capital": ("注册资本（高→低）", (F("registered_capital").desc(nulls_last=True), F("id").desc())),
    "registered_capital": ("注册资本（低→高）", (F("registered_capital").asc(nulls_last=True), F("id").asc())),
    "-employees": ("职工总数（多→少）", (F("employees").desc(nulls_last=True), F("id").desc())),
}


def confirmed_qualifications() -> QuerySet[Qualification]:
    """The one door to qualifications that count (issue 11 item 6): the platform's own decisions
    and claims the district confirmed. Every list, count, screen, eligibility check and prefill
    reads through here or `valid_qualifications`; claims awaiting confirmation count nowhere."""
    return Qualification.objects.filter(status=Qualification.Status.CONFIRMED)


def valid_qualifications(on: date | None = None, *, kinds=None) -> QuerySet[Qualification]:
    """Confirmed, not expired and not cancelled (取消认定, issue 16) on the day (today by default);
    optionally only of the given kinds."""
    day = on or timezone.localdate()
    queryset = confirmed_qualifications().filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    queryset = queryset.filter(Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=day))
    if kinds is not None:
        queryset = queryset.filter(kind__in=list(kinds))
    return queryset


def qualification_claims(user, *, status: str = Qualification.Status.CLAIMED) -> QuerySet[Qualification]:
    """Claims the district officer confirms: enterprises registered in the officer's county or zone."""
    if getattr(user, "role", None) != "DIS":
        return Qualification.objects.none()
    queryset = Qualification.objects.filter(enterprise__in=Enterprise.objects.filter(enterprise_q(user)))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related("enterprise", "enterprise__region").order_by("id")


def visible_enterprises(user) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(enterprise_q(user)).select_related("region", "zone", "industry")


def enterprise_for(user, pk: int) -> Enterprise:
    """The enterprise if in scope; 404 otherwise, so out-of-scope ids leak nothing."""
    enterprise = visible_enterprises(user).filter(pk=pk).first()
    if enterprise is None:
        raise Http404("企业不存在或无权查看")
    return enterprise


def keyword_q(keyword: str, prefix: str = "") -> Q:
    """Fuzzy match on name or USCC (S2.1, S2.2)."""
    keyword = (keyword or "").strip()[:KEYWORD_MAX]
    if not keyword:
        return Q()
    # Chinese has no case: a plain LIKE skips UPPER() on every row (3–4× faster on PostgreSQL).
    lookup = "icontains" if any(char.isascii() and char.isalpha() for char in keyword) else "contains"
    return Q(**{f"{prefix}name__{lookup}": keyword}) | Q(**{f"{prefix}uscc__contains": keyword.upper()})


def search_enterprises(user, *, keyword: str = "", region_code: str = "") -> QuerySet[Enterprise]:
    queryset = visible_enterprises(user).filter(keyword_q(keyword))
    if region_code:
        region = scoped_region(user, region_code)
        if region is None:
            return queryset.none()
        queryset = queryset.filter(subtree_q(region.path))
    return queryset.order_by("id")


def current_year() -> int:
    return timezone.localdate().year


def scoped_region(user, code: str) -> Region | None:
    """A region the user may filter on (inside their own subtree), or None."""
    return Region.objects.filter(region_q(user), code=code).first()


def industry_q(code: str) -> Q | None:
    """A GB/T 4754 section letter or a 2/3/4-digit code, matched on the enterprise's 4-digit class."""
    industry = Industry.objects.filter(code=code).first()
    if industry is None:
        return None
    if industry.level == 1:
        return Q(industry_section=industry.code)
    return Q(industry_code__startswith=industry.code)


def stored_q(year: int) -> Exists:
    """入库: the enterprise holds a tech_sme qualification (登记编号) for that year (per-row flag)."""
    return Exists(confirmed_qualifications().filter(enterprise=OuterRef("pk"), kind=TECH_SME, year=year))


def _id_in(queryset: QuerySet, subquery: QuerySet, *, negate: bool = False) -> QuerySet:
    """`id IN (subquery)`: the set is built once (a hashed semi-join on PostgreSQL); measured
    faster on SQLite than a correlated EXISTS per enterprise (see docs/performance.md)."""
    return queryset.exclude(pk__in=subquery) if negate else queryset.filter(pk__in=subquery)


def stored_ids(year: int) -> QuerySet:
    return confirmed_qualifications().filter(kind=TECH_SME, year=year).values("enterprise_id")


def query_enterprises(user, *, filters: dict) -> QuerySet[Enterprise]:
    """The enterprise query list (S2.2, S2.9), in scope, with already-validated filters.

    filters: keyword, review_status, storage ("yes"/"no"), storage_year, region (Region),
    industry (code), year (registration year), qualification (kind), sort (a SORTS key).
    """
    queryset = Enterprise.objects.filter(enterprise_q(user)).filter(keyword_q(filters.get("keyword", "")))
    if status := filters.get("review_status"):
        queryset = queryset.filter(review_status=status)
    if storage := filters.get("storage"):
        year = filters.get("storage_year") or current_year()
        queryset = _id_in(queryset, stored_ids(year), negate=storage == "no")
    if region := filters.get("region"):
        queryset = queryset.filter(subtree_q(region.path))
    if code := filters.get("industry"):
        condition = industry_q(code)
        queryset = queryset.filter(condition) if condition is not None else queryset.none()
    if year := filters.get("year"):
        queryset = queryset.filter(established_date__gte=date(year, 1, 1), established_date__lte=date(year, 12, 31))
    if kind := filters.get("qualification"):
        queryset = _id_in(queryset, valid_qualifications().filter(kind=kind).values("enterprise_id"))
    ordering = SORTS.get(filters.get("sort") or "id", SORTS["id"])[1]
    return queryset.order_by(*ordering)


def primary_contact() -> Subquery:
    """Name and mobile of the primary contact (else the first) joined by UNIT: one correlated
    subquery per row instead of two, for lists and exports."""
    pair = Concat("name", Value(UNIT), "mobile", output_field=CharField())
    return Subquery(
        Contact.objects.filter(enterprise=OuterRef("pk"))
        .order_by("-is_primary", "id")
        .annotate(pair=pair)
        .values("pair")[:1]
    )


def split_contact(pair: str | None) -> tuple[str | None, str | None]:
    """(name, mobile) from a primary_contact() value."""
    if not pair:
        return None, None
    name, _, mobile = pair.partition(UNIT)
    return name or None, mobile or None


def stored_among(enterprise_ids: list[int], year: int) -> set[int]:
    """Which of these enterprises are 入库 in the year (for one page of the list)."""
    return set(
        confirmed_qualifications()
        .filter(enterprise_id__in=enterprise_ids, kind=TECH_SME, year=year)
        .values_list("enterprise_id", flat=True)
    )


# Info-change review (P5, S1.17, S2.1)


def visible_change_requests(user) -> QuerySet[InfoChangeRequest]:
    return InfoChangeRequest.objects.filter(enterprise_q(user, "enterprise__")).select_related(
        "enterprise", "enterprise__region", "submitted_by", "decided_by"
    )


def change_request_queue(user, *, keyword: str = "", status: str = "pending") -> QuerySet[InfoChangeRequest]:
    queryset = visible_change_requests(user).filter(keyword_q(keyword, "enterprise__"))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("id")


def change_request_for(user, pk: int) -> InfoChangeRequest:
    request = visible_change_requests(user).filter(pk=pk).first()
    if request is None:
        raise Http404("变更申请不存在或无权查看")
    return request


def neighbours(queryset: QuerySet[InfoChangeRequest], pk: int) -> tuple[int | None, int | None]:
    """Previous and next record of the queue (ordered by id) around pk."""
    previous = queryset.filter(pk__lt=pk).order_by("-id").values_list("pk", flat=True).first()
    following = queryset.filter(pk__gt=pk).order_by("id").values_list("pk", flat=True).first()
    return previous, following


def pending_change_request(enterprise) -> InfoChangeRequest | None:
    return enterprise.change_requests.filter(status=InfoChangeRequest.Status.PENDING).first()


def list_neighbours(queryset: QuerySet[Enterprise], pk: int, position: int | None, *, id_order: bool) -> dict:
    """Previous and next enterprise of the officer's filtered list (S2.2.3 翻页) around pk.

    `position` is the record's 1-based place in the list, carried in the detail link: with any
    sort order the neighbours are one OFFSET read of three ids (the list itself reads the same
    way). When the list moved since (a record added or removed) the record is looked for
    nearby; failing that the page offers only 返回列表. Without a position (an old link), the
    default id order is counted.
    """
    nothing = {"previous": None, "next": None, "position": None}
    if position is None:
        if not id_order or not queryset.filter(pk=pk).exists():
            return nothing
        position = queryset.filter(pk__lt=pk).count() + 1
    window = 20
    start = max(position - 1 - window, 0)
    ids = list(queryset.values_list("pk", flat=True)[start : position + window])
    if pk not in ids:
        return nothing
    index = ids.index(pk)
    return {
        "previous": ids[index - 1] if index > 0 else None,
        "next": ids[index + 1] if index + 1 < len(ids) else None,
        "position": start + index + 1,
    }


def counted_qualifications(enterprise) -> list[Qualification]:
    """Every qualification record of the enterprise that counts (`confirmed_qualifications`: claims
    awaiting the district's confirmation count nowhere), oldest first, for the policy matcher."""
    return list(confirmed_qualifications().filter(enterprise=enterprise).order_by("kind", "issued_on", "id"))

