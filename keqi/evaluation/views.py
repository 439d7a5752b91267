"""Evaluation pages (S1.1–S1.16): thin — parse, call services/selectors, render."""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from keqi.accounts.models import Role
from keqi.core.http import client_ip, role_required
from keqi.core.paging import paginate
from keqi.enterprises.models import IntellectualProperty
from keqi.evaluation import documents, selectors, services
from keqi.evaluation.declaration import EVALUATION_FORM, ip_classes, ip_type_choices
from keqi.evaluation.models import Evaluation, Status
from keqi.evaluation.process import EVALUATION_PROCESS
from keqi.files.uploads import limit_upload
from keqi.formkit import engine
from keqi.policy import RD_FORM_SHARES
from keqi.reference.models import IPType
from keqi.workflow.services import records_for

ENT = Role.ENTERPRISE
REVIEWERS = (Role.AGENCY, Role.CITY)
MAX_UPLOAD = 3 * 1024 * 1024
STEPS = ("企业信息", "填报说明", "企业主要数据", "自评结果")


def _errors_text(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for messages_ in error.message_dict.values() for m in messages_]
    return list(error.messages)


def _own(request, evaluation_id) -> Evaluation:
    evaluation = selectors.evaluation_for(request.user, evaluation_id)
    if not (request.user.is_enterprise_user and evaluation.enterprise_id == request.user.enterprise_id):
        raise Http404
    return evaluation


def _context(evaluation, step, **extra):
    return {
        "evaluation": evaluation,
        # Engine templates get their upload/delete URLs from the host.
        "upload_base": reverse("evaluation:upload", args=[evaluation.pk, "x"])[:-2],
        "delete_base": reverse("evaluation:delete_attachment", args=[evaluation.pk, 0])[:-9],
        "profile": evaluation.profile,
        "steps": STEPS,
        "step": step,
        "editable": evaluation.status in EVALUATION_PROCESS.editable_states,
        **extra,
    }


@role_required(ENT)
def overview(request):
    """S1.1: the process and how far this enterprise has got this year."""
    year = services.current_year()
    evaluation = selectors.visible_evaluations(request.user).filter(year=year).first()
    stages = [
        ("新增评价信息", evaluation is not None),
        ("填写企业主要数据", bool(evaluation and evaluation.version > 1)),
        ("自评符合条件", bool(evaluation and evaluation.qualified)),
        ("上传封面扫描件", bool(evaluation and documents.cover_status(evaluation).current)),
        ("提交评价机构", bool(evaluation and evaluation.submitted_at)),
        (
            "评价机构形式审查",
            bool(evaluation and evaluation.status in (Status.PROVINCE_REVIEW, Status.PUBLICITY, Status.REGISTERED)),
        ),
        ("省级主管部门审核与公示", bool(evaluation and evaluation.status in (Status.PUBLICITY, Status.REGISTERED))),
        ("入库登记", bool(evaluation and evaluation.status == Status.REGISTERED)),
    ]
    return render(request, "evaluation/overview.html", {"evaluation": evaluation, "stages": stages, "year": year})


@role_required(ENT)
def evaluation_list(request):
    """S1.2: history list; "新增评价信息" refuses a second one in a year."""
    if request.method == "POST":
        enterprise = request.user.enterprise
        if enterprise is None:
            raise Http404
        if request.POST.get("action") == "sync":
            changed = services.sync_open_evaluations(actor=request.user, enterprise=enterprise)
            if changed:
                messages.success(request, "企业信息已同步到" + "、".join(e.serial for e in changed))
            else:
                messages.success(request, "企业信息已是最新；新增评价信息时会使用最新的企业信息")
            return redirect("evaluation:list")
        try:
            evaluation = services.create_evaluation(actor=request.user, enterprise=enterprise)
        except ValidationError as error:
            for text in _errors_text(error):
                messages.error(request, text)
            return redirect("evaluation:list")
        return redirect("evaluation:info", evaluation_id=evaluation.pk)
    rows = []
    for evaluation in selectors.visible_evaluations(request.user).order_by("-year", "-id"):
        actions = {t.name for t in EVALUATION_PROCESS.allowed(request.user, evaluation)}
        rows.append({"evaluation": evaluation, "actions": actions})
    syncable = any(row["evaluation"].status in EVALUATION_PROCESS.editable_states for row in rows)
    return render(
        request, "evaluation/list.html", {"rows": rows, "year": services.current_year(), "syncable": syncable}
    )


