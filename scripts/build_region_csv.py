"""Build keqi/reference/data/regions_gbt2260.csv from python-stdnum's bundled GB/T 2260 table.

python-stdnum keeps every county code with the years it was in use ("[1997-]万州区");
only the codes still in use are written. Run again when python-stdnum publishes new data.
"""

import csv
import re
import sys
from pathlib import Path

import stdnum

SOURCE = Path(stdnum.__file__).parent / "cn" / "loc.dat"
TARGET = Path(__file__).resolve().parent.parent / "keqi" / "reference" / "data" / "regions_gbt2260.csv"
SEGMENT = re.compile(r"^(?:\[(\d*)-(\d*)\])?(.+)$")


def current_name(raw: str) -> str | None:
    """The name in use today, or None when the code has been retired."""
    last = raw.split(",")[-1]
    match = SEGMENT.match(last)
    _start, end, name = match.groups()
    return None if end else name


def parse() -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    province = ""
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province, _, attr = line.partition(" ")
            rows.append((province + "0000", attr.split("=", 1)[1].strip('"')))
            continue
        code, _, attr = line.strip().partition(" ")
        if code == "0000":
            continue
        name = current_name(attr.split("=", 1)[1].strip('"'))
        if name:
            rows.append((province + code, name))
    return rows


def main() -> int:
    rows = parse()
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} regions to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
