"""Lists over a program series (all yearly editions of one program), e.g. the annual report's
年报数据审核 and 年报数据查询 (S2.3, S2.4). A program's data file may declare menu entries:

    "menu": [{"list": "review", "label": "年报数据审核", "group": "科技信息年报", "order": 46,
              "roles": ["DIS", "CITY"]}, {"list": "query", "label": "年报数据查询", …}]

`review` is the officer's queue (declarations waiting for the officer's own level); `query`
lists every declaration in scope with 审核状态, 年份 and a search, and exports the chosen
year with the same filters. Every read goes through `selectors.visible` (scope)."""

import json
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import QuerySet

from keqi.declarations import selectors
from keqi.declarations.models import Program, Submission
from keqi.declarations.program_services import PROGRAM_DIR, expand

LISTS = ("review", "query")
MAX_SEARCH = 100


@lru_cache(maxsize=1)
def menu_entries() -> tuple[dict, ...]:
    """The menu entries the bundled program files declare, one per series and list."""
    seen: dict[tuple[str, str], dict] = {}
    for path in sorted(PROGRAM_DIR.glob("*.json")):
        for data in expand(json.loads(path.read_text(encoding="utf-8"))):
            _menu_items(seen, data)
    return tuple(seen.values())


def _menu_items(seen: dict, data: dict) -> None:
    for item in data.get("menu", []):
        if item.get("list") not in LISTS:
            continue
        series = data.get("series", data["key"])
        seen.setdefault(
            (series, item["list"]),
            {
                "series": series,
                "list": item["list"],
                "label": item["label"],
                "group": item.get("group", ""),
                "order": item.get("order", 50),
                "roles": tuple(item.get("roles", ["DIS", "CITY"])),
            },
        )


def entry(series: str, list_name: str) -> dict | None:
    return next((e for e in menu_entries() if e["series"] == series and e["list"] == list_name), None)


def group_label(series: str, list_name: str) -> str:
    found = entry(series, list_name)
    return found["group"] if found else ""


def list_label(series: str, list_name: str) -> str:
    found = entry(series, list_name)
    if found:
        return found["label"]
    return "待审核" if list_name == "review" else "申报查询"


def programs(user, series: str) -> list[Program]:
    """The series' published editions the officer can see, newest year first."""
    return list(
        selectors.programs_visible_to_officer(user)
        .filter(series=series)
        .exclude(status=Program.Status.DRAFT)
        .select_related("form")
        .defer("form__document")  # only the chosen edition's form is read (one JSON, not every year's)
        .order_by("-year")
    )


def own_levels(user, program: Program) -> list[int]:
    """The review levels of `program` this officer decides at (role and region depth)."""
    region = getattr(user, "region", None)
    found = []
    for index, level in enumerate(program.levels or []):
        if user.role not in level.get("roles", []):
            continue
        if level.get("region_level") and (region is None or region.level != level["region_level"]):
            continue
        found.append(index)
    return found


@dataclass
class Filters:
    """Parsed list filters; `problems` says, in Chinese, what was ignored and why."""

    year: int | None = None
    status: str = ""
    q: str = ""
    program: Program | None = None
    problems: list[str] = field(default_factory=list)

    def params(self) -> dict[str, str]:
        values = {"year": str(self.year) if self.year else "", "status": self.status, "q": self.q}
        return {k: v for k, v in values.items() if v}


def parse(user, series: str, list_name: str, data) -> tuple[Filters, list[Program]]:
    editions = programs(user, series)
    filters = Filters()
    raw_year = str(data.get("year", "")).strip()
    years = [p.year for p in editions]
    if raw_year:
        if not (raw_year.isdigit() and len(raw_year) == 4):
            filters.problems.append(f"年份“{raw_year[:20]}”不是四位数字年份，已显示默认年份")
        elif int(raw_year) not in years:
            filters.problems.append(f"{raw_year}年没有年报，已显示默认年份")
        else:
            filters.year = int(raw_year)
    if filters.year is None and years:
        filters.year = years[0]
    filters.program = next((p for p in editions if p.year == filters.year), None)
    status = str(data.get("status", ""))
    if list_name == "query" and status:
        if status in Submission.Status.values and status != Submission.Status.DRAFT:
            filters.status = status
        else:
            filters.problems.append("审核状态不存在，已显示全部状态")
    keyword = str(data.get("q", "")).replace("\x00", "").strip()
    if len(keyword) > MAX_SEARCH:
        filters.problems.append(f"搜索内容不能超过{MAX_SEARCH}个字符，已按前{MAX_SEARCH}个字符查询")
        keyword = keyword[:MAX_SEARCH]
    filters.q = keyword
    return filters, editions


def rows(user, list_name: str, filters: Filters) -> QuerySet[Submission]:
    """The list's rows in order: a review queue holds what waits for the officer's own level."""
    if filters.program is None:
        return Submission.objects.none()
    queryset = selectors.review_queue(user, program=filters.program, q=filters.q, status=filters.status)
    if list_name == "review":
        queryset = queryset.filter(status=Submission.Status.REVIEW, level__in=own_levels(user, filters.program))
    return queryset.select_related("enterprise__region")