@role_required(ENT)
def info(request, evaluation_id: int):
    """Step 1: verify the enterprise information (and sync it from the profile)."""
    evaluation = _own(request, evaluation_id)
    if request.method == "POST":
        try:
            services.sync_profile(actor=request.user, evaluation=evaluation)
        except ValidationError as error:
            for text in _errors_text(error):
                messages.error(request, text)
        else:
            messages.success(request, "企业信息已同步")
        return redirect("evaluation:info", evaluation_id=evaluation.pk)
    return render(request, "evaluation/step_info.html", _context(evaluation, 1))


@role_required(ENT)
def instructions(request, evaluation_id: int):
    """Step 2: read and acknowledge the instructions."""
    evaluation = _own(request, evaluation_id)
    error = None
    if request.method == "POST":
        if request.POST.get("agree") == "1":
            services.acknowledge(actor=request.user, evaluation=evaluation)
            return redirect("evaluation:form", evaluation_id=evaluation.pk)
        error = "请先阅读填报说明并勾选“我已阅读并知晓”"
    return render(request, "evaluation/step_instructions.html", _context(evaluation, 2, error=error))


def _bound(evaluation, answers, raw=None, errors=None):
    shown = {**answers, "high_tech": evaluation.profile.get("high_tech")}
    return engine.bind(
        EVALUATION_FORM, shown, raw=raw, errors=errors, attachments=selectors.attachments_by_slot(evaluation)
    )


@role_required(ENT)
def main_form(request, evaluation_id: int):
    """Step 3 (S1.4–S1.13, P7): the declared form; explicit save and autosave."""
    evaluation = _own(request, evaluation_id)
    if evaluation.acknowledged_at is None:
        return redirect("evaluation:instructions", evaluation_id=evaluation.pk)
    autosave = request.headers.get("X-Autosave") == "1"
    raw, errors = None, {}
    if request.method == "POST":
        raw = engine.parse_post(EVALUATION_FORM, request.POST)
        version = request.POST.get("version", "")
        try:
            evaluation = services.save_answers(
                actor=request.user,
                evaluation=evaluation,
                raw=raw,
                expected_version=int(version) if version.isdigit() else -1,
                ip_address=client_ip(request),
            )
        except services.FormErrors as error:
            errors = error.errors
        except ValidationError as error:
            errors = {"__all__": "；".join(_errors_text(error))}
        if autosave:
            status = 409 if errors.get("__all__") == services.STALE_MESSAGE else (422 if errors else 200)
            return JsonResponse({"ok": not errors, "version": evaluation.version, "errors": errors}, status=status)
        if not errors:
            messages.success(request, "已保存")
            target = request.POST.get("_next")
            if target == "ip_register":
                return redirect("evaluation:ip_register", evaluation_id=evaluation.pk)
            if target == "result":
                return redirect("evaluation:result", evaluation_id=evaluation.pk)
            return redirect(reverse("evaluation:form", args=[evaluation.pk]) + (request.POST.get("_anchor") or ""))
    answers = evaluation.answers
    if errors and raw is not None:
        answers, _ = engine.validate(EVALUATION_FORM, raw, base=evaluation.answers)
    context = _context(
        evaluation,
        3,
        sections=_bound(evaluation, answers, raw=raw, errors=errors),
        errors=errors,
        general_error=errors.get("__all__"),
        error_count=len(errors),
        live_totals=live_totals_data(),
    )
    return render(request, "evaluation/step_form.html", context, status=422 if errors else 200)


def live_totals_data() -> dict:
    """What the page's live totals need (shares, IP classes); the server recomputes on save."""
    return {
        "shares": {form: str(share) for form, share in RD_FORM_SHARES.items()},
        "overseas": "commissioned_overseas",
        "ip_classes": ip_classes(),
        "ip_names": dict(ip_type_choices()),
    }


@role_required(ENT)
def ip_register(request, evaluation_id: int):
    """S1.10: pick from the enterprise's IP register, 20 per page, filtered by type."""
    evaluation = _own(request, evaluation_id)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
        version = request.POST.get("version", "")
        try:
            services.pick_ip(
                actor=request.user,
                evaluation=evaluation,
                ids=ids,
                expected_version=int(version) if version.isdigit() else -1,
            )
        except ValidationError as error:
            for text in _errors_text(error):
                messages.error(request, text)
        else:
            messages.success(request, f"已获取{len(ids)}条知识产权信息")
            return redirect(reverse("evaluation:form", args=[evaluation.pk]) + "#section-ip")
    ip_type = request.GET.get("type", "")
    queryset = IntellectualProperty.objects.filter(
        enterprise_id=evaluation.enterprise_id, is_valid=True
    ).select_related("ip_type")
    if ip_type:
        queryset = queryset.filter(ip_type__code=ip_type)
    page = paginate(request, queryset.order_by("-granted_on", "id"))
    taken = {row.get("_ref") for row in evaluation.answers.get("ip_rows") or []}
    types = IPType.objects.exclude(ip_class=None)
    context = _context(evaluation, 3, page=page, ip_type=ip_type, types=types, taken=taken)
    return render(request, "evaluation/ip_register.html", context)


