"""科企梯次培育库 / 科企后备库 / 科企认定库 pages (seed 002 §6–§8; S2.10–S2.12, X1, X2)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from keqi.core.http import role_required
from keqi.core.paging import page_size
from keqi.libraries import exports, queries, screen, selectors, services
from keqi.libraries.models import ParameterSet, ReportFact
from keqi.policy import libraries as policy
from keqi.reference.models import Region

OFFICERS = ("DIS", "CITY")


def _library(key: str) -> policy.Library:
    library = policy.LIBRARIES.get(key)
    if library is None:
        raise Http404("库不存在")
    return library


def list_url(library: policy.Library) -> str:
    return reverse("libraries:list", args=[library.key])


class _Window:
    """A sequence of `total` items of which only the shown page is known: lets the shared pager
    (a Django Page) number pages over the screen's count without loading the rest."""

    def __init__(self, total: int, start: int, items: list):
        self.total, self.start, self.items = total, start, items

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.items
        return self.items[index - self.start]


@role_required(*OFFICERS)
def library_list(request, library: str):
    lib = _library(library)
    if lib.kind == "reserve":
        return reserve_list(request, lib)
    if lib.kind == "recognition":
        return recognition_list(request, lib)
    return screen_list(request, lib)


def _condition_rows(lib: policy.Library, parsed: queries.Parsed) -> list[dict]:
    defaults = lib.defaults()
    rows = []
    for index, condition in enumerate(lib.conditions, 1):
        params = [
            {
                "param": p,
                "value": parsed.raw_values.get(p.key) or policy.format_number(parsed.values[p.key]),
                "default": policy.format_number(defaults[p.key]),
                "error": parsed.errors.get(p.key, ""),
                "changed": parsed.values[p.key] != defaults[p.key],
            }
            for p in dict.fromkeys(condition.params)
        ]
        rows.append(
            {
                "index": index,
                "condition": condition,
                "sentence": policy.sentence(condition, parsed.values),
                "params": params,
            }
        )
    return rows


def screen_list(request, lib: policy.Library):
    parsed = queries.parse(lib, request.user, request.GET, per_page=page_size(request))
    for name, message in parsed.errors.items():
        if name in {"year", "q", "district", "sort", "include", "first_year"}:
            messages.warning(request, message)
    result = screen.run(parsed.query)
    facts = ReportFact.objects.in_bulk(result.fact_ids)
    shown = []
    for fact_id in result.fact_ids:
        fact = facts.get(fact_id)
        if fact is None:  # removed since the columns were read (a stale copy, ADR 0019)
            continue
        explained = policy.explain(lib.conditions, selectors.fact_row(fact), parsed.values)
        fact.verdict = policy.verdict(explained)
        fact.verdict_label = policy.STATUS_LABELS[fact.verdict]
        fact.cells = [getattr(fact, name) for name in exports.condition_fields(lib)]
        shown.append(fact)
    start = (result.page - 1) * parsed.query.per_page
    page = Paginator(_Window(result.total, start, shown), parsed.query.per_page).get_page(result.page)
    region_names = dict(Region.objects.filter(pk__in=[r for r, _ in result.district_counts]).values_list("pk", "name"))
    params = parsed.params()
    dataset = exports.dataset_for(lib.key)
    context = {
        "library": lib,
        "parsed": parsed,
        "query": parsed.query,
        "page": page,
        "result": result,
        "conditions": _condition_rows(lib, parsed),
        "in_force": policy.describe(lib, parsed.values),
        "field_labels": [policy.FACT_FIELDS[n] for n in exports.condition_fields(lib)],
        "district_counts": [(region_names.get(r, ""), n) for r, n in result.district_counts],
        "sets": _sets(request.user, lib),
        "query_string": urlencode(params),
        "reset_url": list_url(lib),
        "export_dataset": dataset,
        "export_params": params,
        "sorts": screen.SORTS.items(),
        "first_years": parsed.years,
        "outreach_url": reverse("libraries:outreach", args=[lib.key]) if lib.outreach_kind else "",
        "filter_errors": {k: v for k, v in parsed.errors.items() if k in ("established_from", "established_to")},
    }
    return render(request, "libraries/screen_list.html", context)


def _sets(user, lib: policy.Library) -> list[ParameterSet]:
    if not lib.settable:
        return []
    sets = list(ParameterSet.objects.filter(owner=user, library=lib.key))
    for saved in sets:
        saved.url = list_url(lib) + "?" + urlencode(saved.values)
    return sets


