"""Library screens at scale vs DuckDB over the same rows, side by side in one run (issue 13 Speed).

    .venv/bin/python bench/library_speed.py [--sets 120] [--year 2025] [--sql 20]

Needs a database filled by `bench/generate.py` (annual reports included). For each of N random
parameter sets (a random screen library, every settable value drawn around its default, the
city officer's or a district officer's scope, sometimes a search word, a random sort) it times
what the list page computes — count + first page (20 rows read from the database) + per-district
counts — through the read path (keqi.libraries.screen: the year's facts as numpy columns, the
FactStamp check included), and the same three answers from DuckDB over the same fact rows (all
four years, exported once to an in-memory DuckDB table). `--sql N` also times N sets through the
plain SQL twin (keqi.libraries.sql) for the record. Prints p50/p95 and the ratio."""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keqi.settings")
os.environ.setdefault("KEQI_DEBUG", "1")

import django

django.setup()

import duckdb  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402

from keqi.libraries import screen, sql  # noqa: E402
from keqi.libraries.models import ReportFact  # noqa: E402
from keqi.policy import libraries as policy  # noqa: E402
from keqi.reference.models import Region  # noqa: E402

IDENTITY = ["id", "enterprise_id", "year", "region_id", "region_path", "zone_path", "name", "uscc", "scale", "sector",
            "high_tech_field"]  # fmt: skip
FIELDS = list(policy.FACT_FIELDS)


def export_to_duckdb() -> duckdb.DuckDBPyConnection:
    """The fact table, every year, into an in-memory DuckDB (typed: DECIMAL money, BIGINT counts)."""
    started = time.perf_counter()
    handle, path = tempfile.mkstemp(suffix=".csv")
    os.close(handle)
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(IDENTITY + FIELDS)
        for row in ReportFact.objects.order_by("id").values_list(*IDENTITY, *FIELDS).iterator(chunk_size=20_000):
            writer.writerow(["" if v is None else v for v in row])
    con = duckdb.connect()
    types = {
        "id": "BIGINT", "enterprise_id": "BIGINT", "year": "INTEGER", "region_id": "BIGINT", "region_path": "VARCHAR",
        "zone_path": "VARCHAR", "name": "VARCHAR", "uscc": "VARCHAR", "scale": "VARCHAR", "sector": "VARCHAR",
        "high_tech_field": "VARCHAR",
    }  # fmt: skip
    for name, (_label, _unit, kind) in policy.FACT_FIELDS.items():
        types[name] = "DECIMAL(20,4)" if kind == "money" else "BIGINT"
    columns = "{" + ", ".join(f"'{k}': '{v}'" for k, v in types.items()) + "}"
    con.execute(f"CREATE TABLE facts AS SELECT * FROM read_csv('{path}', header=true, columns={columns})")
    os.unlink(path)
    count = con.execute("SELECT count(*) FROM facts").fetchone()[0]
    print(f"DuckDB: {count:,} fact rows exported in {time.perf_counter() - started:.1f} s")
    return con


def duck_check(check: policy.Check, values) -> str:
    """The check's "does not fail" as DuckDB SQL (same semantics as keqi.libraries.sql)."""

    def lit(value: Decimal) -> str:
        return format(value, "f")

    if check.kind in ("min", "max"):
        name = check.fields[0]
        sign = ">=" if check.kind == "min" else "<="
        return f"({name} IS NULL OR {name} {sign} {lit(values[check.params[0].key])})"
    if check.kind == "flag":
        name = check.fields[0]
        return f"({name} IS NULL OR {name} = {check.expected})"
    num, den = check.fields[0], check.fields[1]
    unknown = f"{num} IS NULL OR {den} IS NULL OR {den} <= 0"
    if check.kind == "ratio_min":
        return f"({unknown} OR {num} * 100 >= {den} * {lit(values[check.params[0].key])})"
    if check.kind == "growth_min":
        return f"({unknown} OR {num} * 100 >= {den} * {lit(100 + values[check.params[0].key])})"
    basis = check.fields[2]
    small, medium, large = (lit(values[p.key]) for p in check.params)
    low, high = (lit(b) for b in check.bounds)
    pct = f"CASE WHEN {basis} <= {low} THEN {small} WHEN {basis} <= {high} THEN {medium} ELSE {large} END"
    return f"({unknown} OR {basis} IS NULL OR {num} * 100 >= {den} * {pct})"


def duck_where(library, values, year, path, keyword) -> str:
    parts = [f"year = {year}"] + [duck_check(c, values) for cond in library.conditions for c in cond.checks]
    if path:
        parts.append(f"(starts_with(region_path, '{path}') OR starts_with(zone_path, '{path}'))")
    if keyword:
        parts.append(f"(contains(name, '{keyword}') OR contains(uscc, '{keyword.upper()}'))")
    return " AND ".join(parts)