@csrf_exempt
def upload(request, evaluation_id: int, slot: str):
    """P6: one file into a slot; the size cap applies while the body streams in."""
    limit_upload(request, MAX_UPLOAD)
    return _upload(request, evaluation_id=evaluation_id, slot=slot)


@csrf_protect
@role_required(ENT)
@require_POST
def _upload(request, evaluation_id: int, slot: str):
    evaluation = _own(request, evaluation_id)
    spec = services.slot_for(slot)
    if spec is None:
        raise Http404
    row_key = request.GET.get("row", "")
    error = None
    incoming = request.FILES.get("file")  # parses the body through the size-capped handler
    if getattr(request, "upload_too_large", False):
        error = f"{spec.label}大小不能超过{spec.size_label}"
    else:
        try:
            services.upload(
                actor=request.user, evaluation=evaluation, slot_key=slot, upload_file=incoming, row_key=row_key
            )
        except ValidationError as exc:
            error = "；".join(_errors_text(exc))
    return _slot_fragment(request, evaluation, spec, row_key, error)


def _slot_fragment(request, evaluation, spec, row_key, error=None):
    files = selectors.attachments_by_slot(evaluation).get((spec.key, row_key), [])
    context = {
        "evaluation": evaluation,
        "slot": spec,
        "files": files,
        "row_key": row_key,
        "error": error,
        "editable": True,
    }
    return render(request, "evaluation/_slot.html", context, status=422 if error else 200)


@role_required(ENT)
@require_POST
def delete_attachment(request, evaluation_id: int, attachment_id: int):
    evaluation = _own(request, evaluation_id)
    attachment = selectors.attachments_by_slot(evaluation)
    found = next((a for items in attachment.values() for a in items if a.pk == attachment_id), None)
    if found is None:
        raise Http404
    error = None
    try:
        services.remove_attachment(actor=request.user, evaluation=evaluation, attachment_id=attachment_id)
    except ValidationError as exc:
        error = "；".join(_errors_text(exc))
    if request.headers.get("X-Fragment") == "1":
        return _slot_fragment(request, evaluation, services.slot_for(found.slot), found.row_key, error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"已删除{found.original_name}")
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = reverse("evaluation:result", args=[evaluation.pk])  # only this site: no open redirect
    return redirect(target)


@role_required(ENT)
def result(request, evaluation_id: int):
    """Step 4 (S1.14–S1.16): self-assessment, cover page, agency choice and submission."""
    evaluation = _own(request, evaluation_id)
    if evaluation.status in EVALUATION_PROCESS.editable_states:
        evaluation = services.run_assessment(actor=request.user, evaluation=evaluation)
        problems = services.submit_problems(evaluation)
    else:
        problems = []
    grouped = selectors.attachments_by_slot(evaluation)
    context = _context(
        evaluation,
        4,
        result=evaluation.assessment,
        table=documents.indicator_rows(evaluation),
        missing=services.completeness_summary(evaluation)
        if evaluation.status in EVALUATION_PROCESS.editable_states
        else {},
        problems=problems,
        agencies=selectors.agencies_for(evaluation.enterprise),
        cover_slot=services.COVER_SLOT,
        other_slot=services.OTHER_SLOT,
        cover_files=grouped.get(("cover", ""), []),
        other_files=grouped.get(("attachments", ""), []),
        cover=documents.cover_status(evaluation),
    )
    return render(request, "evaluation/step_result.html", context)


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(ENT)
def cover(request, evaluation_id: int):
    """S1.15: the cover page generated from the saved data."""
    evaluation = _own(request, evaluation_id)
    evaluation = services.mark_cover_printed(actor=request.user, evaluation=evaluation)
    return _pdf(documents.cover_pdf(evaluation, request.user), f"{evaluation.profile.get('name', '')}-科技型中小企业评价封面.pdf")


@role_required(ENT, *REVIEWERS)
def audit_form(request, evaluation_id: int):
    """入库审核表 (S1.16)."""
    evaluation = selectors.evaluation_for(request.user, evaluation_id)
    return _pdf(documents.audit_form_pdf(evaluation, request.user), f"{evaluation.serial}-入库审核表.pdf")