@role_required(*OFFICERS)
def library_detail(request, library: str, fact: int):
    """查看: the enterprise's figures against every condition, with the gap (X2)."""
    lib = _library(library)
    if lib.kind != "screen":
        raise Http404("该库没有筛选条件")
    found = selectors.fact_in_scope(request.user, fact)
    parsed = queries.parse(lib, request.user, request.GET)
    explained = policy.explain(lib.conditions, selectors.fact_row(found), parsed.values)
    context = {
        "library": lib,
        "fact": found,
        "explained": explained,
        "verdict": policy.verdict(explained),
        "verdict_label": policy.STATUS_LABELS[policy.verdict(explained)],
        "in_force": policy.describe(lib, parsed.values),
        "changed": parsed.changed,
        "back_url": list_url(lib) + ("?" + urlencode(parsed.params()) if parsed.params() else ""),
    }
    return render(request, "libraries/detail.html", context)


@role_required(*OFFICERS)
@require_POST
def save_parameter_set(request, library: str):
    lib = _library(library)
    try:
        saved = services.save_set(
            actor=request.user, library=lib, name=request.POST.get("set_name", ""), raw=request.POST
        )
    except ValidationError as error:
        for message in (m for ms in error.message_dict.values() for m in ms):
            messages.error(request, message)
        return redirect(list_url(lib))
    messages.success(request, f"已保存条件参数方案“{saved.name}”")
    return redirect(list_url(lib) + "?" + urlencode(saved.values))


@role_required(*OFFICERS)
@require_POST
def delete_parameter_set(request, library: str, set_id: int):
    lib = _library(library)
    try:
        services.delete_set(actor=request.user, set_id=set_id)
    except PermissionDenied as error:
        raise Http404(str(error)) from None
    messages.success(request, "已删除条件参数方案")
    return redirect(list_url(lib))


# 科创板上市企业储备库 -------------------------------------------------------------------------------


def reserve_list(request, lib: policy.Library):
    districts = queries.districts_for(request.user)
    code = str(request.GET.get("district", "")).strip()
    chosen = next((r for r in districts if r.code == code), None)
    if code and chosen is None:
        messages.warning(request, "所属区县不存在或不在本单位管辖范围内，已显示全部")
    entries = selectors.reserve(request.user, chosen.path if chosen else "")
    page = Paginator(entries, page_size(request)).get_page(request.GET.get("page"))
    latest = selectors.latest_facts(e.enterprise_id for e in page)
    defaults = {p.key: p.default for c in lib.hint for p in c.params}
    for entry in page:
        fact = latest.get(entry.enterprise_id)
        entry.fact = fact
        if fact is not None:
            results = policy.explain(lib.hint, selectors.fact_row(fact), defaults)
            entry.hint = [r for r in results]
            entry.hint_met = sum(1 for r in results if r.status == policy.PASS)
    context = {
        "library": lib,
        "page": page,
        "districts": districts,
        "district": chosen.code if chosen else "",
        "query_string": urlencode({"district": chosen.code} if chosen else {}),
        "reset_url": list_url(lib),
        "can_manage": request.user.role == "CITY" or request.user.is_platform_admin,
        "removed": selectors.removed_reserve(request.user),
        "hint_sentences": [policy.sentence(c, defaults) for c in lib.hint],
        "hint_sources": sorted({c.source.split("（")[0] for c in lib.hint}),
        "export_dataset": exports.DATASETS[0],
        "export_params": {"district": chosen.code} if chosen else {},
    }
    return render(request, "libraries/reserve_list.html", context)


def _reserve_redirect():
    return redirect(list_url(policy.STAR_RESERVE))


@role_required(*OFFICERS)
@require_POST
def reserve_add(request):
    try:
        entry = services.add_reserve(
            actor=request.user, uscc=request.POST.get("uscc", ""), note=request.POST.get("note", "")
        )
    except ValidationError as error:
        for message in (m for ms in error.message_dict.values() for m in ms):
            messages.error(request, message)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已将{entry.enterprise.name}加入科创板上市企业储备库")
    return _reserve_redirect()


@role_required(*OFFICERS)
@require_POST
def reserve_remove(request, entry: int):
    try:
        removed = services.remove_reserve(actor=request.user, entry_id=entry)
    except PermissionDenied as error:
        raise Http404(str(error)) from None
    messages.success(request, f"已将{removed.enterprise.name}移出科创板上市企业储备库")
    return _reserve_redirect()


