"""Server time of the annual report's officer lists at scale (issue 12 Speed: "the review queue and
the query list keep the < 150 ms p50 of the enterprise list"), as the city officer (widest scope).

    .venv/bin/python bench/series_speed.py [--repeat R] [--user bench_cq_city]

Against the database bench/generate.py filled (250,000 enterprises × 4 years of reports). Each
request goes through the whole Django stack in-process with the test client (server time).
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

from keqi.accounts.models import User  # noqa: E402
from keqi.declarations.models import Submission  # noqa: E402

SERIES = "chongqing-annual-report"
FILTERS = {"year": "2024", "status": "approved", "q": "科技"}
SEARCHES = ["创新", "软件有限公司", "915001", "不存在的企业名称"]


def timed(client: Client, url: str, params: dict) -> float:
    started = time.perf_counter()
    response = client.get(url, params)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, params, response.status_code)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--user", default="bench_cq_city")
    args = parser.parse_args()
    user = User.objects.get(username=args.user)
    client = Client()
    client.force_login(user)
    reports = Submission.objects.filter(program__series=SERIES).count()
    print(f"database: {connection.vendor}, user: {user.username} ({user.region}), annual reports: {reports:,}")
    for name in ("query", "review"):
        url = f"/declarations/series/{SERIES}/{name}/"
        timed(client, url, {})  # warm up
        rows = []
        every = []
        for size in range(len(FILTERS) + 1):
            for combo in itertools.combinations(FILTERS, size):
                params = {key: FILTERS[key] for key in combo}
                times = [timed(client, url, params) for _ in range(args.repeat)]
                every += times
                rows.append((statistics.median(times), "+".join(combo) or "(none)"))
        deep = [timed(client, url, {"page": "1000"}) for _ in range(args.repeat)]
        searches = [timed(client, url, {"q": word}) for word in SEARCHES for _ in range(args.repeat)]
        every.sort()
        print(f"{name}: p50 {statistics.median(every):.1f} ms, p95 {every[int(0.95 * (len(every) - 1))]:.1f} ms")
        for median, label in sorted(rows, reverse=True)[:4]:
            print(f"  {median:7.1f} ms  {label}")
        print(f"  page 1000: p50 {statistics.median(deep):.1f} ms; searches p50 {statistics.median(searches):.1f} ms")


if __name__ == "__main__":
    main()
