"""知识价值信用评级 (S2.5): parameters (services), ratings of passed annual reports, and the list's
reads. The grade itself is computed by the pure `keqi.policy` scheme `credit_rating`; this module
only feeds it the report's promoted figures and stores the result.

A rating is (re)computed lazily: `refresh` rates every passed report in scope that has no rating
under the parameters in force (after a change of parameters every grade is recomputed)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from keqi import policy
from keqi.core import audit
from keqi.core.scope import NOTHING, subtree_q
from keqi.declarations.models import Figure, Submission
from keqi.policy.schemes.credit_rating import DEFAULT_PARAMETERS, GRADES, check_parameters
from keqi.reference.models import Region
from keqi.reports.models import CreditParameters, CreditRating
from keqi.reports.statistics import ANNUAL_SERIES, years

SCHEME = "credit_rating"
PENDING = "pending"  # the filter value of 需补充信息 (stored grade "")
GRADE_CHOICES = [*[(g, f"{g}级") for g in GRADES], (PENDING, "需补充信息")]
MAX_SEARCH = 100
COUNTS = ("invention_granted", "utility_granted", "design_granted", "software_copyrights", "ic_layouts")
COUNTS += ("new_varieties", "hitech_products")
AMOUNTS = ("rd_expense", "operating_revenue")
STAFF = ("employees", "tech_staff")
INPUT_KEYS = (*COUNTS, *AMOUNTS, *STAFF, "is_high_tech")


# ---------------------------------------------------------------- parameters (services)


def current() -> CreditParameters:
    """The parameters in force: the newest version (version 1 = the documented defaults)."""
    found = CreditParameters.objects.order_by("-number").first()
    if found is None:
        found, _created = CreditParameters.objects.get_or_create(
            number=1, defaults={"parameters": DEFAULT_PARAMETERS, "note": "平台默认参数（假设值）"}
        )
    return found


@transaction.atomic
def save_parameters(*, actor, parameters: dict, note: str = "") -> CreditParameters:
    """A new version of the parameters; refused, with every reason, when they do not hold."""
    _typed, errors = check_parameters(parameters)
    if errors:
        raise ValidationError({e["field"].removeprefix("parameters.") or "__all__": e["message"] for e in errors})
    latest = current()
    if latest.parameters == parameters:
        raise ValidationError({"__all__": "参数没有变化，未保存新版本"})
    created = CreditParameters.objects.create(
        number=latest.number + 1, parameters=parameters, note=note.strip()[:200], created_by=actor
    )
    audit.record(actor=actor, action="credit.parameters", target=created, changes={"number": created.number})
    return created


# ---------------------------------------------------------------- ratings


def inputs_of(figures: dict[str, Figure]) -> dict:
    """The scheme's input from a report's promoted figures; an unanswered figure stays unknown."""
    data: dict = {}
    for key in (*COUNTS, *STAFF):
        figure = figures.get(key)
        if figure is not None and figure.number is not None:
            data[key] = int(figure.number)
    for key in AMOUNTS:
        figure = figures.get(key)
        if figure is not None and figure.number is not None:
            data[key] = str(figure.number)
    high_tech = figures.get("is_high_tech")
    if high_tech is not None and high_tech.text in ("yes", "no"):
        data["is_high_tech"] = high_tech.text == "yes"
    return data


def rate(figures: dict[str, Figure], parameters: dict) -> dict:
    return policy.assess(SCHEME, {**inputs_of(figures), "parameters": parameters}, what_if=False)


def _passed(path: str, year: int | None) -> QuerySet[Submission]:
    queryset = Submission.objects.filter(program__series=ANNUAL_SERIES, status=Submission.Status.APPROVED)
    if path:
        queryset = queryset.filter(subtree_q(path))
    return queryset.filter(program__year=year) if year else queryset


def refresh(path: str = "", year: int | None = None, chunk: int = 2000) -> int:
    """Rate the passed reports under `path` (and `year`) not yet rated with the parameters in
    force; returns how many were (re)rated."""
    version = current()
    stale = (
        _passed(path, year)
        .exclude(credit_rating__parameters=version)
        .values_list("pk", "enterprise_id", "program__year", "region_path", "zone_path")
    )
    done = 0
    rows = list(stale[:chunk])
    while rows:
        figures: dict[int, dict[str, Figure]] = {}
        for figure in Figure.objects.filter(submission_id__in=[r[0] for r in rows], key__in=INPUT_KEYS):
            figures.setdefault(figure.submission_id, {})[figure.key] = figure
        with transaction.atomic():
            for pk, enterprise_id, report_year, region_path, zone_path in rows:
                result = rate(figures.get(pk, {}), version.parameters)
                CreditRating.objects.update_or_create(
                    submission_id=pk,
                    defaults={
                        "enterprise_id": enterprise_id,
                        "year": report_year,
                        "region_path": region_path,
                        "zone_path": zone_path,
                        "grade": result["grade"] or "",
                        "score": result["total"],
                        "parameters": version,
                        "result": result,
                    },
                )
        done += len(rows)
        rows = list(stale[:chunk])
    return done


# ---------------------------------------------------------------- the list (selectors)


def scope_q(user) -> Q:
    if user.is_platform_admin:
        return Q()
    if user.is_officer and user.region_id is not None:
        return subtree_q(user.region.path)
    return NOTHING


def districts(user) -> list[Region]:
    """The 区县 an officer may filter by (their own subtree)."""
    queryset = Region.objects.filter(level=Region.Level.COUNTY)
    if not user.is_platform_admin:
        if not user.region_id:
            return []
        queryset = queryset.filter(path__startswith=user.region.path)
    else:
        queryset = queryset.filter(path__startswith="500000")
    return list(queryset.order_by("code"))


@dataclass
class Filters:
    year: int | None = None
    grade: str = ""
    district: Region | None = None
    q: str = ""
    problems: list[str] = field(default_factory=list)

    def params(self) -> dict[str, str]:
        values = {
            "year": str(self.year or ""),
            "grade": self.grade,
            "district": self.district.code if self.district else "",
            "q": self.q,
        }
        return {k: v for k, v in values.items() if v}


def parse(user, data) -> Filters:
    """The list's filters; each ignored value is explained in Chinese (never a 500)."""
    filters = Filters()
    known = years()
    text = str(data.get("year", "")).strip()
    if text and not (text.isdigit() and len(text) == 4):
        filters.problems.append(f"年份“{text[:20]}”不是四位数字年份，已显示默认年份")
    elif text and int(text) not in known:
        filters.problems.append(f"{text}年没有年报数据，已显示默认年份")
    elif text:
        filters.year = int(text)
    if filters.year is None and known:
        filters.year = known[0]
    grade = str(data.get("grade", "")).strip()
    if grade and grade not in dict(GRADE_CHOICES):
        filters.problems.append("信用等级不存在，已显示全部等级")
    else:
        filters.grade = grade
    code = str(data.get("district", "")).strip()
    if code:
        filters.district = next((r for r in districts(user) if r.code == code), None)
        if filters.district is None:
            filters.problems.append("区县不存在或不在您的管辖范围内，已显示全部区县")
    keyword = str(data.get("q", "")).replace("\x00", "").strip()
    if len(keyword) > MAX_SEARCH:
        filters.problems.append(f"搜索内容不能超过{MAX_SEARCH}个字符，已按前{MAX_SEARCH}个字符查询")
        keyword = keyword[:MAX_SEARCH]
    filters.q = keyword
    return filters


