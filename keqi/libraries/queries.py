"""A library list's request → the screen's Query, with every bad value named at its field."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from keqi.declarations.models import Program
from keqi.libraries import facts, screen
from keqi.policy import libraries as policy
from keqi.reference.models import Region

MAX_SEARCH = 100


def scope_path(user) -> str:
    """ "" for a platform admin (everything), the officer's region path otherwise."""
    if user.is_platform_admin:
        return ""
    return user.region.path if getattr(user, "region_id", None) else "\x00none"


def scope_q(user, prefix: str = "") -> Q:
    path = scope_path(user)
    if not path:
        return Q()
    return Q(**{f"{prefix}region_path__startswith": path}) | Q(**{f"{prefix}zone_path__startswith": path})


def report_years() -> list[int]:
    """Years with an annual report edition, newest first (a tiny table, not the facts)."""
    return list(
        Program.objects.filter(series=facts.ANNUAL_SERIES)
        .exclude(status=Program.Status.DRAFT)
        .values_list("year", flat=True)
        .order_by("-year")
        .distinct()
    )


def latest_complete_year(years: list[int]) -> int | None:
    """The seed's default data year (2022 in its screenshots), kept current: the newest year whose
    reporting windows have all closed, else the newest year."""
    if not years:
        return None
    now = timezone.now()
    for year in years:
        program = Program.objects.filter(series=facts.ANNUAL_SERIES, year=year).prefetch_related("windows").first()
        windows = list(program.windows.all()) if program else []
        if windows and all(w.closes_at < now for w in windows):
            return year
    return years[0]


@dataclass
class Parsed:
    query: screen.Query
    values: dict[str, Decimal]
    raw_values: dict[str, str]  # what the officer typed (kept in the inputs, even when wrong)
    errors: dict[str, str] = field(default_factory=dict)  # field → message
    years: list[int] = field(default_factory=list)
    districts: list[Region] = field(default_factory=list)
    include: str = ""  # "" all members | "pass" every condition met | "unknown" needs information

    @property
    def changed(self) -> bool:
        return any(self.values[k] != v for k, v in self.query.library.defaults().items())

    def params(self) -> dict[str, str]:
        """The list's filters and parameters as GET parameters (links, export, 查看)."""
        q = self.query
        found = {
            "year": str(q.year) if q.year else "",
            "q": q.q,
            "established_from": q.established_from.isoformat() if q.established_from else "",
            "established_to": q.established_to.isoformat() if q.established_to else "",
            "first_year": str(q.first_year or ""),
            "district": next((r.code for r in self.districts if r.path == q.region_path), ""),
            "sort": q.sort if q.sort != "name" else "",
            "include": self.include,
        }
        defaults = q.library.defaults()
        for key, value in self.values.items():
            if value != defaults[key]:
                found[key] = policy.format_number(value)
        return {k: v for k, v in found.items() if v}


def _date(data, name: str, errors: dict) -> date | None:
    text = str(data.get(name, "")).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        errors[name] = "请输入正确的日期，如 2024-01-31"
        return None


def districts_for(user) -> list[Region]:
    path = scope_path(user)
    regions = Region.objects.filter(level=Region.Level.COUNTY)
    if path:
        regions = regions.filter(path__startswith=path)
    return list(regions.order_by("code"))


def parse(library: policy.Library, user, data, *, per_page: int = 20) -> Parsed:
    errors: dict[str, str] = {}
    values, problems = policy.parse_params(library, data)
    for problem in problems:
        errors[problem["field"]] = problem["message"]
    raw_values = {p.key: str(data.get(p.key, "")).strip()[:40] for p in library.params() if p.key in data}
    years = report_years()
    year = None
    raw_year = str(data.get("year", "")).strip()
    if raw_year:
        if raw_year.isdigit() and int(raw_year) in years:
            year = int(raw_year)
        else:
            errors["year"] = f"年份“{raw_year[:10]}”没有年报数据，已显示默认年份"
    if year is None:
        year = latest_complete_year(years) or timezone.localdate().year - 1
    keyword = str(data.get("q", "")).replace("\x00", "").strip()
    if len(keyword) > MAX_SEARCH:
        errors["q"] = f"搜索内容不能超过{MAX_SEARCH}个字符，已按前{MAX_SEARCH}个字符查询"
        keyword = keyword[:MAX_SEARCH]
    first_year = None
    raw_first = str(data.get("first_year", "")).strip()
    if raw_first:
        if raw_first.isdigit() and len(raw_first) == 4:
            first_year = int(raw_first)
        else:
            errors["first_year"] = "首次符合条件请选择年份"
    districts = districts_for(user) if "district" in library.filters or user.role == "CITY" else []
    region_path = ""
    raw_district = str(data.get("district", "")).strip()
    if raw_district:
        chosen = next((r for r in districts_for(user) if r.code == raw_district), None)
        if chosen is None:
            errors["district"] = "所属区县不存在或不在本单位管辖范围内"
        else:
            region_path = chosen.path
    sort = str(data.get("sort", "")).strip() or "name"
    if sort not in screen.SORTS:
        errors["sort"] = "排序方式不存在，已按企业名称排序"
        sort = "name"
    include = str(data.get("include", "")).strip()
    if include not in ("", "pass", "unknown"):
        errors["include"] = "筛选结果选项不存在，已显示全部"
        include = ""
    page = str(data.get("page", "1"))
    query = screen.Query(
        library=library,
        year=year,
        values=values,
        scope_path=scope_path(user),
        q=keyword,
        established_from=_date(data, "established_from", errors) if "established" in library.filters else None,
        established_to=_date(data, "established_to", errors) if "established" in library.filters else None,
        first_year=first_year if "first_year" in library.filters else None,
        region_path=region_path,
        sort=sort,
        include=include,
        page=int(page) if page.isdigit() and len(page) < 8 else 1,
        per_page=per_page,
    )
    return Parsed(query, values, raw_values, errors, years, districts, include)
