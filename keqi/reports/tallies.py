"""The per-district counts and sums behind the statistics tables and charts (S2.7, S2.8; ADR 0026).

Every table of a year reads the same few numbers per district: approved reports, 规上 reports,
reports per category code, sums of the figures, enterprises registered and 入库. They are
computed with one GROUP BY over the year's fact rows (all regions) and one over the enterprise
table, and kept per process (`keqi.core.shelf`): a table then costs a stamp read and a few
dictionary lookups instead of scanning 250,000 rows per request.

- Report tallies are versioned by `FactStamp` (moved by every decision on an annual report, like
  the libraries' columns), so they are exact as of the last decision.
- Enterprise tallies (注册企业数, 入库科企数, zones) follow registrations and reviews that do not
  move the stamp; they are rebuilt every KEQI_LIBRARY_MAX_STALE seconds (30 by default, 0 in
  tests), i.e. a registration shows in the tables within about a minute.

Money is summed as integers of 0.0001 万元 (the column's 4 places), so sums are exact on SQLite
too, where a decimal column is stored as a float and SUM over it rounds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BigIntegerField, Count, DateField, DecimalField, F, Min, Q, Sum, Value
from django.db.models.functions import Cast, Round, TruncMonth
from django.utils import timezone

from keqi.core import shelf
from keqi.declarations.models import Submission
from keqi.enterprises.models import Enterprise, InfoChangeRequest, ReviewStatus
from keqi.libraries import facts
from keqi.libraries.models import ReportFact
from keqi.policy.libraries import FACT_FIELDS
from keqi.reference.models import Region

CATEGORIES = ("scale", "sector", "high_tech_field")
SUMMED = (
    "operating_revenue", "main_revenue", "total_profit", "net_profit", "taxes", "export_value", "rd_expense",
    "employees", "tech_staff", "rd_staff", "doctors", "masters", "platforms_national", "platforms_city",
    "platforms_county", "invention_applied", "invention_granted", "utility_granted", "design_granted",
    "software_copyrights", "standards_led", "standards_joined", "hitech_products",
)  # fmt: skip
MONEY_PLACES = 4
MONEY_UNITS = 10**MONEY_PLACES


def is_money(column: str) -> bool:
    return FACT_FIELDS[column][2] == "money"


@dataclass
class YearTally:
    """One report year, every region: keys are the registration district's id."""

    reported: Counter = field(default_factory=Counter)
    above: Counter = field(default_factory=Counter)  # 规上工业企业
    sums: dict[str, Counter] = field(default_factory=lambda: {c: Counter() for c in SUMMED})
    categories: dict[str, Counter] = field(default_factory=lambda: {c: Counter() for c in CATEGORIES})  # (id, code)
    by_zone: Counter = field(default_factory=Counter)  # (region id, zone path) → reports

    def total(self, column: str, region_id: int) -> Decimal | int:
        value = self.sums[column][region_id]
        return Decimal(value).scaleb(-MONEY_PLACES) if is_money(column) else value

    def reported_at(self, place: Region, region_ids: set[int]) -> int:
        """Reports of enterprises located at a zone or district (registered there, or in that
        zone), registered in one of `region_ids` (the officer's scope)."""
        return sum(
            n
            for (region, zone_path), n in self.by_zone.items()
            if region in region_ids and (region == place.pk or zone_path == place.path)
        )


def _summed(column: str):
    if is_money(column):
        units = Value(Decimal(MONEY_UNITS), output_field=DecimalField(max_digits=6, decimal_places=0))
        return Sum(Cast(Round(F(column) * units), BigIntegerField()))
    return Sum(column)


def build_year(year: int) -> YearTally:
    """One pass over the year's approved reports (SQL), grouped finely enough for every table."""
    tally = YearTally()
    rows = (
        ReportFact.objects.filter(year=year)
        .values("region_id", "zone_path", *CATEGORIES)
        .annotate(n=Count("id"), above_n=Count("id", filter=Q(above_scale=1)), **{c: _summed(c) for c in SUMMED})
        .order_by()
    )
    for row in rows:
        region = row["region_id"]
        tally.reported[region] += row["n"]
        tally.above[region] += row["above_n"]
        tally.by_zone[(region, row["zone_path"])] += row["n"]
        for column in CATEGORIES:
            tally.categories[column][(region, row[column])] += row["n"]
        for column in SUMMED:
            if row[column] is not None:
                tally.sums[column][region] += int(row[column])
    return tally


