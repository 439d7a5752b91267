from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from keqi.accounts.models import Role
from keqi.core.http import apply_errors, client_ip, review_on_form, role_required
from keqi.core.models import AuditLog
from keqi.core.paging import PAGE_SIZES, page_size, paginate
from keqi.enterprises import profile_locks, selectors, services
from keqi.enterprises.changes import describe_changes
from keqi.enterprises.exports import CHANGE_REQUESTS, ENTERPRISES
from keqi.enterprises.filters import bind
from keqi.enterprises.forms import CHILD_FORMS, CHILD_TITLES, ProfileForm, QualificationForm, ReviewForm
from keqi.enterprises.models import Enterprise, InfoChangeRequest, Qualification
from keqi.enterprises.process import INFO_CHANGE, ChangeState
from keqi.files import services as files
from keqi.files.uploads import received_file, upload_endpoint
from keqi.workflow.services import records_for

OFFICERS = (Role.AGENCY, Role.DISTRICT, Role.CITY)


def _own_enterprise(request) -> Enterprise:
    enterprise = selectors.visible_enterprises(request.user).filter(pk=request.user.enterprise_id).first()
    if enterprise is None:
        raise Http404("企业不存在")
    return enterprise


@role_required(Role.ENTERPRISE)
def profile(request):
    enterprise = _own_enterprise(request)
    recognition = profile_locks.lock_for(enterprise, timezone.localdate())
    form = ProfileForm(request.POST or None, instance=enterprise)
    if recognition is not None:
        form.lock()
        if request.method == "POST":
            messages.error(request, f"贵企业已认定，企业信息只能通过【信息更新】修改。{recognition['message']}")
            return redirect("enterprises:profile")
    if request.method == "POST" and form.is_valid():
        try:
            _saved, change_request = services.save_profile(enterprise=enterprise, **form.edit(request))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if change_request is not None:
                messages.success(request, "企业信息已保存；工商登记信息的修改已提交区县审核，审核通过后生效")
            else:
                messages.success(request, "企业信息已保存")
            return redirect("enterprises:profile")
    elif request.method == "POST":
        enterprise.refresh_from_db()
    context = {
        "form": form,
        "enterprise": enterprise,
        "titles": CHILD_TITLES,
        "recognition": recognition,
        "locked": services.registration_locked(enterprise),
        "region_reviewed": services.reviewed_fields(enterprise) == services.SCOPE_FIELDS,
        "registration_fields": services.REGISTRATION_FIELDS,
        "changes": [present_change(c) for c in enterprise.change_requests.exclude(status="new")[:5]],
    }
    return render(request, "enterprises/profile.html", context)


