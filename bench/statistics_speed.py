"""Statistics tables at scale vs DuckDB (issue 12 Speed): 区县入库企业情况统计表 (4 tabs) and
区县科技型企业年报统计表 (3 tabs) for the city officer (the widest scope), every report year,
server time of the table function, and the same aggregation of the same fact rows in DuckDB.

    .venv/bin/python bench/statistics_speed.py [--repeat 5] [--year 2025 ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from library_speed import export_to_duckdb, percentile

from keqi.accounts.models import User
from keqi.reports import statistics

DUCK = {
    "annual": "SELECT region_id, count(*), {sums} FROM facts WHERE year = {year} AND starts_with(region_path, '{path}') "
    "GROUP BY region_id",
    "category": "SELECT region_id, {column}, count(*) FROM facts WHERE year = {year} AND starts_with(region_path, "
    "'{path}') GROUP BY region_id, {column}",
    "reports": "SELECT region_id, count(*), count(*) FILTER (WHERE above_scale = 1) FROM facts WHERE year = {year} "
    "AND starts_with(region_path, '{path}') GROUP BY region_id",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--year", type=int, action="append", help="only these years (default: every year)")
    args = parser.parse_args()
    con = export_to_duckdb()
    officer = User.objects.get(username="bench_cq_city")
    path = officer.region.path
    print(f"{'table':<34}{'year':>6}{'ours p50':>11}{'max':>9}{'DuckDB p50':>12}{'ratio':>8}")
    for year in args.year or statistics.years():
        for kind, tab, fn in [
            *[("enterprise", t, statistics.enterprise_table) for t in statistics.ENTERPRISE_TABS],
            *[("annual", t, statistics.annual_table) for t in statistics.ANNUAL_TABS],
        ]:
            ours, duck = [], []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                table = fn(officer, year, tab)
                ours.append((time.perf_counter() - t0) * 1000)
                if kind == "annual":
                    sums = ", ".join(f"sum({c[0]})" for c in statistics.ANNUAL_TABS[tab][1])
                    sql = DUCK["annual"].format(sums=sums, year=year, path=path)
                elif tab in statistics.CATEGORY_FIELDS:
                    sql = DUCK["category"].format(column=statistics.CATEGORY_FIELDS[tab], year=year, path=path)
                else:
                    sql = DUCK["reports"].format(year=year, path=path)
                t1 = time.perf_counter()
                con.execute(sql).fetchall()
                duck.append((time.perf_counter() - t1) * 1000)
            name = (
                table.title.split("（")[0]
                + "·"
                + (statistics.ENTERPRISE_TABS.get(tab) or statistics.ANNUAL_TABS[tab][0])
            )
            p50, d50 = percentile(ours, 0.5), percentile(duck, 0.5)
            print(f"{name:<30}{year:>6}{p50:>9.1f}ms{max(ours):>7.0f}ms{d50:>10.1f}ms{p50 / d50:>7.1f}×")


if __name__ == "__main__":
    main()
