"""Keeping ReportFact in step with approved annual reports (ADR 0019).

An enterprise's fact rows are recomputed together whenever one of its annual reports is decided
(a year's growth reads the two years before it, and the first year it qualified for 高成长 reads
them all). `rebuild()` recomputes every row (`manage.py rebuild_library_facts`)."""

import secrets
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F

from keqi.declarations.models import Submission
from keqi.enterprises.models import Enterprise
from keqi.libraries.models import FactStamp, ReportFact
from keqi.policy import libraries as policy

ANNUAL_SERIES = "chongqing-annual-report"
IP_KEYS = (
    "invention_granted",
    "utility_granted",
    "design_granted",
    "software_copyrights",
    "ic_layouts",
    "new_varieties",
)
TEXT_KEYS = ("scale", "sector", "high_tech_field")
PLATFORM_KEYS = ("platforms_national", "platforms_city", "platforms_county")


def _number(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _flag(value) -> int | None:
    return {"yes": 1, "no": 0}.get(value)


def _sum(answers: dict, keys) -> int | None:
    values = [_number(answers.get(k)) for k in keys]
    known = [v for v in values if v is not None]
    return int(sum(known)) if known else None


def figures_from_answers(answers: dict, year: int, established: date | None) -> dict:
    """One report's answers → the fact columns (before the columns that read other years)."""
    row: dict = {}
    for name, (_label, _unit, kind) in policy.FACT_FIELDS.items():
        if kind == "money":
            row[name] = _number(answers.get(name))
        elif kind == "count":
            value = _number(answers.get(name))
            row[name] = int(value) if value is not None else None
        elif kind == "flag":
            row[name] = _flag(answers.get(name))
    for name in TEXT_KEYS:
        value = answers.get(name)
        row[name] = str(value)[:40] if value not in (None, "") else ""
    row["ip_total"] = _sum(answers, IP_KEYS)
    row["platforms_total"] = _sum(answers, PLATFORM_KEYS)
    row["revenue_prev1"] = row["revenue_prev2"] = None
    if established is not None:
        row["age_days"] = (date(year, 12, 31) - established).days
        row["age_years"] = year - established.year
    else:
        row["age_days"] = row["age_years"] = None
    return row


def link_years(rows: dict[int, dict]) -> int | None:
    """Fill each year's previous revenues from the other years; return the first year that meets
    the 高成长 rule with its default parameters (None if none)."""
    for year, row in rows.items():
        row["revenue_prev1"] = rows.get(year - 1, {}).get("operating_revenue")
        row["revenue_prev2"] = rows.get(year - 2, {}).get("operating_revenue")
    growth = policy.LIBRARIES[policy.GROWTH_LIBRARY]
    defaults = growth.defaults()
    for year in sorted(rows):
        if policy.verdict(policy.explain(growth.conditions, rows[year], defaults)) == policy.PASS:
            return year
    return None


def annual_reports():
    return Submission.objects.filter(program__series=ANNUAL_SERIES, status=Submission.Status.APPROVED)


def bump() -> None:
    """Move the stamp forward by a random step: still increasing (a reload never replaces a newer
    copy), and a database restored or rolled back to an older stamp does not reach the same values
    again, so no process mistakes its old copy for current."""
    step = secrets.randbelow(2**20) + 1
    updated = FactStamp.objects.filter(pk=1).update(version=F("version") + step)
    if not updated:
        FactStamp.objects.get_or_create(pk=1, defaults={"version": step})


def stamp() -> int:
    return FactStamp.objects.filter(pk=1).values_list("version", flat=True).first() or 0


def _build(enterprise: Enterprise, reports) -> list[ReportFact]:
    rows: dict[int, dict] = {}
    submissions: dict[int, int] = {}
    for submission_id, year, answers in reports:
        rows[year] = figures_from_answers(answers or {}, year, enterprise.established_date)
        submissions[year] = submission_id
    first = link_years(rows)
    return [
        ReportFact(
            enterprise_id=enterprise.pk,
            submission_id=submissions[year],
            year=year,
            region_id=enterprise.region_id,
            region_path=enterprise.region_path,
            zone_path=enterprise.zone_path,
            name=enterprise.name,
            uscc=enterprise.uscc,
            established_date=enterprise.established_date,
            growth_first_year=first,
            **row,
        )
        for year, row in rows.items()
    ]


@transaction.atomic
def refresh_enterprise(enterprise_id: int) -> None:
    """Recompute the enterprise's rows from its approved annual reports (one per year)."""
    enterprise = Enterprise.objects.filter(pk=enterprise_id).first()
    ReportFact.objects.filter(enterprise_id=enterprise_id).delete()
    if enterprise is not None:
        reports = annual_reports().filter(enterprise_id=enterprise_id).values_list("pk", "program__year", "answers")
        ReportFact.objects.bulk_create(_build(enterprise, reports))
    bump()


def rebuild(chunk: int = 2000, log=None) -> int:
    """Every row again, enterprise by enterprise in chunks (idempotent)."""
    made = 0
    with transaction.atomic():
        ReportFact.objects.all().delete()
    ids = list(annual_reports().values_list("enterprise_id", flat=True).distinct().order_by("enterprise_id"))
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        enterprises = Enterprise.objects.in_bulk(part)
        by_enterprise: dict[int, list] = {}
        for submission_id, enterprise_id, year, answers in (
            annual_reports()
            .filter(enterprise_id__in=part)
            .values_list("pk", "enterprise_id", "program__year", "answers")
        ):
            by_enterprise.setdefault(enterprise_id, []).append((submission_id, year, answers))
        facts = [fact for eid, reports in by_enterprise.items() for fact in _build(enterprises[eid], reports)]
        with transaction.atomic():
            ReportFact.objects.bulk_create(facts, batch_size=1000)
        made += len(facts)
        if log:
            log(f"{made:>9,} 条")
    bump()
    return made
