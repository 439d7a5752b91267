"""优质中小企业梯度培育 pages (seed 003): public portal, lookup, digital assessment, real-name
verification, announcements, recognition batches and officers' lists. Thin: parse, call
services/selectors, render."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from keqi.accounts import captcha, mobile, throttle
from keqi.core.http import client_ip, role_required
from keqi.core.paging import paginate
from keqi.cultivation import exports, selectors, services
from keqi.cultivation.models import Announcement, RecognitionBatch, Verification
from keqi.cultivation.tiers import TIERS
from keqi.declarations import assessment as declaration_assessment
from keqi.declarations import windows
from keqi.declarations.models import Program
from keqi.exports import datasets
from keqi.policy.schemes.digital_level_2024 import INDUSTRY_NAMES, LEVEL_NAMES, QUESTIONS, SCENE_LEVELS, SCENES
from keqi.reference.models import Region

ENT = "ENT"
LOOKUP_THROTTLE = "recognition_lookup_ip"


def _errors(error: ValidationError) -> dict[str, str]:
    """Field errors for the templates; the form-wide one as "general" (templates cannot read "__all__")."""
    if hasattr(error, "error_dict"):
        found = {key: "；".join(items) for key, items in error.message_dict.items()}
    else:
        found = {"__all__": "；".join(error.messages)}
    if "__all__" in found:
        found["general"] = found.pop("__all__")
    return found


def _text(request, key: str, limit: int = 200) -> str:
    return request.POST.get(key, request.GET.get(key, "")).replace("\x00", "").strip()[:limit]


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


# ---------------------------------------------------------------- public


def portal(request):
    """梯度培育 public home: 部级 and 省级 announcements, the lookup, the assessment and the declarations."""
    return render(
        request,
        "cultivation/portal.html",
        {
            "ministry": selectors.published_announcements(level="ministry")[:6],
            "province": selectors.published_announcements(level="province")[:6],
            "tiers": TIERS,
        },
    )


def announcements(request):
    """公告: search by keyword, level, province and date."""
    filters = {
        "keyword": _text(request, "q", 100),
        "level": _text(request, "level", 10),
        "province": _text(request, "province", 12),
        "since": _day(_text(request, "since", 10)),
        "until": _day(_text(request, "until", 10)),
    }
    page = paginate(request, selectors.published_announcements(**filters))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cultivation/announcements.html",
        {
            "page": page,
            "query": query.urlencode(),
            "filters": request.GET,
            "levels": Announcement.Level.choices,
            "provinces": Region.objects.filter(level=Region.Level.PROVINCE).order_by("code"),
        },
    )


def announcement(request, pk: int):
    found = selectors.announcement_for_public(pk)
    if found is None and request.user.is_authenticated:
        found = selectors.managed_announcements(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("公告不存在或已撤回")
    return render(request, "cultivation/announcement.html", {"a": found})


def announcement_file(request, pk: int, file_id: int):
    found = selectors.announcement_for_public(pk)
    if found is None and request.user.is_authenticated:
        found = selectors.managed_announcements(request.user).filter(pk=pk).first()
    item = found.files.filter(pk=file_id).first() if found else None
    if item is None:
        raise Http404("附件不存在")
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)


def lookup(request):
    """企业认定查询 (S3.2): name + USCC + captcha; 10 lookups a minute from one address."""
    context: dict = {"name": "", "uscc": "", "errors": {}, "searched": False}
    status = 200
    if request.method == "POST":
        name, uscc = _text(request, "name", 200), _text(request, "uscc", 18).upper()
        context.update(name=name, uscc=uscc)
        address = client_ip(request)
        errors = {}
        if throttle.exceeded(LOOKUP_THROTTLE, address):
            errors["general"] = "查询过于频繁，请1分钟后再试"
        elif not captcha.check(request.session, _text(request, "captcha", 8)):
            errors["captcha"] = "验证码错误，请重新输入"
        elif not name or not uscc:
            errors["general"] = "请输入企业名称和统一社会信用代码"
        if not errors:
            throttle.hit(LOOKUP_THROTTLE, address)
            enterprise, rows = selectors.lookup(name, uscc)
            context.update(searched=True, enterprise=enterprise, rows=rows)
        else:
            context["errors"] = errors
            status = 429 if "频繁" in errors.get("general", "") else 422
    return render(request, "cultivation/lookup.html", context, status=status)


def mobile_change(request):
    """手机号修改 (人工核验): the business-licence scan goes to the province's officer."""
    context: dict = {"errors": {}, "values": {}}
    if request.method == "POST":
        values = {k: _text(request, k, 30) for k in ("uscc", "name", "id_number", "new_mobile")}
        context["values"] = values
        try:
            if not captcha.check(request.session, _text(request, "captcha", 8)):
                raise ValidationError({"captcha": "验证码错误，请重新输入"})
            services.request_mobile_change(**values, upload=request.FILES.get("file"))
        except ValidationError as error:
            context["errors"] = _errors(error)
            return render(request, "cultivation/mobile_change.html", context, status=422)
        context["done"] = True
    return render(request, "cultivation/mobile_change.html", context)


