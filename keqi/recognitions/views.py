from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from keqi.accounts.models import Role
from keqi.core.http import apply_errors, client_ip, review_on_form, role_required
from keqi.core.paging import paginate
from keqi.enterprises.changes import describe_changes
from keqi.enterprises.forms import ProfileForm
from keqi.enterprises.selectors import visible_enterprises
from keqi.exports import datasets
from keqi.recognitions import exports, rules, selectors, services
from keqi.recognitions.forms import ChangeForm, DecisionForm
from keqi.recognitions.models import MajorChange
from keqi.recognitions.process import MAJOR_CHANGE
from keqi.workflow.services import records_for

OFFICERS = (Role.DISTRICT, Role.CITY)


def _own_enterprise(request):
    enterprise = visible_enterprises(request.user).filter(pk=request.user.enterprise_id).first()
    if enterprise is None:
        raise Http404("企业不存在")
    return enterprise


def _text(error: ValidationError) -> str:
    return "；".join(m for items in error.message_dict.values() for m in items)


# 信息更新 (S3.6) -----------------------------------------------------------------------------


@role_required(Role.ENTERPRISE)
def info_update(request):
    enterprise = _own_enterprise(request)
    today = timezone.localdate()
    refusal = services.update_refusal(enterprise, today)
    form = ProfileForm(request.POST or None, instance=enterprise)
    if refusal:
        form.lock()
        if request.method == "POST":
            form.add_error(None, refusal)
    elif request.method == "POST" and form.is_valid():
        try:
            services.submit_yearly_update(enterprise=enterprise, **form.edit(request))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{today.year}年度信息更新已提交，等待区县主管部门审核")
            return redirect("recognitions:update")
    history = [
        {"change": c, "rows": describe_changes(c.changes), "records": records_for(c)}
        for c in enterprise.change_requests.filter(purpose="yearly_update").order_by("-created_at")[:10]
    ]
    context = {
        "form": form,
        "enterprise": enterprise,
        "refusal": refusal,
        "window": rules.update_window_message(today),
        "status": selectors.UPDATE_STATES[selectors.update_status(enterprise, today)],
        "history": history,
        "pending": enterprise.change_requests.filter(status="pending").exists(),
    }
    return render(
        request, "recognitions/update.html", context, status=400 if refusal and request.method == "POST" else 200
    )


# 企业重大变更 (S3.9) --------------------------------------------------------------------------


def _type_filter(request) -> tuple[str, str]:
    change_type = request.GET.get("change_type", "")
    if change_type and change_type not in dict(selectors.change_types()):
        return "", "变更类型不存在，已显示全部变更记录"
    return change_type, ""


@role_required(Role.ENTERPRISE)
def change_list(request):
    enterprise = _own_enterprise(request)
    change_type, error = _type_filter(request)
    page = paginate(request, selectors.changes_of(enterprise, change_type=change_type))
    context = {
        "page": page,
        "change_type": change_type,
        "error": error,
        "types": selectors.change_types(),
        "type_labels": dict(selectors.change_types()),
        "recognised": selectors.is_recognised(enterprise),
        "query": urlencode({"change_type": change_type}),
    }
    return render(request, "recognitions/change_list.html", context)


def _own_change(request, pk: int) -> MajorChange:
    change = selectors.visible_changes(request.user).filter(pk=pk).first()
    if change is None:
        raise Http404("变更记录不存在")
    return change


@role_required(Role.ENTERPRISE)
def change_edit(request, pk: int | None = None):
    """新增变更 / 编辑 a draft: 暂存 saves it, 提交 saves and submits it."""
    enterprise = _own_enterprise(request)
    change = _own_change(request, pk) if pk else None
    if change is not None and change.status not in MAJOR_CHANGE.editable_states:
        messages.error(request, "已提交的变更不能编辑，只能查看详情")
        return redirect("recognitions:change_detail", pk=change.pk)
    initial = {}
    if change is not None:
        initial = {k: getattr(change, k) for k in ("change_type", "before", "after", "changed_on", "description")}
    form = ChangeForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            saved = None
            try:
                saved = services.save_change(actor=request.user, values=form.cleaned_data, change=change)
                if form.cleaned_data.get("evidence"):
                    services.upload_evidence(actor=request.user, change=saved, upload=form.cleaned_data["evidence"])
                if request.POST.get("action") == "submit":
                    services.submit_change(actor=request.user, change=saved, ip_address=client_ip(request))
                    messages.success(request, "变更已提交，等待主管部门审核")
                    return redirect("recognitions:change_detail", pk=saved.pk)
            except ValidationError as error:
                apply_errors(form, error)
                if "file" in error.message_dict:
                    form.add_error("evidence", error.message_dict["file"])
                change = saved or change  # the draft is kept (暂存) even when submitting failed
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "变更已暂存，可在变更记录中继续编辑或提交")
                return redirect("recognitions:change_edit", pk=saved.pk)
    context = {
        "form": form,
        "change": change,
        "evidence": services.evidence_of(change) if change else [],
        "recognised": selectors.is_recognised(enterprise),
    }
    return render(request, "recognitions/change_form.html", context, status=status)


