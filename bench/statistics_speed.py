"""Statistics tables and charts at scale vs DuckDB (issue 12 Speed): 区县入库企业情况统计表 (4 tabs),
区县科技型企业年报统计表 (3 tabs) and the two 全市概况图 charts for the city officer (the widest
scope), every report year: server time of the table function, and the same aggregation of the
same rows in DuckDB (fact rows, and the enterprise table for 注册企业数/入库科企数, exported once).

    .venv/bin/python bench/statistics_speed.py [--repeat 5] [--year 2025 ...] [--user bench_cq_city]

The tables read per-district tallies kept per process (keqi.reports.tallies, ADR 0026): the
first table of a year after a decision builds them (timed separately as "build"), the rest read
them. Every table is compared cell by cell with DuckDB's answer; the script stops on a difference.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.db import connection
from library_speed import export_to_duckdb, percentile

from keqi.accounts.models import User
from keqi.enterprises.models import Enterprise
from keqi.reference.models import Region
from keqi.reports import charts, statistics, tallies

WHERE = "year = {year} AND starts_with(region_path, '{path}')"
DUCK = {
    "annual": "SELECT region_id, count(*), {sums} FROM facts WHERE " + WHERE + " GROUP BY region_id",
    "category": "SELECT region_id, {column}, count(*) FROM facts WHERE " + WHERE + " GROUP BY region_id, {column}",
    "reports": "SELECT region_id, count(*), count(*) FILTER (WHERE above_scale = 1) FROM facts WHERE " + WHERE
    + " GROUP BY region_id",
    "enterprises": "SELECT region_id, count(*), count(*) FILTER (WHERE review_status = 'approved'), "
    "list(DISTINCT zone_id) FILTER (WHERE zone_id IS NOT NULL) FROM enterprises "
    "WHERE starts_with(region_path, '{path}') GROUP BY region_id",
}  # fmt: skip


def export_enterprises(con) -> None:
    """The enterprise table's columns the tables count, into the same DuckDB."""
    handle, path = tempfile.mkstemp(suffix=".csv")
    os.close(handle)
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "region_id", "zone_id", "review_status", "region_path"])
        rows = Enterprise.objects.order_by("id").values_list(
            "id", "region_id", "zone_id", "review_status", "region_path"
        )
        for row in rows.iterator(chunk_size=20_000):
            writer.writerow(["" if v is None else v for v in row])
    con.execute(
        f"CREATE TABLE enterprises AS SELECT * FROM read_csv('{path}', header=true, columns={{'id': 'BIGINT', "
        "'region_id': 'BIGINT', 'zone_id': 'BIGINT', 'review_status': 'VARCHAR', 'region_path': 'VARCHAR'})"
    )
    os.unlink(path)


def duck_table(con, tab: str, kind: str, year: int, path: str) -> tuple[str, list]:
    if kind == "annual":
        sums = ", ".join(f"sum({c[0]})" for c in statistics.ANNUAL_TABS[tab][1])
        sql = DUCK["annual"].format(sums=sums, year=year, path=path)
    elif tab in statistics.CATEGORY_FIELDS:
        sql = DUCK["category"].format(column=statistics.CATEGORY_FIELDS[tab], year=year, path=path)
    else:
        sql = DUCK["reports"].format(year=year, path=path)
    found = con.execute(sql).fetchall()
    if kind == "enterprise" and tab == "reports":
        found = (found, con.execute(DUCK["enterprises"].format(path=path)).fetchall())
    return sql, found