@role_required(*OFFICERS)
def reserve_import(request):
    problems, added = [], None
    if request.method == "POST":
        try:
            added, problems = services.import_reserve(actor=request.user, upload=request.FILES.get("file"))
        except ValidationError as error:
            for message in (m for ms in error.message_dict.values() for m in ms):
                messages.error(request, message)
        except PermissionDenied as error:
            messages.error(request, str(error))
    context = {
        "library": policy.STAR_RESERVE,
        "problems": problems,
        "added": added,
        "list_url": list_url(policy.STAR_RESERVE),
    }
    return render(request, "libraries/reserve_import.html", context)


@role_required(*OFFICERS)
def reserve_template(request):
    response = HttpResponse(
        services.template_bytes(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E7%A7%91%E5%88%9B%E6%9D%BF%E5%82%A8%E5%A4%87%E5%BA%93%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    )
    return response


# 认定库 ------------------------------------------------------------------------------------------


def recognition_list(request, lib: policy.Library):
    keyword = str(request.GET.get("q", "")).replace("\x00", "").strip()
    if len(keyword) > queries.MAX_SEARCH:
        messages.warning(request, f"搜索内容不能超过{queries.MAX_SEARCH}个字符，已按前{queries.MAX_SEARCH}个字符查询")
        keyword = keyword[: queries.MAX_SEARCH]
    rows = selectors.recognised(request.user, lib.outreach_kind, keyword)
    page = Paginator(rows, page_size(request)).get_page(request.GET.get("page"))
    context = {
        "library": lib,
        "page": page,
        "keyword": keyword,
        "query_string": urlencode({"q": keyword} if keyword else {}),
        "reset_url": list_url(lib),
        "export_dataset": _recognition_dataset(lib),
        "export_params": {"q": keyword} if keyword else {},
    }
    return render(request, "libraries/recognition_list.html", context)


def _recognition_dataset(lib):
    from keqi.exports import datasets

    return datasets.get(f"recognition:{lib.key}")


@role_required(*OFFICERS)
def recognition_detail(request, library: str, pk: int):
    lib = _library(library)
    if lib.kind != "recognition":
        raise Http404("页面不存在")
    qualification = selectors.recognised(request.user, lib.outreach_kind).filter(pk=pk).first()
    if qualification is None:
        raise Http404("记录不存在")
    facts = list(ReportFact.objects.filter(enterprise_id=qualification.enterprise_id).order_by("-year")[:4])
    context = {"library": lib, "qualification": qualification, "facts": facts, "back_url": list_url(lib)}
    return render(request, "libraries/recognition_detail.html", context)


# 免申即享 (X1, officers' side) --------------------------------------------------------------------


@role_required(*OFFICERS)
def outreach(request, library: str):
    """Enterprises in scope that meet the library's conditions on the year's figures but do not
    hold the qualification yet: who to contact first."""
    lib = _library(library)
    if lib.kind != "screen" or not lib.outreach_kind:
        raise Http404("该库没有免申即享名单")
    parsed = queries.parse(lib, request.user, request.GET)
    for message in parsed.errors.values():
        messages.warning(request, message)
    params = parsed.params()
    dataset = exports.dataset_for(lib.key, outreach=True)
    rows = (
        dataset.queryset(request.user, {k: v for k, v in params.items()}, [])
        if not parsed.errors
        else ReportFact.objects.none()
    )
    page = Paginator(rows.select_related("region"), page_size(request)).get_page(request.GET.get("page"))
    for fact in page:
        explained = policy.explain(lib.conditions, selectors.fact_row(fact), parsed.values)
        fact.reasons = [r for r in explained if r.status != policy.FAIL]
        fact.verdict_label = policy.STATUS_LABELS[policy.verdict(explained)]
    kind_label = {"high_tech": "高新技术企业证书", "tech_sme": "科技型中小企业入库登记编号"}[lib.outreach_kind]
    context = {
        "library": lib,
        "parsed": parsed,
        "page": page,
        "kind_label": kind_label,
        "in_force": policy.describe(lib, parsed.values),
        "query_string": urlencode(params),
        "export_dataset": dataset,
        "export_params": params,
        "list_url": list_url(lib) + ("?" + urlencode(params) if params else ""),
    }
    return render(request, "libraries/outreach.html", context)