@role_required(Role.ENTERPRISE)
@require_POST
def change_delete(request, pk: int):
    change = _own_change(request, pk)
    try:
        services.delete_change(actor=request.user, change=change)
    except ValidationError as error:
        messages.error(request, _text(error))
        return redirect("recognitions:change_detail", pk=change.pk)
    messages.success(request, "暂存的变更已删除")
    return redirect("recognitions:changes")


@role_required(Role.ENTERPRISE)
@require_POST
def change_submit(request, pk: int):
    change = _own_change(request, pk)
    try:
        services.submit_change(actor=request.user, change=change, ip_address=client_ip(request))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _text(error) if isinstance(error, ValidationError) else str(error))
        return redirect(
            "recognitions:change_edit" if change.status == "draft" else "recognitions:change_detail", pk=change.pk
        )
    messages.success(request, "变更已提交，等待主管部门审核")
    return redirect("recognitions:change_detail", pk=change.pk)


def _present(change: MajorChange) -> dict:
    level = MAJOR_CHANGE.current_level(change) if change.status == "review" else None
    return {
        "change": change,
        "type_label": dict(selectors.change_types()).get(change.change_type, change.change_type),
        "records": records_for(change),
        "evidence": services.evidence_of(change),
        "level": level,
    }


@role_required(Role.ENTERPRISE)
def change_detail(request, pk: int):
    return render(request, "recognitions/change_detail.html", {**_present(_own_change(request, pk)), "officer": False})


# 认证到期管理 (S3.10) -------------------------------------------------------------------------


@role_required(Role.ENTERPRISE)
def expiry(request):
    enterprise = _own_enterprise(request)
    today = timezone.localdate()
    history = list(selectors.history_of(enterprise))
    block = selectors.review_block_reason(enterprise, today)
    programs = selectors.review_programs(enterprise)
    rows = []
    for q in history:
        if q.cancelled_on:
            state, label = "cancelled", "已取消认定"
        elif q.valid_until and q.valid_until < today:
            state, label = "expired", "已到期"
        elif rules.in_final_year(q, today):
            state, label = "pending", "有效（最后一年，可复核）"
        else:
            state, label = "approved", "有效"
        rows.append(
            {
                "q": q,
                "label": selectors.kind_label(q.kind),
                "state": state,
                "state_label": label,
                "review": state == "pending" and not block,
                "program": programs.get(q.kind),
            }
        )
    context = {
        "rows": rows,
        "recognised": any(r["state"] in ("pending", "approved") for r in rows),
        "review_block": block,
        "reviews": selectors.review_history(enterprise),
    }
    return render(request, "recognitions/expiry.html", context)


# Officers (S3.6, S3.9, S3.10) ----------------------------------------------------------------


@role_required(*OFFICERS)
def recognised_list(request):
    today = timezone.localdate()
    params, errors = selectors.list_params(request.GET)
    queryset = selectors.listed_enterprises(request.user, params, today).select_related("region")
    page = paginate(request, queryset)
    context = {
        "page": page,
        "rows": selectors.rows_for(list(page), today),
        "params": params,
        "error": "；".join(errors.values()) + "，已显示全部" if errors else "",
        "kinds": list(settings.RECOGNITION_KINDS.items()),
        "updates": list(selectors.UPDATE_STATES.items()),
        "query": urlencode(params),
        "window": rules.update_window(today.year).text,
        "export_dataset": datasets.get(exports.DATASET),
        "export_params": {name: value for name, value in params.items() if value},
    }
    return render(request, "recognitions/manage.html", context)


@role_required(*OFFICERS)
def change_queue(request):
    change_type, error = _type_filter(request)
    status = request.GET.get("status", "")
    if status and status not in MAJOR_CHANGE.states:
        error, status = "状态不存在，已显示全部", ""
    keyword = request.GET.get("q", "")[: selectors.KEYWORD_MAX].strip()
    page = paginate(
        request, selectors.change_queue(request.user, change_type=change_type, status=status, keyword=keyword)
    )
    context = {
        "page": page,
        "params": {"change_type": change_type, "status": status, "q": keyword},
        "error": error,
        "types": selectors.change_types(),
        "type_labels": dict(selectors.change_types()),
        "statuses": [(k, v) for k, v in MAJOR_CHANGE.states.items() if k != "draft"],
        "query": urlencode({"change_type": change_type, "status": status, "q": keyword}),
    }
    return render(request, "recognitions/change_queue.html", context)


@role_required(*OFFICERS)
def change_review(request, pk: int):
    change = selectors.change_for(request.user, pk)
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        reviewed = form.is_valid() and review_on_form(
            request, form, services.decide_change, change=change, action=form.cleaned_data["action"]
        )
        if reviewed:
            return redirect("recognitions:change_queue")
        status = 400
    context = {
        **_present(change),
        "officer": True,
        "form": form,
        "can_review": bool(MAJOR_CHANGE.allowed(request.user, change)),
        "late_months": settings.MAJOR_CHANGE_LATE_MONTHS,
    }
    return render(request, "recognitions/change_detail.html", context, status=status)