def recover(request):
    """账号找回 for an enterprise whose USCC is already registered (FAQ 3)."""
    context: dict = {"errors": {}, "values": {}}
    if request.method == "POST":
        values = {k: _text(request, k, 30) for k in ("uscc", "name", "id_number")}
        context["values"] = values
        try:
            if not captcha.check(request.session, _text(request, "captcha", 8)):
                raise ValidationError({"captcha": "验证码错误，请重新输入"})
            context["masked"] = services.recover_account(**values)
            # the enterprise is proved: its account may change its number by the old one (accounts:mobile_change)
            mobile.remember_proved(request.session, services.enterprise_account(values["uscc"])[1])
        except ValidationError as error:
            context["errors"] = _errors(error)
            return render(request, "cultivation/recover.html", context, status=422)
    return render(request, "cultivation/recover.html", context)


# ---------------------------------------------------------------- enterprise


def _tier_rows(user) -> list[dict]:
    enterprise = user.enterprise
    rows = []
    programs = {p.series: p for p in Program.objects.filter(series__in=list(TIERS), status=Program.Status.PUBLISHED)}
    for series, tier in TIERS.items():
        program = programs.get(series)
        state = windows.state(program, enterprise) if program else None
        rows.append({"series": series, "tier": tier, "program": program, "window": state})
    return rows


@role_required(ENT)
def enterprise_home(request):
    """企业申报: the three tiers with their entry (open only in this province's window), the
    verification and assessment state, and the history with 详情."""
    enterprise = request.user.enterprise
    history = selectors.tier_submissions_of(enterprise) if enterprise else []
    return render(
        request,
        "cultivation/enterprise.html",
        {
            "rows": _tier_rows(request.user) if enterprise else [],
            "verified": selectors.verified(enterprise) if enterprise else False,
            "pending": selectors.pending_verification(enterprise) if enterprise else None,
            "latest": selectors.latest_assessment(enterprise) if enterprise else None,
            "history": history,
            "news": selectors.news_for(enterprise)[:5] if enterprise else [],
        },
    )


def _digital_data(request) -> dict:
    data: dict = {}
    for question in QUESTIONS:
        if question.multiple:
            chosen = request.POST.getlist(question.key)
            data[question.key] = chosen or None
        else:
            data[question.key] = request.POST.get(question.key) or None
        for number in question.numbers:
            data[number.key] = request.POST.get(number.key, "").strip() or None
    for key, _label, _group in SCENES:
        value = request.POST.get(key, "").strip()
        data[key] = int(value) if value.isdigit() else (value or None)
    level = request.POST.get("platform_level", "").strip()
    data["platform_level"] = int(level) if level.isdigit() else (level or None)
    return data


