"""Libraries over the API (P11): conditions as data, and a screen with parameters. A value that is
not a number, negative, too large, over 100 %, or a parameter the library does not have is named
at its field (422), never a 500."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Schema

from keqi.libraries import queries, screen
from keqi.libraries.models import ReportFact
from keqi.policy import PolicyInputError
from keqi.policy import libraries as policy
from keqi.reference.models import Region

router = Router(tags=["科企培育库"])


class ScreenRequest(Schema):
    year: int | None = None
    q: str = ""
    page: int = 1
    parameters: dict[str, str | int | float] = {}


class ScreenRow(Schema):
    enterprise_id: int
    name: str
    uscc: str
    region: str
    year: int


class DistrictCount(Schema):
    region: str
    count: int


class ScreenResult(Schema):
    library: str
    version: str
    year: int
    parameters: dict[str, str]
    conditions: list[str]
    count: int
    page: int
    pages: int
    districts: list[DistrictCount]
    items: list[ScreenRow]


def _officer(request) -> None:
    user = request.user
    if not (user.role in ("DIS", "CITY") or user.is_platform_admin):
        raise PermissionDenied


def _library(key: str) -> policy.Library:
    library = policy.LIBRARIES.get(key)
    if library is None or library.kind != "screen":
        raise Http404
    return library


@router.get("/", summary="各库的条件说明（条件、默认值、单位、是否推定）")
def libraries(request):
    _officer(request)
    return [
        {
            "key": lib.key,
            "name": lib.name,
            "version": lib.version,
            "settable": lib.settable,
            "conditions": [
                {
                    "key": c.key,
                    "sentence": policy.sentence(c, lib.defaults()),
                    "assumption": c.assumption,
                    "source": c.source,
                    "parameters": [
                        {"key": p.key, "label": p.label, "default": policy.format_number(p.default), "unit": p.unit}
                        for p in dict.fromkeys(c.params)
                    ],
                }
                for c in lib.conditions
            ],
        }
        for lib in policy.LIBRARIES.values()
        if lib.kind == "screen"
    ]


@router.post("/{library}/screen", response=ScreenResult, summary="按条件参数筛选（仅限管辖范围）")
def screen_library(request, library: str, body: ScreenRequest):
    _officer(request)
    lib = _library(library)
    raw = {k: str(v) for k, v in body.parameters.items()}
    values, errors = policy.parse_params(lib, raw, strict=True)
    if errors:
        raise PolicyInputError([{"field": f"parameters.{e['field']}", "message": e["message"]} for e in errors])
    data = {k: policy.format_number(v) for k, v in values.items()}
    data.update({"q": body.q, "page": str(max(1, min(body.page, 10**6)))})
    if body.year is not None:
        data["year"] = str(body.year)
    parsed = queries.parse(lib, request.user, data)
    problems = [{"field": k, "message": v} for k, v in parsed.errors.items()]
    if problems:
        raise PolicyInputError(problems)
    result = screen.run(parsed.query)
    facts = ReportFact.objects.select_related("region").in_bulk(result.fact_ids)
    names = dict(Region.objects.filter(pk__in=[r for r, _ in result.district_counts]).values_list("pk", "name"))
    return ScreenResult(
        library=lib.key,
        version=lib.version,
        year=parsed.query.year,
        parameters={k: policy.format_number(v) for k, v in values.items()},
        conditions=policy.describe(lib, values),
        count=result.total,
        page=result.page,
        pages=result.pages,
        districts=[DistrictCount(region=names.get(r, ""), count=n) for r, n in result.district_counts],
        items=[
            ScreenRow(
                enterprise_id=facts[i].enterprise_id,
                name=facts[i].name,
                uscc=facts[i].uscc,
                region=facts[i].region.name,
                year=facts[i].year,
            )
            for i in result.fact_ids
            if i in facts
        ],
    )
