"""申报活动管理 pages (X5): list, edit windows/notes/materials/form, preview, publish, close, clone."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from keqi.core.http import role_required
from keqi.declarations import program_services, selectors, windows
from keqi.declarations.forms import form_of
from keqi.declarations.models import Program
from keqi.formkit import engine
from keqi.reference.models import Region

MANAGERS = ("DIS", "CITY")


def _program(request, key: str) -> Program:
    program = selectors.managed_programs(request.user).filter(key=key).first()
    if program is None:
        raise Http404("申报活动不存在")
    return program


def _text(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for items in error.message_dict.values() for m in items]
    return list(error.messages)


@role_required(*MANAGERS)
def program_list(request):
    programs = selectors.managed_programs(request.user).order_by("-year", "name")
    return render(
        request, "declarations/manage_list.html", {"programs": programs, "this_year": timezone.localdate().year}
    )


class WindowRow(forms.Form):
    region = forms.CharField(required=False, max_length=12, error_messages={"max_length": "适用区域不正确"})
    opens = forms.DateTimeField(error_messages={"required": "请填写开始时间", "invalid": "开始时间格式不正确"})
    closes = forms.DateTimeField(error_messages={"required": "请填写截止时间", "invalid": "截止时间格式不正确"})


def _posted_windows(request) -> list[dict]:
    """The window rows as typed, to show again when the page is refused (nothing typed is lost)."""
    columns = ("window_region", "window_opens", "window_closes")
    typed = zip(*(request.POST.getlist(name) for name in columns), strict=False)
    return [
        {"region_code": region.strip(), "opens": start, "closes": end}
        for region, start, end in typed
        if region or start or end
    ]


def _shown_windows(program) -> list[dict]:
    return [
        {
            "region_code": w.region.code if w.region else "",
            "opens": timezone.localtime(w.opens_at).strftime("%Y-%m-%d %H:%M"),
            "closes": timezone.localtime(w.closes_at).strftime("%Y-%m-%d %H:%M"),
        }
        for w in program.windows.select_related("region")
    ]


def _windows(request, program) -> tuple[list[dict], list[str]]:
    rows, problems = [], []
    regions = request.POST.getlist("window_region")
    opens = request.POST.getlist("window_opens")
    closes = request.POST.getlist("window_closes")
    for index, (region, start, end) in enumerate(zip(regions, opens, closes, strict=False), start=1):
        if not (region or start or end):
            continue
        row = WindowRow({"region": region.strip(), "opens": start, "closes": end})
        if not row.is_valid():
            problems += [f"第{index}个申报时间：{m}" for items in row.errors.values() for m in items]
            continue
        code = row.cleaned_data["region"]
        found = Region.objects.filter(code=code, path__startswith=program.region.path).first() if code else None
        if code and found is None:
            problems.append(f"第{index}个申报时间：所选区域不在{program.region.full_name}范围内")
            continue
        rows.append({"region": found, "opens": row.cleaned_data["opens"], "closes": row.cleaned_data["closes"]})
    return rows, problems


@role_required(*MANAGERS)
def program_edit(request, key: str):
    program = _program(request, key)
    problems: list[str] = []
    if request.method == "POST":
        windows, problems = _windows(request, program)
        document_text = request.POST.get("form_document", "").strip()
        if not problems:
            try:
                program_services.update(
                    actor=request.user,
                    program=program,
                    name=request.POST.get("name", ""),
                    notes=request.POST.get("notes", ""),
                    materials=request.POST.get("materials", "").splitlines(),
                    windows=windows,
                )
                if document_text:
                    try:
                        document = json.loads(document_text)
                    except ValueError as error:
                        raise ValidationError({"form": "表单定义不是有效的JSON"}) from error
                    program_services.change_form(actor=request.user, program=program, document=document)
            except ValidationError as error:
                problems = _text(error)
        if not problems:
            messages.success(request, "已保存")
            return redirect("declarations:manage_program", key=program.key)
    context = {
        "program": program,
        "problems": problems,
        "windows": _posted_windows(request) if problems else _shown_windows(program),
        # A refused save shows what was typed (nothing typed is lost); otherwise the stored program.
        "typed": {key: request.POST.get(key, "") for key in ("name", "notes", "materials", "form_document")}
        if problems
        else {
            "name": program.name,
            "notes": program.notes,
            "materials": "\n".join(program.materials),
            "form_document": json.dumps(program.form.document, ensure_ascii=False, indent=2),
        },
        "window_regions": selectors.window_regions(program),
    }
    return render(request, "declarations/manage_edit.html", context, status=422 if problems else 200)


@role_required(*MANAGERS)
def preview(request, key: str):
    program = _program(request, key)
    form = form_of(program.form)
    context = {"program": program, "sections": engine.bind(form, {}), "readonly": False, "preview": True}
    return render(request, "declarations/manage_preview.html", context)


@role_required(*MANAGERS)
@require_POST
def program_action(request, key: str, action: str):
    program = _program(request, key)
    try:
        if action == "clone":
            year = request.POST.get("year", "")
            copy = program_services.clone(actor=request.user, program=program, year=int(year) if year.isdigit() else 0)
            messages.success(request, f"已复制为{copy.name}，请设置申报时间后发布")
            return redirect("declarations:manage_program", key=copy.key)
        statuses = {
            "publish": Program.Status.PUBLISHED,
            "close": Program.Status.CLOSED,
            "archive": Program.Status.ARCHIVED,
        }
        if action not in statuses:
            raise Http404
        program_services.set_status(actor=request.user, program=program, status=statuses[action])
        messages.success(request, f"{program.name}：{program.get_status_display()}")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, "；".join(_text(error)) if isinstance(error, ValidationError) else str(error))
    return redirect("declarations:manage_program", key=program.key)


# ---------------------------------------------------------------- 申报时间维护 (per region)


class RegionWindowForm(forms.Form):
    opens = forms.DateTimeField(
        label="开始时间",
        error_messages={"required": "请填写开始时间", "invalid": "开始时间格式不正确（如 2026-05-06 09:00）"},
    )
    closes = forms.DateTimeField(
        label="截止时间",
        error_messages={"required": "请填写截止时间", "invalid": "截止时间格式不正确（如 2026-06-06 17:00）"},
    )


def _window_programs(user) -> list[Program]:
    programs = Program.objects.filter(status=Program.Status.PUBLISHED).select_related("region").order_by("name")
    return [p for p in programs if windows.can_set_window(user, p)]


@role_required(*MANAGERS)
def region_windows(request, key: str = ""):
    """申报时间维护: the officer sets or extends their own region's window for each program whose
    data gives their level the windows (seed 003 FAQ 4)."""
    programs = _window_programs(request.user)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        program = next((p for p in programs if p.key == key), None)
        if program is None:
            raise Http404("申报活动不存在")
        form = RegionWindowForm(request.POST)
        if form.is_valid():
            try:
                program_services.set_region_window(
                    actor=request.user,
                    program=program,
                    opens=form.cleaned_data["opens"],
                    closes=form.cleaned_data["closes"],
                )
            except ValidationError as error:
                errors[program.key] = _text(error)
            else:
                messages.success(request, f"已保存{program.name}的申报时间")
                return redirect("declarations:region_windows")
        else:
            errors[program.key] = [m for items in form.errors.values() for m in items]
    rows = [
        {"program": p, "window": windows.own_window(p, request.user.region), "errors": errors.get(p.key, [])}
        for p in programs
    ]
    return render(
        request,
        "declarations/region_windows.html",
        {"rows": rows, "region": request.user.region, "posted": request.POST if errors else {}},
        status=422 if errors else 200,
    )
