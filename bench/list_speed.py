"""Server time of the officers' lists at scale (issue 5, S2.2): every filter combination, and
count + first page of a fuzzy search; then the custom query page (S2.9).

    .venv/bin/python bench/list_speed.py [--repeat R] [--user bench_cq_city]

Runs against the database named by DATABASE_URL / KEQI_VAR_DIR, filled by bench/generate.py.
Each request goes through the whole Django stack in-process (middleware, session, scope,
queries, template) with the test client, so the time is server time without the network.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keqi.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from keqi.accounts.models import User  # noqa: E402

YEAR = timezone.localdate().year
FILTERS = {
    "review_status": "pending",
    "storage": "yes",
    "region": "500106",
    "industry": "C",
    "year": "2018",
    "qualification": "high_tech",
    "q": "科技",
}
SORTS = ["id", "name", "-established_date", "-registered_capital"]
SEARCHES = ["创新", "智联精工", "软件有限公司", "915001", "MA", "不存在的企业名称"]


def timed(client: Client, url: str, params: dict) -> float:
    started = time.perf_counter()
    response = client.get(url, params)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, params, response.status_code)
    return elapsed


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--user", default="bench_cq_city")
    args = parser.parse_args()
    user = User.objects.get(username=args.user)
    client = Client()
    client.force_login(user)
    print(f"database: {connection.vendor}, user: {user.username} ({user.region}), enterprises in scope:", end=" ")
    print(client.get("/api/v1/enterprises").json()["count"])
    timed(client, "/enterprise/list/", {})  # warm up
    per_combo = []
    all_times = []
    names = list(FILTERS)
    for size in range(len(names) + 1):
        for combo in itertools.combinations(names, size):
            params = {name: FILTERS[name] for name in combo}
            if "storage" in params:
                params["storage_year"] = str(YEAR)
            times = []
            for repeat in range(args.repeat):
                params["sort"] = SORTS[repeat % len(SORTS)]
                times.append(timed(client, "/enterprise/list/", params))
            all_times.extend(times)
            per_combo.append((statistics.median(times), combo))
    per_combo.sort(reverse=True)
    print(f"list page, {len(per_combo)} filter combinations × {args.repeat} (sorts rotated):")
    print(f"  p50 {pct(all_times, 0.5):.1f} ms  p95 {pct(all_times, 0.95):.1f} ms  max {max(all_times):.1f} ms")
    print("  slowest combinations by p50:")
    for median, combo in per_combo[:5]:
        print(f"    {median:7.1f} ms  {'+'.join(combo) or '(none)'}")
    # deep page
    deep = [timed(client, "/enterprise/list/", {"page": "1000"}) for _ in range(args.repeat)]
    print(f"  page 1000 of the unfiltered list: p50 {statistics.median(deep):.1f} ms")
    print("fuzzy search, count + first page (list page and API):")
    search_times = []
    for keyword in SEARCHES:
        page = [timed(client, "/enterprise/list/", {"q": keyword}) for _ in range(args.repeat)]
        api = [timed(client, "/api/v1/enterprises", {"q": keyword}) for _ in range(args.repeat)]
        search_times.extend(page + api)
        print(f"  {keyword:<12} page p50 {statistics.median(page):6.1f} ms   api p50 {statistics.median(api):6.1f} ms")
    print(
        f"  all searches: p50 {pct(search_times, 0.5):.1f} ms  p95 {pct(search_times, 0.95):.1f} ms  max {max(search_times):.1f} ms"
    )
    print("custom query (S2.9), count + first page:")
    for params in ({}, {"q": "科技"}, {"year": str(YEAR - 1)}, {"q": "科技", "year": str(YEAR - 1)}):
        times = [timed(client, "/reports/custom-query/", params) for _ in range(args.repeat)]
        label = "&".join(f"{k}={v}" for k, v in params.items()) or "(none)"
        print(f"  {label:<22} p50 {statistics.median(times):6.1f} ms  max {max(times):6.1f} ms")


if __name__ == "__main__":
    main()
