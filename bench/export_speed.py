"""Export speed and memory at scale (issue 5, P10): our export vs plain XlsxWriter, side by side.

    .venv/bin/python bench/export_speed.py [--rows 100000] [--verify] [--dataset KEY --params JSON]

Runs against the database named by DATABASE_URL / KEQI_VAR_DIR (filled by bench/generate.py),
as a platform administrator so that the whole table is in scope. Each measurement runs in its
own child process, which reports its wall time and its peak resident memory (VmHWM):

- ours: the background export's path (keqi.exports.services.write_file: scoped filtered
  query, dictionary translation, masking, typed cells, default writer), with the rows read
  in a forked child while this process writes — query included; the child's peak memory is
  reported beside the parent's;
- ours-inline: the same path with reading and writing in one process;
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
import resource
import subprocess
import sys
import tempfile
import threading
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


def pss_mb(pid: int | str = "self") -> float:
    """Proportional set size: shared pages split between the processes that map them."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


class PssSampler(threading.Thread):
    """Samples this process's PSS plus its children's every 100 ms and keeps the peak: the
    memory a forked reader and its parent really take together (RSS counts shared pages twice)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0.0
        self.running = True

    def run(self):
        import multiprocessing

        while self.running:
            total = pss_mb() + sum(pss_mb(child.pid) for child in multiprocessing.active_children())
            self.peak = max(self.peak, total)
            time.sleep(0.1)


def child(mode: str, path: str, rows_limit: int, dataset_key: str = "enterprises", params: dict | None = None) -> None:
    import django

    django.setup()
    from django.db import connection

    from keqi.accounts.models import Role, User
    from keqi.exports import datasets, services, writers

    admin, _ = User.objects.get_or_create(username="bench_admin", defaults={"role": Role.ADMIN, "is_superuser": True})
    dataset = datasets.get(dataset_key)
    params = params or {}
    fields = FIELDS if dataset_key == "enterprises" else dataset.default_fields
    columns = services.pick_columns(dataset, fields)
    spec = [(c.header, c.kind) for c in columns]
    baseline = peak_rss_mb()
    sampler = None
    if mode == "xlsxwriter-only":
        queryset = datasets.queryset_for(dataset, admin, params, fields)[:rows_limit]
        data = [tuple(row) for row in datasets.rows(dataset, admin, queryset, columns)]
        started = time.perf_counter()
        written = writers.write_xlsxwriter(path, spec, data, writers.SHEET_NAME)
    elif mode == "ours-xlsxwriter":
        started = time.perf_counter()
        queryset = datasets.queryset_for(dataset, admin, params, fields)[:rows_limit]
        written = writers.write_xlsx(
            path, columns=spec, rows=datasets.rows(dataset, admin, queryset, columns), writer="xlsxwriter"
        )
    else:
        sampler = PssSampler() if mode == "ours" else None
        if sampler is not None:
            sampler.start()
        # The background export's path (services.write_file): "ours" reads the rows in a
        # forked child while this process writes; "ours-inline" does both in this process.
        started = time.perf_counter()
        queryset = datasets.queryset_for(dataset, admin, params, fields)[:rows_limit]
        written = services.write_file(
            path, dataset=dataset, user=admin, queryset=queryset, columns=columns, in_child=mode == "ours"
        )
    elapsed = time.perf_counter() - started
    if sampler is not None:
        sampler.running = False
        sampler.join()
    print(
        json.dumps(
            {
                "mode": mode,
                "db": connection.vendor,
                "rows": written,
                "fields": len(columns),
                "seconds": round(elapsed, 2),
                "peak_rss_mb": round(peak_rss_mb(), 1),
                # the forked row reader's own peak (ru_maxrss of waited-for children, in KiB)
                "child_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
                "peak_pss_total_mb": round(sampler.peak, 1) if sampler is not None else None,
                "rss_before_mb": round(baseline, 1),
                "file_mb": round(Path(path).stat().st_size / 1e6, 1),
                "writer": writers.DEFAULT_WRITER if mode in ("ours", "ours-inline") else "xlsxwriter",
            }
        )
    )


EXTRA: list[str] = []


def run(mode: str, path: str, rows: int) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--path", path, "--rows", str(rows), *EXTRA],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def compare(a: str, b: str, full: bool) -> str:
    import openpyxl

    sheets = [openpyxl.load_workbook(p, read_only=True).active for p in (a, b)]
    limit = None if full else 2001
    right = list(sheets[1].iter_rows(values_only=True, max_row=limit))
    # ours writes title rows (what, which filters, when) above the header: compare from the header
    ours = sheets[0].iter_rows(values_only=True)
    # and a 序号 column before the fields
    titles = 0
    for row in ours:
        if right and (row == right[0] or row[1:] == right[0]):
            break
        titles += 1
    left = list(sheets[0].iter_rows(values_only=True, min_row=titles + 1, max_row=None if full else titles + 2001))
    if left and right and left[0][0] == "序号" and right[0][0] != "序号":
        left = [row[1:] for row in left]
    if left != right:
        for index, (x, y) in enumerate(zip(left, right, strict=False)):
            if x != y:
                return f"DIFFERENT at row {index + 1}: {x} != {y}"
        return "DIFFERENT lengths"
    counts = [sheets[0].max_row - titles, sheets[1].max_row]
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
    parser.add_argument("--dataset", default="enterprises", help="e.g. library:tech-sme-reserve (all default fields)")
    parser.add_argument("--params", default="{}", help='the list\'s filters as JSON, e.g. \'{"year": "2025"}\'')
    args = parser.parse_args()
    EXTRA[:] = ["--dataset", args.dataset, "--params", args.params]
    if args.child:
        child(args.child, args.path, args.rows, args.dataset, json.loads(args.params))
        return
    folder = Path(tempfile.mkdtemp(prefix="keqi-export-bench-"))
    modes = ["xlsxwriter-only", "ours", "ours-inline"] + ([] if args.skip_fallback else ["ours-xlsxwriter"])
    results = {mode: run(mode, str(folder / f"{mode}.xlsx"), args.rows) for mode in modes}
    for result in results.values():
        print(
            f"{result['mode']:<16} {result['db']:<10} {result['rows']:>8,} rows × {result['fields']} fields  "
            f"{result['seconds']:7.2f} s  peak RSS {result['peak_rss_mb']:6.1f} MB"
            + (
                f" + reader {result['child_peak_rss_mb']:.1f} MB (together, PSS: {result['peak_pss_total_mb']:.1f} MB)"
                if result["mode"] == "ours"
                else ""
            )
            + f"  file {result['file_mb']} MB"
        )
    ratio = results["ours"]["seconds"] / results["xlsxwriter-only"]["seconds"]
    print(f"ours / xlsxwriter-only = {ratio:.3f}  (target ≤ 0.25)")
    print("content:", compare(str(folder / "ours.xlsx"), str(folder / "xlsxwriter-only.xlsx"), args.verify))


if __name__ == "__main__":
    main()
