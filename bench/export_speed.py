"""Export speed and memory at scale (issue 5, P10): our export vs plain XlsxWriter, side by side.

    .venv/bin/python bench/export_speed.py [--rows 100000] [--verify]

Runs against the database named by DATABASE_URL / KEQI_VAR_DIR (filled by bench/generate.py),
as a platform administrator so that the whole table is in scope. Each measurement runs in its
own child process, which reports its wall time and its peak resident memory (VmHWM):

- ours: the export path of the platform (keqi.exports: scoped filtered query, dictionary
  translation, masking, typed cells) writing with the default writer — query included;
- ours-xlsxwriter: the same path with the pure-Python fallback writer;
- xlsxwriter-only: plain XlsxWriter (constant_memory) writing the same rows, which the child
  reads into memory first, untimed — the time is the write alone.

Both files are read back with openpyxl and compared (first 2,000 rows and the row count, or
every row with --verify).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keqi.settings")

FIELDS = [
    "name", "uscc", "region", "industry_section", "industry", "registration_type", "legal_representative",
    "established_date", "registered_capital", "tax_collection_method", "high_tech_field", "address", "employees",
    "tech_staff", "rd_staff", "graduates", "review_status", "stored", "contact_name", "contact_mobile",
]  # fmt: skip


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(mode: str, path: str, rows_limit: int) -> None:
    import django

    django.setup()
    from django.db import connection

    from keqi.accounts.models import Role, User
    from keqi.exports import datasets, services, writers

    admin, _ = User.objects.get_or_create(username="bench_admin", defaults={"role": Role.ADMIN, "is_superuser": True})
    dataset = datasets.ENTERPRISES
    columns = services.pick_columns(dataset, FIELDS)
    spec = [(c.header, c.kind) for c in columns]
    baseline = peak_rss_mb()
    if mode == "xlsxwriter-only":
        queryset = datasets.queryset_for(dataset, admin, {}, FIELDS)[:rows_limit]
        data = [tuple(row) for row in datasets.rows(dataset, admin, queryset, columns)]
        started = time.perf_counter()
        written = writers.write_xlsxwriter(path, spec, data, writers.SHEET_NAME)
    else:
        writer = "xlsxwriter" if mode == "ours-xlsxwriter" else writers.DEFAULT_WRITER
        started = time.perf_counter()
        queryset = datasets.queryset_for(dataset, admin, {}, FIELDS)[:rows_limit]
        written = writers.write_xlsx(
            path, columns=spec, rows=datasets.rows(dataset, admin, queryset, columns), writer=writer
        )
    elapsed = time.perf_counter() - started
    print(
        json.dumps(
            {
                "mode": mode,
                "db": connection.vendor,
                "rows": written,
                "fields": len(columns),
                "seconds": round(elapsed, 2),
                "peak_rss_mb": round(peak_rss_mb(), 1),
                "rss_before_mb": round(baseline, 1),
                "file_mb": round(Path(path).stat().st_size / 1e6, 1),
                "writer": "xlsxwriter" if mode != "ours" else writers.DEFAULT_WRITER,
            }
        )
    )


def run(mode: str, path: str, rows: int) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--path", path, "--rows", str(rows)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def compare(a: str, b: str, full: bool) -> str:
    import openpyxl

    sheets = [openpyxl.load_workbook(p, read_only=True).active for p in (a, b)]
    limit = None if full else 2001
    left = list(sheets[0].iter_rows(values_only=True, max_row=limit))
    right = list(sheets[1].iter_rows(values_only=True, max_row=limit))
    if left != right:
        for index, (x, y) in enumerate(zip(left, right, strict=False)):
            if x != y:
                return f"DIFFERENT at row {index + 1}: {x} != {y}"
        return "DIFFERENT lengths"
    counts = [s.max_row for s in sheets]
    if counts[0] != counts[1]:
        return f"DIFFERENT row counts {counts}"
    return f"identical ({'all' if full else 'first 2,000'} rows compared, {counts[0] - 1:,} data rows each)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--verify", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--path")
    parser.add_argument("--skip-fallback", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.path, args.rows)
        return
    folder = Path(tempfile.mkdtemp(prefix="keqi-export-bench-"))
    modes = ["xlsxwriter-only", "ours"] + ([] if args.skip_fallback else ["ours-xlsxwriter"])
    results = {mode: run(mode, str(folder / f"{mode}.xlsx"), args.rows) for mode in modes}
    for result in results.values():
        print(
            f"{result['mode']:<16} {result['db']:<10} {result['rows']:>8,} rows × {result['fields']} fields  "
            f"{result['seconds']:7.2f} s  peak RSS {result['peak_rss_mb']:6.1f} MB  file {result['file_mb']} MB"
        )
    ratio = results["ours"]["seconds"] / results["xlsxwriter-only"]["seconds"]
    print(f"ours / xlsxwriter-only = {ratio:.3f}  (target ≤ 0.25)")
    print("content:", compare(str(folder / "ours.xlsx"), str(folder / "xlsxwriter-only.xlsx"), args.verify))


if __name__ == "__main__":
    main()
