from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from ninja import Router, Schema
from pydantic import Field

from keqi.enterprises import selectors, services
from keqi.reference.models import Industry, Region

router = Router(tags=["企业"])


class EnterpriseSummary(Schema):
    id: int
    name: str
    uscc: str
    region_code: str
    region_name: str


class EnterprisePage(Schema):
    count: int
    page: int
    pages: int
    items: list[EnterpriseSummary]


class ProfileOut(Schema):
    id: int
    name: str
    uscc: str
    registration_type: str
    industry_code: str | None
    legal_representative: str
    established_date: date | None
    region_code: str
    zone_code: str | None
    tax_collection_method: str
    address: str
    registered_capital: Decimal | None
    business_scope: str
    high_tech_field: str
    employees: int | None
    tech_staff: int | None
    rd_staff: int | None
    graduates: int | None
    version: int


class ProfileIn(Schema):
    version: int
    name: str | None = Field(None, max_length=200)
    registration_type: str | None = Field(None, max_length=40)
    industry_code: str | None = Field(None, max_length=4)
    legal_representative: str | None = Field(None, max_length=64)
    established_date: date | None = None
    region_code: str | None = Field(None, max_length=12)
    tax_collection_method: str | None = Field(None, max_length=16)
    address: str | None = Field(None, max_length=200)
    registered_capital: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=4)
    business_scope: str | None = None
    high_tech_field: str | None = Field(None, max_length=40)
    employees: int | None = Field(None, ge=0)
    tech_staff: int | None = Field(None, ge=0)
    rd_staff: int | None = Field(None, ge=0)
    graduates: int | None = Field(None, ge=0)


def profile_out(enterprise) -> ProfileOut:
    return ProfileOut(
        **{field: getattr(enterprise, field) for field in ProfileOut.model_fields if hasattr(enterprise, field)},
        industry_code=enterprise.industry.code if enterprise.industry_id else None,
        region_code=enterprise.region.code,
        zone_code=enterprise.zone.code if enterprise.zone_id else None,
    )


@router.get("", response=EnterprisePage, summary="企业列表（仅限管辖范围）")
def list_enterprises(request, q: str = "", region: str = "", page: int = 1):
    queryset = selectors.search_enterprises(request.user, keyword=q[:100], region_code=region[:12])
    paginator = Paginator(queryset, 20)
    current = paginator.get_page(page)
    return EnterprisePage(
        count=paginator.count,
        page=current.number,
        pages=paginator.num_pages,
        items=[
            EnterpriseSummary(
                id=e.pk, name=e.name, uscc=e.uscc, region_code=e.region.code, region_name=e.region.full_name
            )
            for e in current
        ],
    )


@router.get("/mine", response=ProfileOut, summary="本企业基本信息")
def my_profile(request):
    if not request.user.is_enterprise_user:
        raise PermissionDenied
    return profile_out(selectors.enterprise_for(request.user, request.user.enterprise_id))


@router.put("/mine", response=ProfileOut, summary="修改本企业基本信息")
def update_my_profile(request, payload: ProfileIn):
    if not request.user.is_enterprise_user:
        raise PermissionDenied
    enterprise = selectors.enterprise_for(request.user, request.user.enterprise_id)
    values = payload.model_dump(exclude_unset=True, exclude={"version", "industry_code", "region_code"})
    if payload.industry_code is not None:
        industry = Industry.objects.filter(code=payload.industry_code, level=4).first()
        if industry is None:
            raise ValidationError({"industry_code": "行业代码不存在（须为国民经济行业小类代码）"})
        values["industry"] = industry
    if payload.region_code is not None:
        region = Region.objects.filter(code=payload.region_code).exclude(level__in=["province", "city"]).first()
        if region is None:
            raise ValidationError({"region_code": "注册地区划代码不存在（须为区县或园区代码）"})
        values["region"] = region
    updated = services.update_profile(
        actor=request.user, enterprise=enterprise, values=values, expected_version=payload.version
    )
    return profile_out(updated)


@router.get("/{enterprise_id}", response=ProfileOut, summary="企业详情（仅限管辖范围）")
def get_enterprise(request, enterprise_id: int):
    return profile_out(selectors.enterprise_for(request.user, enterprise_id))