@role_required(ENT)
def digital(request):
    """数字化水平评测 (S3.3): the 2024 questionnaire, scored on submit; retakes kept as history."""
    enterprise = request.user.enterprise
    if enterprise is None:
        raise PermissionDenied("请先完善企业信息")
    errors: dict = {}
    posted: dict = {}
    if request.method == "POST":
        posted = _digital_data(request)
        try:
            attempt = services.take_assessment(actor=request.user, data=posted)
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, f"评测已提交，得分{attempt.total.normalize():f}分")
            return redirect("cultivation:digital")
    latest = selectors.latest_assessment(enterprise)
    base = posted or (latest.answers if latest else {})
    questions = []
    for question in QUESTIONS:
        chosen = base.get(question.key)
        chosen = chosen if isinstance(chosen, list) else ([chosen] if chosen else [])
        questions.append(
            {
                "q": question,
                "chosen": chosen,
                "error": errors.get(question.key)
                or next((errors.get(n.key) for n in question.numbers if errors.get(n.key)), None),
                "numbers": [{"n": n, "value": base.get(n.key) or ""} for n in question.numbers],
            }
        )
    form = services.questionnaire_for(enterprise)
    return render(
        request,
        "cultivation/digital.html",
        {
            "questions": questions,
            "scenes": [
                {"key": k, "label": label, "group": g, "value": str(base.get(k) or "")} for k, label, g in SCENES
            ],
            "scene_levels": sorted(SCENE_LEVELS.items()),
            "platform_level": str(base.get("platform_level") if base.get("platform_level") is not None else ""),
            "level_names": sorted(LEVEL_NAMES.items()),
            "errors": errors,
            "general_error": errors.get("general") or errors.get("answers"),
            "form_name": INDUSTRY_NAMES[form],
            "form_key": form,
            "latest": latest,
            "history": selectors.assessments(enterprise)[:20],
            "industry_known": bool(enterprise.industry_section),
        },
        status=422 if errors else 200,
    )


@role_required(ENT)
def verify(request):
    """法人实名认证 with the 人工实名认证 fallback (S3.5)."""
    enterprise = request.user.enterprise
    errors: dict = {}
    values = {"name": "", "id_number": "", "uscc": enterprise.uscc if enterprise else ""}
    if request.method == "POST":
        values = {k: _text(request, k, 30) for k in ("name", "id_number", "uscc")}
        try:
            found = services.request_verification(
                actor=request.user, **values, upload=request.FILES.get("file"), manual=request.POST.get("manual") == "1"
            )
        except ValidationError as error:
            errors = _errors(error)
        except PermissionDenied as error:
            errors = {"general": str(error)}
        else:
            if found.status == Verification.Status.AUTO:
                messages.success(request, "法人实名认证已完成，可以进行申报")
            else:
                messages.success(request, "已提交人工实名认证，请等待省级主管部门审核")
            return redirect("cultivation:verify")
    return render(
        request,
        "cultivation/verify.html",
        {
            "errors": errors,
            "values": values,
            "verified": selectors.verified(enterprise) if enterprise else False,
            "records": selectors.visible_verifications(request.user)[:10],
            "can_manual": "人工实名认证" in errors.get("general", ""),
        },
        status=422 if errors else 200,
    )


# ---------------------------------------------------------------- officers


def _province_officer(request) -> None:
    if not (selectors.is_province_officer(request.user) or request.user.is_platform_admin):
        raise PermissionDenied("只有部级、省级主管部门可以访问该页面")


@role_required("CITY")
def verification_queue(request):
    _province_officer(request)
    status = _text(request, "status", 12)
    status = status if status in Verification.Status.values else ("pending" if "status" not in request.GET else "")
    page = paginate(request, selectors.verification_queue(request.user, status=status))
    return render(
        request,
        "cultivation/verification_queue.html",
        {"page": page, "status": status, "statuses": Verification.Status.choices, "query": f"status={status}"},
    )


@role_required("CITY")
def verification_detail(request, pk: int):
    _province_officer(request)
    found = selectors.verification_queue(request.user, status="").filter(pk=pk).first()
    if found is None:
        raise Http404("申请不存在或无权查看")
    errors: dict = {}
    if request.method == "POST":
        try:
            services.decide_verification(
                actor=request.user,
                verification=found,
                approve=request.POST.get("decision") == "approve",
                reason=_text(request, "reason", 200),
            )
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, "审核结果已提交")
            return redirect("cultivation:verification_queue")
    from keqi.files.models import Attachment

    files = Attachment.objects.filter(owner_type=Verification._meta.label_lower, owner_id=found.pk)
    return render(
        request,
        "cultivation/verification_detail.html",
        {"v": found, "files": files, "errors": errors},
        status=422 if errors else 200,
    )


@role_required("CITY")
def announcement_manage(request):
    _province_officer(request)
    page = paginate(request, selectors.managed_announcements(request.user).order_by("-created_at", "-id"))
    return render(request, "cultivation/announcement_manage.html", {"page": page, "query": ""})


