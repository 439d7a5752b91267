from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from keqi.accounts.models import Role
from keqi.core.http import apply_errors, client_ip, role_required
from keqi.core.models import AuditLog
from keqi.enterprises import selectors, services
from keqi.enterprises.forms import CHILD_FORMS, CHILD_TITLES, ProfileForm
from keqi.enterprises.models import Enterprise

OFFICERS = (Role.AGENCY, Role.DISTRICT, Role.CITY)


def _own_enterprise(request) -> Enterprise:
    enterprise = selectors.visible_enterprises(request.user).filter(pk=request.user.enterprise_id).first()
    if enterprise is None:
        raise Http404("企业不存在")
    return enterprise


@role_required(Role.ENTERPRISE)
def profile(request):
    enterprise = _own_enterprise(request)
    form = ProfileForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            services.update_profile(
                actor=request.user,
                enterprise=enterprise,
                values=values,
                expected_version=form.cleaned_data["version"],
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "企业信息已保存")
            return redirect("enterprises:profile")
    elif request.method == "POST":
        enterprise.refresh_from_db()
    context = {"form": form, "enterprise": enterprise, "titles": CHILD_TITLES}
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
    keyword = request.GET.get("q", "")[:100]
    queryset = selectors.search_enterprises(request.user, keyword=keyword)
    page = Paginator(queryset, 20).get_page(request.GET.get("page"))
    return render(request, "enterprises/list.html", {"page": page, "keyword": keyword, "total": page.paginator.count})


@role_required(*OFFICERS)
def enterprise_detail(request, pk: int):
    enterprise = selectors.enterprise_for(request.user, pk)
    history = AuditLog.objects.filter(enterprise_id=enterprise.pk).select_related("actor")[:50]
    return render(
        request, "enterprises/detail.html", {"enterprise": enterprise, "history": history, "titles": CHILD_TITLES}
    )
