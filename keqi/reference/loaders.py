"""Load the shipped reference tables. Used by the data migration and by tests.

Functions take model classes so a migration can pass its historical models.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
PLACEHOLDER_CITY_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def region_level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def parent_code(code: str, known: set[str]) -> str | None:
    """Nearest existing ancestor: the prefecture, else the province."""
    if code.endswith("0000"):
        return None
    for candidate in (code[:4] + "00", code[:2] + "0000"):
        if candidate != code and candidate in known:
            return candidate
    return None


def load_regions(Region) -> int:
    """Insert the GB/T 2260 tree level by level (bulk), then the zones under their city."""
    rows = read_csv("regions_gbt2260.csv")
    known = {row["code"] for row in rows}
    parents = {row["code"]: parent_code(row["code"], known) for row in rows}
    zones = read_csv("zones.csv")
    parents.update({row["code"]: row["parent_code"] for row in zones})
    zone_codes = {row["code"] for row in zones}
    rows += [{"code": row["code"], "name": row["name"]} for row in zones]

    def depth(code: str) -> int:
        return 0 if parents[code] is None else depth(parents[code]) + 1

    created: dict[str, object] = {}
    for level_rows in _group_by(rows, lambda row: depth(row["code"])):
        batch = []
        for row in level_rows:
            code, name = row["code"], row["name"]
            parent = created.get(parents[code])
            if parent is None or code in zone_codes:
                full = name
            elif name in PLACEHOLDER_CITY_NAMES:
                full = parent.full_name
            else:
                full = parent.full_name + name
            is_zone = code in zone_codes or name == "两江新区"
            batch.append(
                Region(
                    code=code,
                    name=name,
                    full_name=full,
                    level="zone" if is_zone else region_level(code),
                    parent=parent,
                    path=(parent.path if parent is not None else "/") + code + "/",
                )
            )
        for region in Region.objects.bulk_create(batch):
            created[region.code] = region
    ensure_nation(Region)
    return len(created)


NATION_CODE = "100000"


def ensure_nation(Region):
    """全国: the ministry's region (工业和信息化部). Its path "/" is a prefix of every path, so a
    ministry officer's scope is the whole country; it is no province's parent."""
    return Region.objects.get_or_create(
        code=NATION_CODE,
        defaults={"name": "全国", "full_name": "全国", "level": "country", "parent": None, "path": "/"},
    )[0]


def _group_by(rows, key) -> list[list[dict[str, str]]]:
    groups: dict[int, list] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return [groups[k] for k in sorted(groups)]


def load_industries(Industry) -> int:
    by_code: dict[str, object] = {}
    batch = []
    rows = read_csv("industries_gbt4754_2017.csv")
    section = ""
    for row in rows:
        level = int(row["level"])
        if level == 1:
            section = row["code"]
        industry = Industry(code=row["code"], name=row["name"], level=level, section=section)
        by_code[row["code"]] = industry
        batch.append((industry, row["parent"]))
    Industry.objects.bulk_create([item for item, _ in batch])
    saved = {item.code: item for item in Industry.objects.all()}
    for item, parent in batch:
        if parent:
            saved[item.code].parent_id = saved[parent].pk
    Industry.objects.bulk_update([saved[item.code] for item, parent in batch if parent], ["parent"])
    return len(batch)


def load_dictionaries(DictionaryEntry, IPType) -> int:
    rows = read_csv("dictionaries.csv")
    DictionaryEntry.objects.bulk_create(
        DictionaryEntry(category=row["category"], code=row["code"], label=row["label"], sort_order=index)
        for index, row in enumerate(rows)
    )
    ip_rows = read_csv("ip_types.csv")
    IPType.objects.bulk_create(
        IPType(
            code=row["code"],
            name=row["name"],
            ip_class=int(row["ip_class"]) if row["ip_class"] else None,
            sort_order=index,
        )
        for index, row in enumerate(ip_rows)
    )
    return len(rows) + len(ip_rows)
