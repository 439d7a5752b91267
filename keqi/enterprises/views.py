from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from keqi.accounts.models import Role
from keqi.core.http import apply_errors, client_ip, role_required
from keqi.core.models import AuditLog
from keqi.core.paging import paginate
from keqi.enterprises import selectors, services
from keqi.enterprises.changes import describe_changes
from keqi.enterprises.exports import CHANGE_REQUESTS, ENTERPRISES
from keqi.enterprises.filters import bind
from keqi.enterprises.forms import CHILD_FORMS, CHILD_TITLES, ProfileForm, ReviewForm
from keqi.enterprises.models import Enterprise, InfoChangeRequest
from keqi.enterprises.process import INFO_CHANGE, ChangeState
from keqi.workflow.services import records_for

OFFICERS = (Role.AGENCY, Role.DISTRICT, Role.CITY)


def _own_enterprise(request) -> Enterprise:
    enterprise = selectors.visible_enterprises(request.user).filter(pk=request.user.enterprise_id).first()
    if enterprise is None:
        raise Http404("企业不存在")
    return enterprise


def _recognition(enterprise) -> dict | None:
    """A recognised enterprise edits only through 信息更新 (S3.6): the button and its state."""
    from django.utils import timezone

    from keqi.recognitions import rules
    from keqi.recognitions.selectors import is_recognised

    today = timezone.localdate()
    if not is_recognised(enterprise, today):
        return None
    return {"open": rules.update_window(today.year).is_open(today), "message": rules.update_window_message(today)}


@role_required(Role.ENTERPRISE)
def profile(request):
    enterprise = _own_enterprise(request)
    recognition = _recognition(enterprise)
    form = ProfileForm(request.POST or None, instance=enterprise)
    if recognition is not None:
        form.lock()
        if request.method == "POST":
            messages.error(request, f"贵企业已认定，企业信息只能通过【信息更新】修改。{recognition['message']}")
            return redirect("enterprises:profile")
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            _saved, change_request = services.save_profile(
                actor=request.user,
                enterprise=enterprise,
                values=values,
                expected_version=form.cleaned_data["version"],
                ip_address=client_ip(request),
            )
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


@role_required(Role.ENTERPRISE)
@require_POST
def child_delete(request, kind: str):
    if kind not in CHILD_FORMS:
        raise Http404
    enterprise = _own_enterprise(request)
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
    count = services.delete_children(actor=request.user, enterprise=enterprise, kind=kind, pks=ids)
    messages.success(request, f"已删除{count}条{CHILD_TITLES[kind]}")
    return redirect("enterprises:profile")


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
        "total": page.paginator.count,
        "storage_year": storage_year,
        "params": params,
        "query": urlencode(params),
        "dataset": ENTERPRISES,
        "checked": ENTERPRISES.default_fields,
        "options": form.options(),
    }
    return render(request, "enterprises/list.html", context)


@role_required(*OFFICERS)
def enterprise_detail(request, pk: int):
    enterprise = selectors.enterprise_for(request.user, pk)
    history = AuditLog.objects.filter(enterprise_id=enterprise.pk).select_related("actor")[:50]
    return render(
        request, "enterprises/detail.html", {"enterprise": enterprise, "history": history, "titles": CHILD_TITLES}
    )


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
    if request.method == "POST" and form.is_valid():
        try:
            services.review_change_request(
                actor=request.user,
                change_request=change_request,
                decision=form.cleaned_data["decision"],
                opinion=form.cleaned_data["opinion"],
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "审核完成")
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