@dataclass
class EnterpriseTally:
    """Every enterprise on the platform by registration district (ids)."""

    registered: Counter = field(default_factory=Counter)
    stored: Counter = field(default_factory=Counter)  # 入库: basic information passed review
    zones: dict[int, set[str]] = field(default_factory=dict)  # district → names of zones its enterprises sit in
    places: Counter = field(default_factory=Counter)  # (region id, zone id or None) → 入库 enterprises

    def stored_at(self, place_id: int, region_ids: set[int]) -> int:
        """入库 enterprises located at a zone or district (registered there, or in that zone),
        registered in one of `region_ids` (the officer's scope)."""
        return sum(
            n for (region, zone), n in self.places.items() if region in region_ids and place_id in (region, zone)
        )


def build_enterprises() -> EnterpriseTally:
    tally = EnterpriseTally()
    rows = Enterprise.objects.values_list("region_id", "zone_id", "review_status").annotate(n=Count("id")).order_by()
    zone_ids: dict[int, set[int]] = {}
    for region, zone, status, n in rows:
        tally.registered[region] += n
        if status == ReviewStatus.APPROVED:
            tally.stored[region] += n
            tally.places[(region, zone)] += n
        if zone:
            zone_ids.setdefault(region, set()).add(zone)
    names = dict(Region.objects.filter(pk__in=set().union(*zone_ids.values())).values_list("pk", "name"))
    tally.zones = {region: {names[z] for z in found} for region, found in zone_ids.items()}
    return tally


@dataclass
class ProgressTally:
    """培育进度统计表's events by registration district and local calendar month (a date on the 1st):
    any month's table is then the sums up to it and the month's own cell."""

    registered: Counter = field(default_factory=Counter)  # (region id, month)
    first_stored: Counter = field(default_factory=Counter)  # (region id, month of the first 入库)
    submitted: Counter = field(default_factory=Counter)  # (region id, report year, month)
    passed: Counter = field(default_factory=Counter)  # (region id, report year, month of the decision)

    @staticmethod
    def until(counter: Counter, region_id: int, month, year: int | None = None) -> int:
        return sum(
            n
            for (region, *rest), n in counter.items()
            if region == region_id and rest[-1] <= month and (year is None or rest[0] == year)
        )


class _LocalMonth(TruncMonth):
    """The local calendar month of a moment, as a date on the 1st. On SQLite Django truncates with a
    Python function called per row (41 s for 1,000,000 reports, holding the GIL); SQLite's own
    strftime shifted by the zone's offset gives the same month for Asia/Shanghai, which has kept
    one offset (+08:00, no daylight saving) since 1991."""

    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.lhs)
        minutes = int(timezone.localtime().utcoffset().total_seconds() // 60)
        # whole seconds first: SQLite's date functions round 23:59:59.999999 up to the next day
        return f"strftime('%%Y-%%m-01', substr({sql}, 1, 19), '{minutes:+d} minutes')", params


def _month(name: str):
    return _LocalMonth(name)


def build_progress(series: str) -> ProgressTally:
    tally = ProgressTally()
    for region, month, n in (
        Enterprise.objects.values_list("region_id", _month("created_at")).annotate(n=Count("id")).order_by()
    ):
        tally.registered[(region, month)] += n
    firsts = (
        InfoChangeRequest.objects.filter(status="approved", decided_at__isnull=False)
        .values("enterprise_id", region=F("enterprise__region_id"))
        .annotate(first=Min("decided_at"))
        .values_list("region", "first")
        .order_by()
    )
    zone = timezone.get_current_timezone()
    for region, first in firsts:
        local = timezone.localtime(first, zone)
        tally.first_stored[(region, local.date().replace(day=1))] += 1
    reports = Submission.objects.filter(program__series=series)
    for target, moment, extra in (
        (tally.submitted, "submitted_at", Q()),
        (tally.passed, "status_changed_at", Q(status=Submission.Status.APPROVED)),
    ):
        rows = (
            reports.filter(extra, **{f"{moment}__isnull": False})
            .values_list("enterprise__region_id", "program__year", _month(moment))
            .annotate(n=Count("id"))
            .order_by()
        )
        for region, year, month, n in rows:
            target[(region, year, month)] += n
    return tally


_years = shelf.Shelf("statistics-year")
_enterprises = shelf.Shelf("statistics-enterprises")
_progress = shelf.Shelf("statistics-progress")


def for_year(year: int | None) -> YearTally:
    if year is None:
        return YearTally()
    return _years.get(year, facts.stamp(), lambda: build_year(year))


def enterprises() -> EnterpriseTally:
    window = shelf.max_stale()
    return _enterprises.get("all", shelf.time_bucket(window), build_enterprises, max_gap=1)


def progress(series: str) -> ProgressTally:
    """Registrations, first 入库, submissions and decisions move no stamp: rebuilt like enterprises()."""
    return _progress.get(series, shelf.time_bucket(shelf.max_stale()), lambda: build_progress(series), max_gap=1)


def forget() -> None:
    """Drop every kept tally (tests; a restored database)."""
    _years.clear()
    _enterprises.clear()
    _progress.clear()