DUCK_ORDER = {"name": "name, id", "-operating_revenue": "operating_revenue DESC NULLS LAST, name, id",
              "-established": "id"}  # fmt: skip


def duck_screen(con, where: str, sort: str):
    total = con.execute(f"SELECT count(*) FROM facts WHERE {where}").fetchone()[0]
    page = con.execute(
        f"SELECT id, name, uscc FROM facts WHERE {where} ORDER BY {DUCK_ORDER[sort]} LIMIT 20"
    ).fetchall()
    districts = con.execute(f"SELECT region_id, count(*) FROM facts WHERE {where} GROUP BY region_id").fetchall()
    return total, page, districts


def random_values(rng: random.Random, library) -> dict[str, Decimal]:
    values = {}
    for param in library.params():
        maximum, places, _unit = param.limits()
        drawn = param.default * Decimal(str(round(rng.uniform(0.5, 1.5), 2)))
        drawn = min(maximum, drawn.quantize(Decimal(1).scaleb(-places)))
        values[param.key] = drawn if library.settable else param.default
    return values


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, default=120)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--sql", type=int, default=0, help="also time N sets through the SQL twin")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"database: {connection.vendor}; facts: {ReportFact.objects.count():,}")
    con = export_to_duckdb()
    started = time.perf_counter()
    screen.columns(args.year)
    print(
        f"read path: {args.year} columns loaded in {time.perf_counter() - started:.1f} s (once per process and change)"
    )
    city = Region.objects.get(code="500000").path
    districts = list(Region.objects.filter(path__startswith=city, level="county").values_list("path", flat=True))
    libraries = [lib for lib in policy.LIBRARIES.values() if lib.kind == "screen"]
    ours, theirs, sql_times = [], [], []
    for number in range(args.sets):
        library = rng.choice(libraries)
        values = random_values(rng, library)
        path = city if rng.random() < 0.6 else rng.choice(districts)
        keyword = rng.choice(["", "", "", "科技", "智能"])
        sort = rng.choice(["name", "name", "-operating_revenue"])
        query = screen.Query(library, args.year, values, path, q=keyword, sort=sort)
        t0 = time.perf_counter()
        result = screen.run(query)
        rows = ReportFact.objects.in_bulk(result.fact_ids)
        t1 = time.perf_counter()
        total, page, per_district = duck_screen(con, duck_where(library, values, args.year, path, keyword), sort)
        t2 = time.perf_counter()
        ours.append((t1 - t0) * 1000)
        theirs.append((t2 - t1) * 1000)
        if total != result.total or sorted(per_district) != sorted(result.district_counts):
            raise SystemExit(f"set {number}: read path {result.total} ≠ DuckDB {total} ({library.key}, {values})")
        if sort == "name" and [r[0] for r in page] != list(result.fact_ids):
            names = [rows[i].name for i in result.fact_ids]
            if names != [r[1] for r in page]:
                raise SystemExit(f"set {number}: first page differs")
        if number < args.sql:
            t3 = time.perf_counter()
            qs = ReportFact.objects.filter(year=args.year).filter(sql.members_q(library, values))
            qs = qs.filter(Q(region_path__startswith=path) | Q(zone_path__startswith=path))
            if keyword:
                qs = qs.filter(Q(name__contains=keyword) | Q(uscc__contains=keyword.upper()))
            sql_total = qs.count()
            list(qs.order_by("name", "id").values_list("id", "name", "uscc")[:20])
            list(qs.values("region_id").annotate(n=Count("id")))
            sql_times.append((time.perf_counter() - t3) * 1000)
            assert sql_total == total
    p50, p95 = percentile(ours, 0.5), percentile(ours, 0.95)
    d50, d95 = percentile(theirs, 0.5), percentile(theirs, 0.95)
    print(f"{args.sets} random parameter sets, count + first page + per-district counts, year {args.year}")
    print(f"  read path : p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   mean {statistics.mean(ours):7.1f} ms")
    print(f"  DuckDB    : p50 {d50:7.1f} ms   p95 {d95:7.1f} ms   mean {statistics.mean(theirs):7.1f} ms")
    print(f"  ratio     : p50 {p50 / d50:5.2f}×   p95 {p95 / d95:5.2f}×   (target ≤ 2×)")
    if sql_times:
        print(f"  SQL twin  : p50 {percentile(sql_times, 0.5):7.1f} ms   p95 {percentile(sql_times, 0.95):7.1f} ms "
              f"({len(sql_times)} sets; not the page's path)")  # fmt: skip


if __name__ == "__main__":
    main()