def ratings(user, filters: Filters) -> QuerySet[CreditRating]:
    """The officer's ratings of the year, filtered; the list's order (district, then name)."""
    queryset = CreditRating.objects.filter(scope_q(user), year=filters.year)
    if filters.grade == PENDING:
        queryset = queryset.filter(grade="")
    elif filters.grade:
        queryset = queryset.filter(grade=filters.grade)
    if filters.district is not None:
        queryset = queryset.filter(subtree_q(filters.district.path))
    if filters.q:
        queryset = queryset.filter(Q(enterprise__name__icontains=filters.q) | Q(enterprise__uscc__icontains=filters.q))
    return queryset.select_related("enterprise__region", "parameters").order_by("region_path", "enterprise__name", "id")


def grade_label(grade: str) -> str:
    return f"{grade}级" if grade else "需补充信息"


HEADERS = ["序号", "区县", "企业名称", "统一社会信用代码", "年份", "信用等级", "得分", "评级说明"]


def table_rows(rows) -> list[list]:
    """The list's rows as shown and exported (same cells)."""
    found = []
    for index, rating in enumerate(rows, start=1):
        found.append(
            [
                index,
                rating.enterprise.region.name,
                rating.enterprise.name,
                rating.enterprise.uscc,
                rating.year,
                grade_label(rating.grade),
                "" if rating.score is None else format(rating.score.normalize(), "f"),
                "；".join(rating.result.get("reasons") or []) or f"得分 {format(rating.score.normalize(), 'f')} 分",
            ]
        )
    return found


def user_base_path(user) -> str:
    if user.is_platform_admin or not user.region_id:
        return ""
    return user.region.path
