"""Region scope in one place (P1): which enterprises a user may see.

Every selector that returns enterprise data filters through `enterprise_q`, with `prefix`
naming the path to the enterprise (e.g. "enterprise__" for an evaluation).
"""

from django.db.models import Q

NOTHING = Q(pk__in=[])

# An evaluation agency sees only the enterprises that submitted to it (least privilege, issue 11
# item 8). Program apps register `clients(agency_id) -> QuerySet of enterprise ids` for the
# records they send to agencies; the agency's scope is their union.
_AGENCY_CLIENTS: list = []


def register_agency_clients(clients) -> None:
    if clients not in _AGENCY_CLIENTS:
        _AGENCY_CLIENTS.append(clients)


def agency_q(agency_id: int | None, prefix: str = "") -> Q:
    if agency_id is None or not _AGENCY_CLIENTS:
        return NOTHING
    condition = NOTHING
    for clients in _AGENCY_CLIENTS:
        condition |= Q(**{f"{prefix}pk__in": clients(agency_id)})
    return condition


def enterprise_q(user, prefix: str = "") -> Q:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_platform_admin:
        return Q()
    if user.is_enterprise_user:
        if user.enterprise_id is None:
            return NOTHING
        return Q(**{f"{prefix}pk": user.enterprise_id})
    if user.role == "AGY":
        return agency_q(user.agency_id, prefix)
    if user.is_officer and user.region_id is not None:
        return subtree_q(user.region.path, prefix)
    return NOTHING


def subtree_q(path: str, prefix: str = "") -> Q:
    """Enterprises registered, or located by zone, inside the region with this path."""
    return Q(**{f"{prefix}region_path__startswith": path}) | Q(**{f"{prefix}zone_path__startswith": path})


def region_covers(path: str, enterprise) -> bool:
    """The in-memory twin of subtree_q for one enterprise already loaded."""
    return enterprise.region_path.startswith(path) or enterprise.zone_path.startswith(path)


def region_q(user, field: str = "path") -> Q:
    """Regions an officer may pick in filters: their own subtree."""
    if user.is_platform_admin:
        return Q()
    if user.is_officer and user.region_id is not None:
        return Q(**{f"{field}__startswith": user.region.path})
    return NOTHING
