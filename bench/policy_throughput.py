"""Throughput of the policy engine on synthetic enterprises (tech_sme and innovative_sme).

    .venv/bin/python bench/policy_throughput.py [N] [--path single|batch|both] [--seed S]

N defaults to 1,000,000 per scheme. Records are generated in chunks (not timed); only the
scoring is timed, on one core (one process, one thread). Two paths are measured:

- single: ``keqi.policy.assess(scheme, record, what_if=False)``, the public per-record path
  (validation, rules, JSON-ready result), one dict per enterprise;
- batch: ``keqi.policy.batch.score_<scheme>(columns)``, the columnar path sharing the tier
  tables, returning totals and verdicts.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from keqi.policy import assess
from keqi.policy.batch import score_innovative_sme, score_tech_sme

CHUNK = 50_000
IP_LEVELS = ("class1_high_value", "class1_self", "class1", "class2", "none")


def _money(rng: random.Random, low_wan: int, high_wan: int) -> Decimal:
    """A random amount in 万元 with 4 decimal places (exact to the yuan)."""
    return Decimal(rng.randint(low_wan * 10_000, high_wan * 10_000)).scaleb(-4)


def tech_sme_columns(rng: random.Random, size: int) -> dict[str, list]:
    columns: dict[str, list] = {
        name: []
        for name in (
            "employees",
            "tech_staff",
            "sales_revenue",
            "cost_total",
            "total_assets",
            "rd_expense",
            "ip_class1",
            "ip_class2",
            "high_tech_valid",
        )
    }
    for _ in range(size):
        employees = rng.randint(8, 4_400)  # eighths of a person: quarterly averages
        columns["employees"].append(Decimal(employees) / 8)
        columns["tech_staff"].append(Decimal(rng.randint(0, employees)) / 8)
        sales = _money(rng, 0, 25_000)
        columns["sales_revenue"].append(sales)
        columns["cost_total"].append(_money(rng, 0, 20_000))
        columns["total_assets"].append(_money(rng, 1, 25_000))
        columns["rd_expense"].append(_money(rng, 0, 1_500))
        columns["ip_class1"].append(1 if rng.random() < 0.2 else 0)
        columns["ip_class2"].append(rng.randint(0, 6))
        columns["high_tech_valid"].append(rng.random() < 0.05)
    return columns


def innovative_columns(rng: random.Random, size: int) -> dict[str, list]:
    columns: dict[str, list] = {
        name: []
        for name in (
            "rd_expense",
            "operating_revenue",
            "main_revenue",
            "main_revenue_y1",
            "total_liabilities",
            "total_assets",
            "ip_level",
            "strategic_emerging",
            "equity_financing_3y",
        )
    }
    for _ in range(size):
        operating = _money(rng, 1, 20_000)
        columns["operating_revenue"].append(operating)
        columns["main_revenue"].append((operating * Decimal(rng.randint(30, 100)) / 100).quantize(Decimal("0.0001")))
        columns["main_revenue_y1"].append(_money(rng, 0, 20_000))
        columns["rd_expense"].append(_money(rng, 0, 1_500))
        columns["total_liabilities"].append(_money(rng, 0, 10_000))
        columns["total_assets"].append(_money(rng, 1, 12_000))
        columns["ip_level"].append(rng.choice(IP_LEVELS))
        columns["strategic_emerging"].append(rng.random() < 0.5)
        columns["equity_financing_3y"].append(_money(rng, 0, 600) if rng.random() < 0.1 else Decimal(0))
    return columns


SCHEMES = {
    "tech_sme": (tech_sme_columns, score_tech_sme),
    "innovative_sme": (innovative_columns, score_innovative_sme),
}


def _records(columns: dict[str, list]) -> list[dict]:
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def measure(scheme: str, path: str, n: int, seed: int) -> tuple[float, int]:
    """Seconds spent scoring ``n`` records and the number qualified."""
    generate, score_batch = SCHEMES[scheme]
    rng = random.Random(f"{seed}-{scheme}")
    elapsed = 0.0
    qualified = 0
    done = 0
    while done < n:
        size = min(CHUNK, n - done)
        columns = generate(rng, size)
        if path == "batch":
            start = time.perf_counter()
            result = score_batch(columns)
            elapsed += time.perf_counter() - start
            qualified += sum(1 for verdict in result["qualified"] if verdict)
        else:
            records = _records(columns)
            start = time.perf_counter()
            results = [assess(scheme, record, what_if=False) for record in records]
            elapsed += time.perf_counter() - start
            qualified += sum(1 for result in results if result["qualified"])
        done += size
    return elapsed, qualified


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=1_000_000, help="records per scheme (default 1,000,000)")
    parser.add_argument("--path", choices=("single", "batch", "both"), default="both")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scheme", choices=(*SCHEMES, "all"), default="all")
    args = parser.parse_args(argv)
    paths = ("single", "batch") if args.path == "both" else (args.path,)
    schemes = tuple(SCHEMES) if args.scheme == "all" else (args.scheme,)
    print(f"python {platform.python_version()} on {platform.machine()}, N = {args.n:,} per scheme, seed {args.seed}")
    for scheme in schemes:
        for path in paths:
            seconds, qualified = measure(scheme, path, args.n, args.seed)
            rate = args.n / seconds if seconds else float("inf")
            print(
                f"{scheme:15s} {path:6s} {args.n:>10,} records in {seconds:8.2f} s = {rate:>10,.0f} records/s"
                f"  ({qualified:,} qualified)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