@role_required(ENT)
@require_POST
def submit(request, evaluation_id: int):
    evaluation = _own(request, evaluation_id)
    agency = request.POST.get("agency", "")
    try:
        services.submit(
            actor=request.user,
            evaluation=evaluation,
            agency_id=int(agency) if agency.isdigit() else None,
            ip_address=client_ip(request),
        )
    except ValidationError as error:
        for text in _errors_text(error):
            messages.error(request, text)
        return redirect("evaluation:result", evaluation_id=evaluation.pk)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("evaluation:result", evaluation_id=evaluation.pk)
    messages.success(request, "评价信息已提交，请等待评价机构形式审查")
    return redirect("evaluation:list")


@role_required(ENT)
@require_POST
def withdraw(request, evaluation_id: int):
    evaluation = _own(request, evaluation_id)
    try:
        services.decide(actor=request.user, evaluation=evaluation, action="withdraw", ip_address=client_ip(request))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, "；".join(_errors_text(error)) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, "已撤回，可修改、删除或再次提交")
    return redirect("evaluation:list")


@role_required(ENT)
@require_POST
def delete(request, evaluation_id: int):
    evaluation = _own(request, evaluation_id)
    try:
        services.delete_evaluation(actor=request.user, evaluation=evaluation)
    except ValidationError as error:
        for text in _errors_text(error):
            messages.error(request, text)
    else:
        messages.success(request, "评价信息已删除")
    return redirect("evaluation:list")


@role_required(ENT, *REVIEWERS)
def records(request, evaluation_id: int):
    """审核记录 (P8)."""
    evaluation = selectors.evaluation_for(request.user, evaluation_id)
    return render(request, "evaluation/records.html", {"evaluation": evaluation, "records": records_for(evaluation)})


def _detail_context(request, evaluation):
    data = evaluation.snapshot.get("answers") if evaluation.snapshot and not request.user.is_enterprise_user else None
    answers = selectors.answers_for(request.user, data or evaluation.answers)
    return {
        "evaluation": evaluation,
        "profile": evaluation.profile,
        "sections": _bound(evaluation, answers),
        "result": evaluation.assessment,
        "table": documents.indicator_rows(evaluation),
        "records": records_for(evaluation),
        "grouped": selectors.attachments_by_slot(evaluation),
        "cover_files": selectors.attachments_by_slot(evaluation).get(("cover", ""), []),
        "other_files": selectors.attachments_by_slot(evaluation).get(("attachments", ""), []),
        "readonly": True,
    }


@role_required(ENT)
def view(request, evaluation_id: int):
    """Read-only view of the whole evaluation (after submission, or any time)."""
    evaluation = _own(request, evaluation_id)
    return render(request, "evaluation/detail.html", _detail_context(request, evaluation))


def xlsx_template(request, kind: str):
    """The two downloadable templates (S1.12) as real XLSX."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    content, name = documents.template_xlsx(kind)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# ---------------------------------------------------------------- reviewers (S1.16)


@role_required(*REVIEWERS)
def review_list(request):
    keyword = request.GET.get("q", "")[:100]
    status = request.GET.get("status", "")
    year = request.GET.get("year", "")
    queryset = selectors.search(request.user, keyword=keyword, status=status, year=year)
    page = paginate(request, queryset)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "keyword": keyword,
        "status": status,
        "year": year,
        "statuses": Status.choices,
        "total": page.paginator.count,
        "query": query.urlencode(),
    }
    return render(request, "evaluation/review_list.html", context)


@role_required(*REVIEWERS)
def review_detail(request, evaluation_id: int):
    evaluation = selectors.evaluation_for(request.user, evaluation_id)
    error = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            evaluation = services.decide(
                actor=request.user,
                evaluation=evaluation,
                action=action,
                opinion=request.POST.get("opinion", ""),
                ip_address=client_ip(request),
            )
        except ValidationError as exc:
            error = "；".join(_errors_text(exc))
        except PermissionDenied as exc:
            if not selectors.can_read(request.user, evaluation.pk):
                raise Http404 from None
            error = str(exc)
        else:
            messages.success(request, f"已办理：{EVALUATION_PROCESS.transition(action).decision}")
            if selectors.can_read(request.user, evaluation.pk):
                return redirect("evaluation:review_detail", evaluation_id=evaluation.pk)
            return redirect("evaluation:review_list")
    queryset = selectors.search(
        request.user,
        keyword=request.GET.get("q", ""),
        status=request.GET.get("status", ""),
        year=request.GET.get("year", ""),
    )
    previous, following = selectors.neighbours(queryset, evaluation)
    context = _detail_context(request, evaluation)
    context.update(
        actions=EVALUATION_PROCESS.allowed(request.user, evaluation),
        error=error,
        opinion=request.POST.get("opinion", "") if error else "",
        previous=previous,
        following=following,
        query=request.GET.urlencode(),
    )
    return render(request, "evaluation/review_detail.html", context, status=422 if error else 200)
