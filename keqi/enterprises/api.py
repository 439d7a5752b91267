from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from ninja import Query, Router, Schema
from pydantic import Field

from keqi.core.http import form_error
from keqi.enterprises import selectors, services
from keqi.enterprises.changes import describe_changes
from keqi.enterprises.filters import bind
from keqi.enterprises.process import ChangeState
from keqi.reference.models import Industry, Region
from keqi.workflow.services import records_for

router = Router(tags=["企业"])


class EnterpriseSummary(Schema):
    id: int
    name: str
    uscc: str
    region_code: str
    region_name: str
    review_status: str
    established_date: date | None


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
        **{
            field: getattr(enterprise, field)
            for field in ProfileOut.model_fields
            if hasattr(enterprise, field) and field not in ("industry_code", "region_code", "zone_code")
        },
        industry_code=enterprise.industry.code if enterprise.industry_id else None,
        region_code=enterprise.region.code,
        zone_code=enterprise.zone.code if enterprise.zone_id else None,
    )


class EnterpriseFilters(Schema):
    q: str = ""
    review_status: str = ""
    storage: str = ""
    storage_year: str = ""
    region: str = ""
    industry: str = ""
    year: str = ""
    qualification: str = ""
    sort: str = ""
    page: int = 1


@router.get("", response=EnterprisePage, summary="企业信息查询（S2.2，仅限管辖范围，筛选条件同页面）")
def list_enterprises(request, filters: Query[EnterpriseFilters]):
    form = bind(request.user, filters.model_dump())
    if not form.is_valid():
        raise form_error(form)
    queryset = selectors.query_enterprises(request.user, filters=form.filters()).select_related("region")
    paginator = Paginator(queryset, 20)
    current = paginator.get_page(filters.page)
    return EnterprisePage(
        count=paginator.count,
        page=current.number,
        pages=paginator.num_pages,
        items=[
            EnterpriseSummary(
                id=e.pk,
                name=e.name,
                uscc=e.uscc,
                region_code=e.region.code,
                region_name=e.region.full_name,
                review_status=e.review_status,
                established_date=e.established_date,
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
    updated, _change = services.save_profile(
        actor=request.user, enterprise=enterprise, values=values, expected_version=payload.version
    )
    return profile_out(updated)


class ChangeRow(Schema):
    field: str
    label: str
    old: str
    new: str


class ReviewRecordOut(Schema):
    created_at: datetime
    organisation: str
    actor_name: str
    level: str
    decision: str
    opinion: str


class ChangeRequestOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str
    uscc: str
    status: str
    status_label: str
    created_at: datetime
    changes: list[ChangeRow]
    records: list[ReviewRecordOut]


class ChangePage(Schema):
    count: int
    page: int
    pages: int
    items: list[ChangeRequestOut]


class ReviewIn(Schema):
    decision: str = Field(..., max_length=16)
    opinion: str = Field("", max_length=2000)


def change_out(change) -> ChangeRequestOut:
    return ChangeRequestOut(
        id=change.pk,
        enterprise_id=change.enterprise_id,
        enterprise_name=change.enterprise.name,
        uscc=change.enterprise.uscc,
        status=change.status,
        status_label=change.get_status_display(),
        created_at=change.created_at,
        changes=[ChangeRow(**row) for row in describe_changes(change.changes)],
        records=[ReviewRecordOut.model_validate(record, from_attributes=True) for record in records_for(change)],
    )


def _reviewer(request):
    if not (request.user.role in ("DIS", "CITY") or request.user.is_platform_admin):
        raise PermissionDenied
    return request.user


@router.get("/changes", response=ChangePage, summary="基本信息审核列表（S2.1，仅限管辖范围）")
def list_changes(request, q: str = "", status: str = "pending", page: int = 1):
    user = _reviewer(request)
    if len(q) > selectors.KEYWORD_MAX:
        raise ValidationError({"q": f"搜索内容不能超过{selectors.KEYWORD_MAX}个字符（当前{len(q)}个）"})
    if status and status not in ChangeState.values:
        raise ValidationError({"status": f"审核状态“{status[:20]}”不存在，请重新选择"})
    paginator = Paginator(selectors.change_request_queue(user, keyword=q, status=status), 20)
    current = paginator.get_page(page)
    return ChangePage(
        count=paginator.count, page=current.number, pages=paginator.num_pages, items=[change_out(c) for c in current]
    )


@router.get("/changes/{change_id}", response=ChangeRequestOut, summary="变更申请详情（旧值→新值、审批意见）")
def get_change(request, change_id: int):
    return change_out(selectors.change_request_for(_reviewer(request), change_id))


@router.post("/changes/{change_id}/review", response=ChangeRequestOut, summary="审核变更申请（通过/不通过）")
def review_change(request, change_id: int, payload: ReviewIn):
    user = _reviewer(request)
    change = selectors.change_request_for(user, change_id)
    reviewed = services.review_change_request(
        actor=user, change_request=change, decision=payload.decision, opinion=payload.opinion
    )
    return change_out(selectors.change_request_for(user, reviewed.pk))


@router.get("/{enterprise_id}", response=ProfileOut, summary="企业详情（仅限管辖范围）")
def get_enterprise(request, enterprise_id: int):
    return profile_out(selectors.enterprise_for(request.user, enterprise_id))