@role_required(Role.ENTERPRISE)
def child_edit(request, kind: str, pk: int | None = None):
    if kind not in CHILD_FORMS:
        raise Http404
    enterprise = _own_enterprise(request)
    model = CHILD_FORMS[kind]._meta.model
    row = get_object_or_404(model, pk=pk, enterprise=enterprise) if pk else None
    form = CHILD_FORMS[kind](request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.save_child(actor=request.user, enterprise=enterprise, kind=kind, values=values, pk=pk)
        messages.success(request, f"{CHILD_TITLES[kind]}已保存")
        return redirect("enterprises:profile")
    return render(request, "enterprises/child_form.html", {"form": form, "title": CHILD_TITLES[kind], "kind": kind})


@upload_endpoint(lambda request, pk=None: services.EVIDENCE)
@role_required(Role.ENTERPRISE)
def qualification_edit(request, pk: int | None = None):
    """An enterprise's qualification is a claim with evidence until its district confirms it."""
    enterprise = _own_enterprise(request)
    row = get_object_or_404(Qualification, pk=pk, enterprise=enterprise) if pk else None
    form = QualificationForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            chosen = "file" in request.FILES or getattr(request, "upload_too_large", False)
            evidence = received_file(request, services.EVIDENCE) if chosen else None
            services.claim_qualification(
                actor=request.user,
                enterprise=enterprise,
                values={name: form.cleaned_data[name] for name in services.QUALIFICATION_FIELDS},
                evidence=evidence,
                pk=pk,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "企业资质已提交，经区县主管部门确认后生效")
            return redirect("enterprises:profile")
    evidence = files.live_attachments(row) if row else []
    context = {"form": form, "title": "企业资质", "kind": "qualification", "row": row, "evidence": evidence}
    return render(request, "enterprises/child_form.html", context)


@role_required(Role.ENTERPRISE)
@require_POST
def child_delete(request, kind: str):
    if kind not in CHILD_FORMS:
        raise Http404
    enterprise = _own_enterprise(request)
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
    try:
        count = services.delete_children(actor=request.user, enterprise=enterprise, kind=kind, pks=ids)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已删除{count}条{CHILD_TITLES[kind]}")
    return redirect("enterprises:profile")


@role_required(Role.DISTRICT)
def qualification_queue(request):
    """企业资质确认: the district confirms or refuses enterprises' own qualification entries."""
    status = request.GET.get("status", "claimed")
    if status not in {"claimed", "confirmed", "refused", ""}:
        status = "claimed"
    page = paginate(request, selectors.qualification_claims(request.user, status=status))
    for row in page:
        row.evidence = files.live_attachments(row)
    statuses = [("claimed", "待确认"), ("confirmed", "已确认"), ("refused", "未通过"), ("", "全部")]
    return render(
        request, "enterprises/qualification_queue.html", {"page": page, "status": status, "statuses": statuses}
    )


@role_required(Role.DISTRICT)
@require_POST
def qualification_decide(request, pk: int):
    row = get_object_or_404(selectors.qualification_claims(request.user), pk=pk)
    confirm = request.POST.get("action") == "confirm"
    try:
        services.decide_qualification(
            actor=request.user,
            qualification=row,
            confirm=confirm,
            note=request.POST.get("note", ""),
            ip_address=client_ip(request),
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已{'确认' if confirm else '退回'}“{row.enterprise.name}”的企业资质")
    return redirect(reverse("enterprises:qualifications"))


@role_required(*OFFICERS)
def enterprise_list(request):
    """企业信息查询列表 (S2.2) with the custom-query export dialog (S2.9)."""
    form = bind(request.user, request.GET)
    if form.is_valid():
        filters = form.filters()
        queryset = selectors.query_enterprises(request.user, filters=filters).select_related("region", "industry")
        storage_year = filters.get("storage_year") or selectors.current_year()
    else:
        queryset = Enterprise.objects.none()
        storage_year = selectors.current_year()
    page = paginate(request, queryset)
    stored = selectors.stored_among([e.pk for e in page], storage_year)
    for enterprise in page:
        enterprise.is_stored = enterprise.pk in stored
    params = form.query_string()
    context = {
        "form": form,
        "page": page,
        # the detail's 上一页 / 下一页 walk this list: its filters, page size and the row's place
        "detail_query": urlencode(_carried(request, params)) + "&" if _carried(request, params) else "",
        "total": page.paginator.count,
        "storage_year": storage_year,
        "params": params,
        "query": urlencode(params),
        "dataset": ENTERPRISES,
        "checked": ENTERPRISES.default_fields,
        "options": form.options(),
    }
    return render(request, "enterprises/list.html", context)


def _carried(request, params: dict) -> dict:
    """The list's filters plus an explicitly chosen page size (kept from list to detail and back)."""
    if request.GET.get("page_size", "") in {str(size) for size in PAGE_SIZES}:
        return {**params, "page_size": request.GET["page_size"]}
    return dict(params)


def _list_walk(request, pk: int) -> dict:
    """上一页 / 下一页 / 返回列表 over the filtered list the officer came from (seed 002 §2.2.3):
    the last record's 下一页 returns to the list."""
    form = bind(request.user, request.GET)
    carried = _carried(request, form.query_string())
    raw = request.GET.get("pos", "")
    position = int(raw) if raw.isdigit() and 0 < int(raw) < 10**9 else None
    walk = {"previous": None, "next": None, "position": None}
    if form.is_valid():
        filters = form.filters()
        queryset = selectors.query_enterprises(request.user, filters=filters)
        walk = selectors.list_neighbours(queryset, pk, position, id_order=(filters.get("sort") or "id") == "id")
    list_params = dict(carried)
    if walk["position"]:
        list_params["page"] = (walk["position"] - 1) // page_size(request) + 1
    back_url = reverse("enterprises:list") + ("?" + urlencode(list_params) if list_params else "")

    def detail_url(target: int | None, place: int) -> str | None:
        if target is None:
            return None
        return reverse("enterprises:detail", args=[target]) + "?" + urlencode({**carried, "pos": place})

    position = walk["position"]
    return {
        "back_url": back_url,
        "walking": position is not None,
        "previous_url": detail_url(walk["previous"], (position or 1) - 1),
        "next_url": detail_url(walk["next"], (position or 0) + 1) or back_url,
    }


@role_required(*OFFICERS)
def enterprise_detail(request, pk: int):
    """企业详情 (S2.2.3) with 审批意见 (the info-change reviews) and 上一页 / 下一页."""
    enterprise = selectors.enterprise_for(request.user, pk)
    history = AuditLog.objects.filter(enterprise_id=enterprise.pk).select_related("actor")[:50]
    changes = [present_change(c) for c in enterprise.change_requests.exclude(status="new").order_by("-id")[:10]]
    pending = selectors.pending_change_request(enterprise)
    reviewable = (
        pending
        if pending is not None and request.user.role in REVIEWERS and INFO_CHANGE.allowed(request.user, pending)
        else None
    )
    context = {
        "enterprise": enterprise,
        "history": history,
        "titles": CHILD_TITLES,
        "changes": changes,
        "reviewable": reviewable,
        **_list_walk(request, enterprise.pk),
    }
    return render(request, "enterprises/detail.html", context)


# Info-change review (P5, S1.17, S2.1) --------------------------------------------------------

REVIEWERS = (Role.DISTRICT, Role.CITY)


def present_change(change_request) -> dict:
    """The request with Chinese labels and old → new values, plus its 审核记录."""
    return {
        "change": change_request,
        "rows": describe_changes(change_request.changes),
        "records": records_for(change_request),
    }


def _queue_params(request) -> dict:
    """The queue's filters travel in the query string (also on the review POST)."""
    return {"q": request.GET.get("q", "")[:10_000], "status": request.GET.get("status", "pending")}


def _queue_error(params) -> str | None:
    if len(params["q"]) > selectors.KEYWORD_MAX:
        return f"搜索内容不能超过{selectors.KEYWORD_MAX}个字符（当前{len(params['q'])}个）"
    if params["status"] and params["status"] not in ChangeState.values:
        return f"审核状态“{params['status'][:20]}”不存在，请重新选择"
    return None


@role_required(*REVIEWERS)
def change_queue(request):
    """基本信息审核 (S2.1): the district's queue with fuzzy search and reset."""
    params = _queue_params(request)
    error = _queue_error(params)
    queryset = (
        InfoChangeRequest.objects.none()
        if error
        else selectors.change_request_queue(request.user, keyword=params["q"], status=params["status"])
    )
    page = paginate(request, queryset)
    context = {
        "page": page,
        "total": page.paginator.count,
        "params": params,
        "error": error,
        "query": urlencode(params),
        "statuses": [(value, label) for value, label in ChangeState.choices if value != "new"],
        "dataset": CHANGE_REQUESTS,
    }
    return render(request, "enterprises/change_queue.html", context)


@role_required(*REVIEWERS)
def change_detail(request, pk: int):
    """Detail with old → new highlighted, 审批意见 history, previous/next record and the review."""
    change_request = selectors.change_request_for(request.user, pk)
    params = _queue_params(request)
    queue = (
        selectors.change_request_queue(request.user, keyword=params["q"], status=params["status"])
        if not _queue_error(params)
        else selectors.change_request_queue(request.user)
    )
    previous, following = selectors.neighbours(queue, change_request.pk)
    form = ReviewForm(request.POST or None)
    decided = (
        request.method == "POST"
        and form.is_valid()
        and review_on_form(
            request,
            form,
            services.review_change_request,
            change_request=change_request,
            decision=form.cleaned_data["decision"],
        )
    )
    if decided:
        query = urlencode(params)
        if following is not None:
            return redirect(f"{reverse('enterprises:change_detail', args=[following])}?{query}")
        return redirect(f"{reverse('enterprises:changes')}?{query}")
    context = {
        **present_change(change_request),
        "enterprise": change_request.enterprise,
        "form": form,
        "can_review": bool(INFO_CHANGE.allowed(request.user, change_request)),
        "previous": previous,
        "following": following,
        "query": urlencode(params),
    }
    return render(request, "enterprises/change_detail.html", context)
