from ninja import Router, Schema

from keqi.reference import selectors
from keqi.reference.models import Industry

router = Router(tags=["基础数据"])


class RegionOut(Schema):
    code: str
    name: str
    full_name: str
    level: str


class IndustryOut(Schema):
    code: str
    name: str
    level: int


class ChoiceOut(Schema):
    code: str
    label: str


class IPTypeOut(Schema):
    code: str
    name: str
    ip_class: int | None


@router.get("/regions", response=list[RegionOut], summary="行政区划（按上级代码逐级查询）")
def regions(request, parent: str = ""):
    return list(selectors.children_of(parent[:12]))


@router.get("/industries", response=list[IndustryOut], summary="国民经济行业分类（GB/T 4754-2017）")
def industries(request, parent: str = "", q: str = ""):
    queryset = Industry.objects.all()
    if parent:
        queryset = queryset.filter(parent__code=parent[:4])
    elif not q:
        queryset = queryset.filter(level=1)
    if q:
        queryset = queryset.filter(name__icontains=q[:50]) | queryset.filter(code__startswith=q[:4])
    return list(queryset.order_by("code")[:200])


@router.get("/dictionaries/{category}", response=list[ChoiceOut], summary="数据字典")
def dictionary(request, category: str):
    return [ChoiceOut(code=code, label=label) for code, label in selectors.dictionary_choices(category[:40])]


@router.get("/ip-types", response=list[IPTypeOut], summary="知识产权类型及类别")
def ip_types(request):
    return list(selectors.ip_types())