def expected_rows(con, kind: str, tab: str, year: int, found, regions, zone_names) -> list[list]:
    """The table's cells after 序号 and 区县, from DuckDB's answer."""
    if kind == "annual":
        by = {row[0]: row[1:] for row in found}
        columns = statistics.ANNUAL_TABS[tab][1]
        cells = []
        for region in regions:
            got = by.get(region.pk)
            values = [
                Decimal(0) if got is None or got[i + 1] is None else Decimal(got[i + 1]) for i in range(len(columns))
            ]
            scaled = [v * 10 if money else int(v) for v, (_k, _l, money) in zip(values, columns, strict=True)]
            cells.append([got[0] if got else 0, *scaled])
        return cells
    if tab in statistics.CATEGORY_FIELDS:
        counts = {(r, code): n for r, code, n in found}
        choices = statistics._choices(year, statistics.CATEGORY_FIELDS[tab])
        reported = {}
        for (r, _code), n in counts.items():
            reported[r] = reported.get(r, 0) + n
        return [[*[counts.get((r.pk, v), 0) for v, _l in choices], reported.get(r.pk, 0)] for r in regions]
    reports, people = found
    reports = {row[0]: row[1:] for row in reports}
    people = {row[0]: row[1:] for row in people}
    cells = []
    for region in regions:
        registered, stored, zones = people.get(region.pk, (0, 0, None))
        names = "、".join(sorted({zone_names[z] for z in zones or []})) or statistics.NO_ZONE
        cells.append([names, registered, stored, *reports.get(region.pk, (0, 0))])
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--year", type=int, action="append", help="only these years (default: every year)")
    parser.add_argument("--user", default="bench_cq_city")
    args = parser.parse_args()
    con = export_to_duckdb()
    export_enterprises(con)
    officer = User.objects.get(username=args.user)
    path = officer.region.path
    regions = statistics.districts(officer)
    zone_names = dict(Region.objects.values_list("pk", "name"))
    print(f"database: {connection.vendor}; officer {officer.username} ({officer.region}), {len(regions)} districts")
    started = time.perf_counter()
    tallies.enterprises()
    print(f"build: enterprise tallies {(time.perf_counter() - started) * 1000:.0f} ms (kept ≤ 30 s, rebuilt behind)")
    print(f"{'table':<34}{'year':>6}{'ours p50':>11}{'max':>9}{'DuckDB p50':>12}{'ratio':>8}")
    worst = 0.0
    for year in args.year or statistics.years():
        started = time.perf_counter()
        tallies.for_year(year)
        print(f"build: {year} report tallies {(time.perf_counter() - started) * 1000:.0f} ms (once per decision)")
        for kind, tab, fn in [
            *[("enterprise", t, statistics.enterprise_table) for t in statistics.ENTERPRISE_TABS],
            *[("annual", t, statistics.annual_table) for t in statistics.ANNUAL_TABS],
        ]:
            ours, duck = [], []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                table = fn(officer, year, tab)
                ours.append((time.perf_counter() - t0) * 1000)
                t1 = time.perf_counter()
                _sql, found = duck_table(con, tab, kind, year, path)
                duck.append((time.perf_counter() - t1) * 1000)
            expected = expected_rows(con, kind, tab, year, found, regions, zone_names)
            if [row[2:] for row in table.rows] != expected:
                diff = next((a, b) for a, b in zip(table.rows, expected, strict=True) if a[2:] != b)
                raise SystemExit(f"{table.title}: differs from DuckDB at {diff[0][1]}: {diff[0][2:]} ≠ {diff[1]}")
            name = (
                table.title.split("（")[0]
                + "·"
                + (statistics.ENTERPRISE_TABS.get(tab) or statistics.ANNUAL_TABS[tab][0])
            )
            p50, d50 = percentile(ours, 0.5), percentile(duck, 0.5)
            worst = max(worst, p50 / d50)
            print(f"{name:<30}{year:>6}{p50:>9.1f}ms{max(ours):>7.0f}ms{d50:>10.1f}ms{p50 / d50:>7.2f}×")
        for name, chart in (
            ("区县科技型企业数据统计图", charts.district_chart),
            ("园区科技型企业数量统计图", charts.zone_chart),
        ):
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                chart(officer, year)
                times.append((time.perf_counter() - t0) * 1000)
            print(f"{name:<30}{year:>6}{percentile(times, 0.5):>9.1f}ms{max(times):>7.0f}ms")
    print(f"every table equal to DuckDB cell by cell; worst p50 ratio {worst:.2f}× (target ≤ 3×, < 500 ms)")


if __name__ == "__main__":
    main()