@role_required("CITY")
def announcement_edit(request, pk: int | None = None):
    _province_officer(request)
    found = selectors.managed_announcements(request.user).filter(pk=pk).first() if pk else None
    if pk and found is None:
        raise Http404("公告不存在或无权管理")
    errors: dict = {}
    values = {"title": found.title if found else "", "body": found.body if found else ""}
    if request.method == "POST":
        values = {
            "title": _text(request, "title", 300),
            "body": request.POST.get("body", "").replace("\x00", "")[:20000],
        }
        try:
            found = services.save_announcement(actor=request.user, announcement=found, **values)
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, "公告已保存")
            return redirect("cultivation:announcement_edit", pk=found.pk)
    return render(
        request,
        "cultivation/announcement_edit.html",
        {"a": found, "values": values, "errors": errors},
        status=422 if errors else 200,
    )


@role_required("CITY")
@require_POST
def announcement_act(request, pk: int, action: str):
    _province_officer(request)
    found = selectors.managed_announcements(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("公告不存在或无权管理")
    try:
        if action == "upload":
            services.attach_file(actor=request.user, announcement=found, upload=request.FILES.get("file"))
        else:
            services.announcement_action(actor=request.user, announcement=found, action=action)
    except ValidationError as error:
        messages.error(request, "；".join(_errors(error).values()))
    else:
        labels = {
            "publish": "已发布",
            "withdraw": "已撤回",
            "pin": "已置顶",
            "unpin": "已取消置顶",
            "upload": "附件已上传",
        }
        messages.success(request, labels.get(action, "已保存"))
    return redirect("cultivation:announcement_edit", pk=found.pk)


@role_required("CITY")
def batch_list(request):
    _province_officer(request)
    programs = [p for p in selectors.tier_programs() if selectors.can_recognise(request.user, p)]
    program = next((p for p in programs if p.key == _text(request, "program", 60)), programs[0] if programs else None)
    errors: dict = {}
    if request.method == "POST" and program is not None:
        try:
            batch = services.create_batch(
                actor=request.user,
                program=program,
                title=_text(request, "title", 120),
                publicity_from=_text(request, "publicity_from", 10),
                publicity_to=_text(request, "publicity_to", 10),
                submission_ids=[int(v) for v in request.POST.getlist("submissions") if v.isdigit()],
            )
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, "认定名单已公示")
            return redirect("cultivation:batch", pk=batch.pk)
    return render(
        request,
        "cultivation/batches.html",
        {
            "programs": programs,
            "program": program,
            "candidates": selectors.recognisable(request.user, program) if program else [],
            "batches": selectors.batches(request.user),
            "errors": errors,
            "posted": request.POST,
        },
        status=422 if errors else 200,
    )


@role_required("CITY")
def batch(request, pk: int):
    _province_officer(request)
    found = selectors.batch_for(request.user, pk)
    if found is None:
        raise Http404("批次不存在或无权查看")
    if request.method == "POST":
        try:
            services.recognise(actor=request.user, batch=found)
        except ValidationError as error:
            messages.error(request, "；".join(_errors(error).values()))
        else:
            messages.success(request, "已认定，企业资质已生成（有效期3年）")
        return redirect("cultivation:batch", pk=found.pk)
    return render(
        request,
        "cultivation/batch.html",
        {
            "b": found,
            "entries": found.entries.select_related("enterprise", "qualification"),
            "Status": RecognitionBatch.Status,
        },
    )


@role_required("DIS", "CITY")
def declarations(request):
    """Officers' list per tier and level: status, region, self-assessment score, filters, export."""
    params, errors = selectors.list_filters(request.GET)
    rows = selectors.tier_list(request.user, params).select_related("program", "enterprise__region")
    page = paginate(request, rows)
    for submission in page:
        found = declaration_assessment.run(submission)
        result = found and found["result"]
        submission.score = result["total"] if result else None
        levels = submission.program.levels or []
        submission.level_label = levels[submission.level]["label"] if submission.level < len(levels) else ""
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cultivation/declarations.html",
        {
            "page": page,
            "query": query.urlencode(),
            "filters": params,
            "error": "；".join(errors.values()) + "，已显示全部" if errors else "",
            "tiers": TIERS,
            "programs": {p.series: p for p in selectors.tier_programs()},
            "statuses": list(selectors.LIST_STATUSES.items()),
            "region_counts": selectors.region_counts(request.user),
            "export_dataset": datasets.get(exports.DATASET),
            "export_params": {name: value for name, value in params.items() if value},
        },
    )
