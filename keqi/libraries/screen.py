"""The screen: a library's conditions over one year's facts, in memory and in columns (ADR 0019).

Each process keeps, per year, the fact table as numpy columns (money as integers of 0.0001 万元,
so every comparison is exact integer arithmetic), reloaded when FactStamp moves. A screen is a
handful of vectorised comparisons over ~250,000 rows: count, per-district counts and the first
page come from the same boolean mask. Semantics are those of keqi.policy.libraries (unknown never
fails; bounds inclusive); the SQL twin is keqi.libraries.sql."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np

from keqi.core import shelf
from keqi.libraries import facts
from keqi.libraries.models import ReportFact
from keqi.policy import libraries as policy

MISSING = np.iinfo(np.int64).min
MONEY_SCALE = 10_000  # 0.0001 万元 = 1 元
MONEY_CAP = 10**9 * MONEY_SCALE  # 10^9 万元: larger figures are clipped (keeps products inside int64)
PCT_SCALE = 100  # percentages carry 2 places
SORTS = {
    "name": "企业名称",
    "-operating_revenue": "营业收入从高到低",
    "-established": "成立日期从新到旧",
}


def _scale(name: str) -> int:
    return MONEY_SCALE if policy.FACT_FIELDS[name][2] == "money" else 1


def _to_int(value, scale: int) -> int:
    if value is None:
        return MISSING
    scaled = int(Decimal(value) * scale)
    return max(-MONEY_CAP, min(MONEY_CAP, scaled))


@dataclass
class Columns:
    year: int
    version: int
    fact_ids: np.ndarray
    enterprise_ids: np.ndarray
    region_index: np.ndarray  # into region_paths
    zone_index: np.ndarray  # into zone_paths; -1 none
    region_paths: list[str]
    region_ids: list[int]
    zone_paths: list[str]
    values: dict[str, np.ndarray]
    name_rank: np.ndarray
    established: np.ndarray  # date ordinal or MISSING
    first_year: np.ndarray  # 0 = never
    haystack: str  # "name\tuscc\n" per row, for substring search
    starts: np.ndarray
    sort_keys: dict = field(default_factory=dict)  # built once per load

    def __len__(self) -> int:
        return len(self.fact_ids)


_cache = shelf.Shelf("library-columns")  # year → Columns


def load(year: int, version: int) -> Columns:
    names = policy.screened_fields()
    rows = list(
        ReportFact.objects.filter(year=year)
        .order_by("id")
        .values_list(
            "id", "enterprise_id", "region_id", "region_path", "zone_path", "name", "uscc", "established_date",
            "growth_first_year", *names,
        )
    )  # fmt: skip
    count = len(rows)
    region_lookup: dict[str, int] = {}
    region_ids: list[int] = []
    zone_lookup: dict[str, int] = {}
    region_index = np.empty(count, dtype=np.int32)
    zone_index = np.empty(count, dtype=np.int32)
    established = np.empty(count, dtype=np.int64)
    first_year = np.zeros(count, dtype=np.int32)
    for i, row in enumerate(rows):
        path = row[3]
        if path not in region_lookup:
            region_lookup[path] = len(region_lookup)
            region_ids.append(row[2])
        region_index[i] = region_lookup[path]
        zone_index[i] = zone_lookup.setdefault(row[4], len(zone_lookup)) if row[4] else -1
        established[i] = row[7].toordinal() if row[7] else MISSING
        first_year[i] = row[8] or 0
    values = {}
    for offset, name in enumerate(names, start=9):
        scale = _scale(name)
        values[name] = np.fromiter((_to_int(row[offset], scale) for row in rows), dtype=np.int64, count=count)
    order = sorted(range(count), key=lambda i: (rows[i][5], rows[i][0]))
    name_rank = np.empty(count, dtype=np.int64)
    name_rank[order] = np.arange(count)
    parts = [f"{row[5]}\t{row[6]}\n" for row in rows]
    starts = np.zeros(count, dtype=np.int64)
    if count:
        starts[1:] = np.cumsum([len(p) for p in parts])[:-1]
    return Columns(
        year=year,
        version=version,
        fact_ids=np.fromiter((r[0] for r in rows), dtype=np.int64, count=count),
        enterprise_ids=np.fromiter((r[1] for r in rows), dtype=np.int64, count=count),
        region_index=region_index,
        zone_index=zone_index,
        region_paths=list(region_lookup),
        region_ids=region_ids,
        zone_paths=list(zone_lookup),
        values=values,
        name_rank=name_rank,
        established=established,
        first_year=first_year,
        haystack="".join(parts),
        starts=starts,
    )


def columns(year: int) -> Columns:
    """The year's columns, current with the fact table. After a change (an approval), a copy at
    most KEQI_LIBRARY_MAX_STALE seconds behind keeps serving while one thread reloads it, so a
    review rush does not make every library request pay a reload; older copies reload inline
    (keqi.core.shelf)."""
    version = facts.stamp()
    return _cache.get(year, version, lambda: load(year, version))


# Conditions → masks ------------------------------------------------------------------------------


def _pct(value: Decimal) -> int:
    return int(value * PCT_SCALE)


def check_masks(check: policy.Check, cols: Columns, values: dict[str, Decimal]) -> tuple[np.ndarray, np.ndarray]:
    """(fails, unknown) for one check over every row."""
    v = cols.values
    if check.kind in ("min", "max"):
        a = v[check.fields[0]]
        known = a != MISSING
        p = _to_int(values[check.params[0].key], _scale(check.fields[0]))
        ok = a >= p if check.kind == "min" else a <= p
        return known & ~ok, ~known
    if check.kind in ("ratio_min", "tiered_ratio_min", "growth_min"):
        a, b = v[check.fields[0]], v[check.fields[1]]
        known = (a != MISSING) & (b != MISSING) & (b > 0)
        if check.kind == "ratio_min":
            threshold = np.int64(_pct(values[check.params[0].key]))
            ok = a * (100 * PCT_SCALE) >= threshold * b
        elif check.kind == "growth_min":
            threshold = np.int64(100 * PCT_SCALE + _pct(values[check.params[0].key]))
            ok = a * (100 * PCT_SCALE) >= threshold * b
        else:
            basis = v[check.fields[2]]
            known &= basis != MISSING
            scale = _scale(check.fields[2])
            tiers = [basis <= int(bound * scale) for bound in check.bounds]
            chosen = np.select(
                tiers, [_pct(values[p.key]) for p in check.params[:-1]], _pct(values[check.params[-1].key])
            )
            ok = a * (100 * PCT_SCALE) >= chosen.astype(np.int64) * b
        return known & ~ok, ~known
    if check.kind == "flag":
        a = v[check.fields[0]]
        known = a != MISSING
        return known & (a != check.expected), ~known
    raise ValueError(check.kind)


def condition_masks(conditions, cols: Columns, values) -> tuple[np.ndarray, np.ndarray]:
    """(any condition fails, some condition unknown and none fails) per row."""
    fails = np.zeros(len(cols), dtype=bool)
    unknown = np.zeros(len(cols), dtype=bool)
    for condition in conditions:
        for check in condition.checks:
            f, u = check_masks(check, cols, values)
            fails |= f
            unknown |= u
    return fails, unknown & ~fails


# Scope and list filters ----------------------------------------------------------------------------


def scope_mask(cols: Columns, path: str) -> np.ndarray:
    """Rows registered, or located by zone, under the region path ("" = everything)."""
    if not path:
        return np.ones(len(cols), dtype=bool)
    regions = np.array([p.startswith(path) for p in cols.region_paths] or [False], dtype=bool)
    zones = np.array([p.startswith(path) for p in cols.zone_paths] + [False], dtype=bool)
    return regions[cols.region_index] | zones[cols.zone_index]  # zone_index -1 reads the False


def search_mask(cols: Columns, keyword: str) -> np.ndarray:
    """Rows whose name or USCC contains the keyword (USCC compared in upper case)."""
    found = np.zeros(len(cols), dtype=bool)
    needles = {keyword, keyword.upper()}
    hits = []
    for needle in needles:
        at = cols.haystack.find(needle)
        while at != -1:
            hits.append(at)
            at = cols.haystack.find(needle, at + 1)
    if hits:
        rows = np.searchsorted(cols.starts, np.array(hits, dtype=np.int64), side="right") - 1
        found[rows] = True
    return found


@dataclass
class Query:
    library: policy.Library
    year: int
    values: dict[str, Decimal]
    scope_path: str
    q: str = ""
    established_from: date | None = None
    established_to: date | None = None
    first_year: int | None = None
    region_path: str = ""  # a district the officer picked
    sort: str = "name"
    include: str = ""  # "" every member | "pass" all conditions met | "unknown" needs information
    page: int = 1
    per_page: int = 20


@dataclass
class Result:
    total: int
    fact_ids: list[int]
    district_counts: list[tuple[int, int]]  # (region id, count), largest first
    unknown_count: int = 0
    pages: int = 1
    page: int = 1
    extra: dict = field(default_factory=dict)


def mask(query: Query, cols: Columns) -> tuple[np.ndarray, np.ndarray]:
    selected = scope_mask(cols, query.scope_path)
    if query.region_path:
        selected &= scope_mask(cols, query.region_path)
    if query.q:
        selected &= search_mask(cols, query.q)
    if query.established_from:
        selected &= (cols.established != MISSING) & (cols.established >= query.established_from.toordinal())
    if query.established_to:
        selected &= (cols.established != MISSING) & (cols.established <= query.established_to.toordinal())
    if query.first_year:
        selected &= cols.first_year == query.first_year
    fails, unknown = condition_masks(query.library.conditions, cols, query.values)
    members = selected & ~fails
    if query.include == "pass":
        members &= ~unknown
    elif query.include == "unknown":
        members &= unknown
    return members, members & unknown


def run(query: Query, cols: Columns | None = None) -> Result:
    """Count, per-district counts and one page of fact ids."""
    cols = cols if cols is not None else columns(query.year)
    members, unknown = mask(query, cols)
    rows = np.flatnonzero(members)
    total = int(rows.size)
    per_district = np.bincount(cols.region_index[rows], minlength=len(cols.region_paths)) if total else []
    district_counts = sorted(
        ((cols.region_ids[i], int(n)) for i, n in enumerate(per_district) if n),
        key=lambda item: -item[1],
    )
    pages = max(1, -(-total // query.per_page))
    page = min(max(1, query.page), pages)
    end = page * query.per_page
    if total:
        key = sort_key(query.sort, cols)[rows]
        if end < total:
            part = np.argpartition(key, end - 1)[:end]
            ordered = part[np.argsort(key[part], kind="stable")]
        else:
            ordered = np.argsort(key, kind="stable")
        page_rows = rows[ordered[end - query.per_page : end]]
    else:
        page_rows = rows
    return Result(
        total=total,
        fact_ids=[int(i) for i in cols.fact_ids[page_rows]],
        district_counts=district_counts,
        unknown_count=int(np.count_nonzero(unknown)),
        pages=pages,
        page=page,
    )


def sort_key(sort: str, cols: Columns) -> np.ndarray:
    """Ascending keys with the name rank as a tie-break (unique, so pages never overlap)."""
    count = len(cols)
    if sort == "-operating_revenue":
        revenue = cols.values["operating_revenue"]
        # missing revenue last; ties by name: rank within 2^21 rows per value step
        primary = np.where(revenue == MISSING, np.iinfo(np.int64).max, -revenue)
        return _cached(cols, sort, lambda: _combine(primary, cols.name_rank, count))
    if sort == "-established":
        primary = np.where(cols.established == MISSING, np.iinfo(np.int64).max, -cols.established)
        return _cached(cols, sort, lambda: _combine(primary, cols.name_rank, count))
    return cols.name_rank


def _cached(cols: Columns, name: str, build) -> np.ndarray:
    if name not in cols.sort_keys:
        cols.sort_keys[name] = build()
    return cols.sort_keys[name]


def _combine(primary: np.ndarray, rank: np.ndarray, count: int) -> np.ndarray:
    """One int64 key: the primary key's dense rank, then the name rank."""
    order = np.lexsort((rank, primary))
    key = np.empty(count, dtype=np.int64)
    key[order] = np.arange(count)
    return key


def all_ids(query: Query, cols: Columns | None = None) -> list[int]:
    """Every member's fact id in the list's order (exports, outreach)."""
    cols = cols if cols is not None else columns(query.year)
    members, _ = mask(query, cols)
    rows = np.flatnonzero(members)
    ordered = rows[np.argsort(sort_key(query.sort, cols)[rows], kind="stable")]
    return [int(i) for i in cols.fact_ids[ordered]]
