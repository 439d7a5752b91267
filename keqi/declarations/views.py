"""Declaration pages for every program (X5, S0): thin — parse, call services/selectors, render."""

from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from keqi.core.http import client_ip, role_required
from keqi.core.paging import paginate
from keqi.declarations import (
    amounts,
    assessment,
    documents,
    exports,
    follow_up,
    levels,
    prefill,
    selectors,
    services,
)
from keqi.declarations import series as series_lists
from keqi.declarations.forms import form_of, slot_at
from keqi.declarations.models import Program, Submission
from keqi.declarations.process import process_for
from keqi.files.uploads import received_file, upload_endpoint
from keqi.formkit import engine
from keqi.workflow.services import records_for

ENT = "ENT"
OFFICERS = ("DIS", "CITY", "AGY")


def _text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "；".join(m for items in error.message_dict.values() for m in items)
    return "；".join(error.messages)


def _version(request) -> int:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else -1


def _urls(submission: Submission) -> dict:
    base = reverse("declarations:edit", args=[submission.pk])
    return {
        "upload_base": base + "upload/",
        "delete_base": base + "attachments/",
        "records_base": base + "records/",
        "pick_base": base + "pick/",
    }


def _attachments(submission: Submission) -> dict:
    grouped: dict[tuple[str, str], list] = {}
    for attachment in services._attachments(submission):
        grouped.setdefault((attachment.slot, attachment.row_key), []).append(attachment)
    return grouped


def _record_attachments(grouped: dict, uid: str) -> dict:
    inner = {}
    for (slot, path), items in grouped.items():
        if path == uid:
            inner[(slot, "")] = items
        elif path.startswith(uid + "/"):
            inner[(slot, path[len(uid) + 1 :])] = items
    return inner


def _tabs(submission: Submission, sections: list[dict]) -> bool:
    """A form whose document says "layout": "tabs" shows each section as a tab; a tab with an
    error is marked so the first one opens."""
    if submission.form.document.get("layout") != "tabs":
        return False
    for section in sections:
        section["has_error"] = bool(
            any(f["error"] for f in section["fields"])
            or any(t["error"] or any(c["error"] for r in t["rows"] for c in r["cells"]) for t in section["tables"])
            or any(slot["error"] for slot in section["slots"])
            or any(r["error"] or any(row["error"] for row in r["rows"]) for r in section["records"])
        )
    return True


def _opinions(submission: Submission, records) -> list[dict]:
    """审批意见: each level's decisions with the program's own labels (e.g. 审核不通过)."""
    names = [level.get("label") for level in submission.program.levels or []]
    rows = []
    for record in records:
        if record.transition not in ("pass", "return", "reject"):
            continue
        index = names.index(record.level) if record.level in names else -1
        rows.append(
            {
                "level": record.level,
                "organisation": record.organisation,
                "decision": levels.label_for(submission.program, index, record.transition, record.decision),
                "opinion": record.opinion,
                "created_at": record.created_at,
            }
        )
    return rows


# ---------------------------------------------------------------- enterprise


@role_required(ENT)
def programs(request):
    """申报活动: open, upcoming and closed programs with a hint of eligibility."""
    return render(request, "declarations/programs.html", {"rows": selectors.programs_for_enterprise(request.user)})


@role_required(ENT)
def program_detail(request, key: str):
    program = selectors.program_for_enterprise(request.user, key)
    row = next(r for r in selectors.programs_for_enterprise(request.user) if r["program"].pk == program.pk)
    if request.method == "POST":
        try:
            submission = services.start(actor=request.user, program=program)
        except ValidationError as error:
            messages.error(request, _text(error))
        else:
            return redirect("declarations:edit", submission_id=submission.pk)
    return render(
        request,
        "declarations/program.html",
        {"program": program, "row": row, "reason": services.can_declare(program, request.user.enterprise)},
    )


def _editable(submission: Submission) -> bool:
    return submission.status in process_for(submission.program).editable_states


def _page(request, submission: Submission, *, raw=None, errors=None, status=200):
    form = form_of(submission.form)
    answers = submission.answers
    if errors and raw:
        answers, _ = engine.validate(form, raw, base=submission.answers)
    editable = _editable(submission)
    grouped = _attachments(submission)
    process = process_for(submission.program)
    sections = prefill.mark(
        engine.bind(form, answers, raw=raw or {}, errors=errors or {}, attachments=grouped),
        prefill.sources(submission),
    )
    records = records_for(submission)
    context = {
        "submission": submission,
        "program": submission.program,
        "form": form,
        "sections": sections,
        "tabs": _tabs(submission, sections),
        "errors": errors or {},
        "general_error": (errors or {}).get("__all__"),
        "error_count": len(errors or {}),
        "editable": editable,
        "readonly": not editable,
        "documents": [
            {
                **item,
                "slot": item["kind"].signed,
                # A void copy is listed as such; uploading a new one replaces it.
                "files": [item["signed"]] if item["signed"] and item["state"] == "current" else [],
                "void_file": item["signed"] if item["state"] == "void" else None,
                "error": (errors or {}).get(f"document-{item['doc']['key']}"),
            }
            for item in services.document_states(submission)
        ],
        "actions": process.allowed(request.user, submission),
        "syncable": selectors.syncable(submission),
        "agencies": _agencies(submission) if editable else [],
        "status_label": process.label(submission.status),
        "records": records,
        "opinions": _opinions(submission, records),
        "record_lists": list(form.all_records()),
        "assessment": assessment.view(submission),
        "award": amounts.calculate(submission.program, submission.answers, form),
        **_urls(submission),
    }
    return render(request, "declarations/edit.html", context, status=status)


def _agencies(submission) -> list:
    """The agencies to choose from at submit, when a level is reviewed by the chosen agency."""
    from keqi.declarations.process import AGENCY_LEVEL

    if not any(level.get("region_level") == AGENCY_LEVEL for level in submission.program.levels or []):
        return []
    return list(selectors.agencies_for(submission.enterprise))


@role_required(ENT)
def edit(request, submission_id: int):
    """The main form with its record lists, generated documents and submit (S0.3–S0.9)."""
    if request.method != "POST":
        return _page(request, selectors.own_submission(request.user, submission_id))
    autosave = request.headers.get("X-Autosave") == "1"
    raw, errors = {}, {}
    try:
        submission = services.save_post(
            actor=request.user,
            submission_id=submission_id,
            data=request.POST,
            expected_version=_version(request),
            ip_address=client_ip(request),
        )
    except Submission.DoesNotExist:
        raise Http404("申报材料不存在或无权查看") from None
    except services.FormErrors as error:
        raw, errors = error.raw, error.field_errors
    except ValidationError as error:
        errors = {"__all__": _text(error)}
    if errors:  # read again, outside the failed save: the page shows it as it now stands
        submission = selectors.own_submission(request.user, submission_id)
        raw = raw or engine.parse_post(form_of(submission.form), request.POST)
    if autosave:
        status = 409 if errors.get("__all__") == services.STALE_MESSAGE else (422 if errors else 200)
        return JsonResponse({"ok": not errors, "version": submission.version, "errors": errors}, status=status)
    if errors:
        return _page(request, submission, raw=raw, errors=errors, status=422)
    messages.success(request, "已保存")
    return redirect("declarations:edit", submission_id=submission.pk)


@role_required(ENT)
def record(request, submission_id: int, list_key: str, uid: str = ""):
    """One record of a record list (添加 / 编辑), with its own uploads and child tables."""
    submission = selectors.own_submission(request.user, submission_id)
    records = form_of(submission.form).record_list(list_key)
    if records is None:
        raise Http404
    items = submission.answers.get(list_key) or []
    item = next((i for i in items if i.get("_uid") == uid), None) if uid else {}
    if item is None:
        raise Http404("该条记录不存在或已删除")
    raw, errors = None, {}
    if request.method == "POST" and _editable(submission):
        raw = engine.parse_post(records.form, request.POST)
        try:
            submission, uid = services.save_record(
                actor=request.user,
                submission=submission,
                list_key=list_key,
                uid=uid,
                raw=raw,
                expected_version=_version(request),
            )
        except services.FormErrors as error:
            errors = error.field_errors
        except ValidationError as error:
            errors = {"__all__": _text(error)}
        if not errors:
            messages.success(request, f"已保存{records.label}")
            if request.POST.get("_next") == "stay" or not item:
                return redirect("declarations:record", submission_id=submission.pk, list_key=list_key, uid=uid)
            return redirect(reverse("declarations:edit", args=[submission.pk]) + f"#records-{list_key}")
    answers = item
    if errors and raw is not None:
        answers, _ = engine.validate(records.form, raw, base=item)
    editable = _editable(submission)
    grouped = _record_attachments(_attachments(submission), uid) if uid else {}
    context = {
        "submission": submission,
        "program": submission.program,
        "records": records,
        "uid": uid,
        "sections": engine.bind(records.form, answers, raw=raw or {}, errors=errors, attachments=grouped),
        "general_error": errors.get("__all__"),
        "error_count": len(errors),
        "editable": editable,
        "readonly": not editable,
        "record_path": uid,
        "slot_prefix": f"{uid}/" if uid else "",
        "can_upload": bool(uid),
        **_urls(submission),
    }
    if not uid:
        context["upload_base"] = ""  # files are added once the record exists
    return render(request, "declarations/record.html", context, status=422 if errors else 200)


@role_required(ENT)
def pick(request, submission_id: int, table_key: str):
    """Pick table rows from a register the table names (e.g. 获取知识产权信息)."""
    from keqi.formkit import registry

    submission = selectors.own_submission(request.user, submission_id)
    table = form_of(submission.form).table(table_key)
    if table is None or table.pick not in registry.PICKERS:
        raise Http404
    back = reverse("declarations:edit", args=[submission.pk]) + f"#table-{table_key}"
    if request.method == "POST":
        try:
            services.pick_rows(
                actor=request.user,
                submission=submission,
                table_key=table_key,
                refs=request.POST.getlist("refs"),
                expected_version=_version(request),
            )
        except ValidationError as error:
            messages.error(request, _text(error))
            return redirect(request.path)
        messages.success(request, f"已添加到{table.label}")
        return redirect(back)
    taken = {row.get("_ref") for row in submission.answers.get(table_key) or []}
    rows = [
        {
            "ref": item["_ref"],
            "taken": item["_ref"] in taken,
            "cells": [engine.display(column, item.get(column.key)) for column in table.columns],
        }
        for item in registry.PICKERS[table.pick](submission.enterprise)
    ]
    page = paginate(request, rows, 20)
    context = {"submission": submission, "program": submission.program, "table": table, "page": page, "back": back}
    return render(request, "declarations/pick.html", context)


@role_required(ENT)
@require_POST
def delete_records(request, submission_id: int, list_key: str):
    submission = selectors.own_submission(request.user, submission_id)
    try:
        services.delete_records(
            actor=request.user,
            submission=submission,
            list_key=list_key,
            uids=request.POST.getlist("uids"),
            expected_version=_version(request) if "version" in request.POST else submission.version,
        )
    except ValidationError as error:
        messages.error(request, _text(error))
    else:
        messages.success(request, "已删除勾选的记录")
    return redirect(reverse("declarations:edit", args=[submission.pk]) + f"#records-{list_key}")


def _slot_fragment(request, submission, slot, path, error=None, status=None):
    context = {
        "slot": slot,
        "files": _attachments(submission).get((slot.key, path), []),
        "row_key": path,
        "error": error,
        "editable": True,
        **_urls(submission),
    }
    return render(request, "formkit/slot.html", context, status=status or (422 if error else 200))


def _slot(submission, slot_key: str, path: str):
    return slot_at(form_of(submission.form), path, slot_key) or services.document_slot(submission, slot_key, path)


def _resolve_slot(request, submission_id: int, slot: str):
    """The addressed slot, from the URL alone, so its cap applies before the body is read."""
    user = request.user
    if not (user.is_authenticated and getattr(user, "is_enterprise_user", False)):
        return None
    found = selectors.visible(user).filter(pk=submission_id).first()
    return _slot(found, slot, request.GET.get("row", "")) if found else None


def _refused(request, slot, message: str):
    submission = selectors.own_submission(request.user, request.resolver_match.kwargs["submission_id"])
    return _slot_fragment(request, submission, slot, request.GET.get("row", ""), message, status=413)


@upload_endpoint(_resolve_slot, refused=_refused)
@role_required(ENT)
@require_POST
def upload(request, submission_id: int, slot: str):
    """P6: one file into a slot; the slot's cap applies before and while the body streams in."""
    submission = selectors.own_submission(request.user, submission_id)
    path = request.GET.get("row", "")
    spec = request.upload_slot
    error = None
    try:
        incoming = received_file(request, spec)
        services.upload(actor=request.user, submission=submission, slot_key=slot, path=path, upload_file=incoming)
    except ValidationError as exc:
        error = _text(exc)
    return _slot_fragment(request, submission, spec, path, error)


@role_required(ENT)
@require_POST
def delete_attachment(request, submission_id: int, attachment_id: int):
    submission = selectors.own_submission(request.user, submission_id)
    found = services._attachments(submission).filter(pk=attachment_id).first()
    if found is None:
        raise Http404
    error = None
    try:
        services.remove_attachment(actor=request.user, submission=submission, attachment_id=attachment_id)
    except ValidationError as exc:
        error = _text(exc)
    spec = _slot(submission, found.slot, found.row_key)
    if request.headers.get("X-Fragment") == "1" and spec is not None:
        return _slot_fragment(request, submission, spec, found.row_key, error)
    if error:
        messages.error(request, error)
    return redirect("declarations:edit", submission_id=submission.pk)


@role_required(ENT, *OFFICERS)
def document(request, submission_id: int, key: str):
    """Download a generated document; the download fixes the answers its signed copy must match.
    Officers download the printed-only ones (`"signed": false`, e.g. 入库审核表)."""
    submission = selectors.submission_for(request.user, submission_id)
    found = documents.find(submission.program, key)
    if found is None or (not request.user.is_enterprise_user and found[0].get("signed", True)):
        raise Http404
    pdf = services.issue_document(actor=request.user, submission=submission, key=key)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(found[0]['title'] + '.pdf')}"
    return response


@role_required(ENT, *OFFICERS)
def filled_pdf(request, submission_id: int):
    """下载 (S3.8): the declaration as filled (the current answers; a submitted one is frozen), as PDF."""
    from keqi.formkit import pdf

    submission = selectors.submission_for(request.user, submission_id)
    title = submission.form.document.get("title") or submission.program.name
    context = documents.answers_context(submission, title)
    response = HttpResponse(pdf.render_pdf("declarations/pdf/answers.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(title + '.pdf')}"
    return response


@role_required(ENT)
@require_POST
def act(request, submission_id: int, action: str):
    """提交 / 撤回 / 删除 by the enterprise."""
    submission = selectors.own_submission(request.user, submission_id)
    try:
        if action == "submit":
            services.submit(
                actor=request.user,
                submission=submission,
                agency_id=request.POST.get("agency") or None,
                ip_address=client_ip(request),
            )
            messages.success(request, "已提交，请等待审核")
        elif action == "withdraw":
            services.withdraw(actor=request.user, submission=submission, ip_address=client_ip(request))
            messages.success(request, "已撤回，可修改后重新提交")
        elif action == "sync":
            before = submission.version
            synced = services.sync_profile(actor=request.user, submission=submission, ip_address=client_ip(request))
            changed = synced.version != before
            messages.success(request, "企业信息已同步" if changed else "申报书中的企业信息已是最新，无需同步")
            if request.POST.get("next") == "list":
                return redirect("declarations:programs")
        elif action == "delete":
            services.delete_submission(actor=request.user, submission=submission)
            messages.success(request, "已删除申报材料")
            return redirect("declarations:programs")
        else:
            raise Http404
    except services.FormErrors as error:
        return _page(request, submission, errors=error.field_errors, status=422)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _text(error) if isinstance(error, ValidationError) else str(error))
    return redirect("declarations:edit", submission_id=submission.pk)


# ---------------------------------------------------------------- officers


def _program_filter(request) -> Program | None:
    key = request.GET.get("program", "")
    return selectors.programs_visible_to_officer(request.user).filter(key=key).first() if key else None


def _queue(request):
    status = request.GET.get("status", "")
    if status not in dict(Submission.Status.choices):
        status = ""
    keyword = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    return selectors.review_queue(request.user, program=_program_filter(request), q=keyword, status=status)


@role_required(*OFFICERS)
def review_list(request):
    """申报审核: declarations in the officer's region with search and filters."""
    rows = _queue(request)
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    program = _program_filter(request)
    columns, figures = selectors.figure_columns(program, list(page))
    for submission in page:
        submission.figure_cells = [figures.get(submission.pk, {}).get(c["key"]) for c in columns]
    context = {
        "page": page,
        "figure_columns": columns,
        "show_amounts": bool(program and (program.amount or {}).get("scheme")),
        "export_dataset": exports.dataset_for(program.key) if program else None,
        "export_params": {name: request.GET[name] for name in ("q", "status") if request.GET.get(name)},
        "query": query.urlencode(),
        "programs": selectors.programs_visible_to_officer(request.user).exclude(status=Program.Status.DRAFT),
        "statuses": [c for c in Submission.Status.choices if c[0] != "draft"],
        "filters": request.GET,
    }
    return render(request, "declarations/review_list.html", context)


def _back(request):
    """The list the officer came from (申报审核, or a series list such as 年报数据审核) and its
    rows in order, for 上一条 / 下一条 and 返回列表."""
    series, list_name = request.GET.get("series", ""), request.GET.get("list", "")
    if series and list_name in series_lists.LISTS:
        filters, _editions = series_lists.parse(request.user, series, list_name, request.GET)
        url = reverse("declarations:series_list", kwargs={"series": series, "list_name": list_name})
        params = filters.params()
        if params:
            url += "?" + urlencode(params)
        return url, series_lists.list_label(series, list_name), series_lists.rows(request.user, list_name, filters)
    return reverse("declarations:review_list") + "?" + request.GET.urlencode(), "申报审核", _queue(request)


@role_required(*OFFICERS)
def review_detail(request, submission_id: int):
    submission = selectors.submission_for(request.user, submission_id)
    form = form_of(submission.form)
    grouped = _attachments(submission)
    process = process_for(submission.program)
    back_url, back_label, queue = _back(request)
    previous, following = selectors.neighbours(request.user, submission, queue)
    query = request.GET.urlencode()
    sections = prefill.mark(engine.bind(form, submission.answers, attachments=grouped), prefill.sources(submission))
    review_records = records_for(submission)
    record_views = []
    for records in form.all_records():
        for index, item in enumerate(submission.answers.get(records.key) or []):
            record_views.append(
                {
                    "label": f"{records.label}（第{index + 1}条）",
                    "anchor": f"record-{records.key}-{item.get('_uid') or index}",
                    "sections": engine.bind(
                        records.form, item, attachments=_record_attachments(grouped, item.get("_uid") or "")
                    ),
                }
            )
    context = {
        "submission": submission,
        "program": submission.program,
        "sections": sections,
        "tabs": _tabs(submission, sections),
        "record_views": record_views,
        "readonly": True,
        "actions": levels.offered(submission, process.allowed(request.user, submission)),
        "status_label": process.label(submission.status),
        "level": process.current_level(submission),
        "records": review_records,
        "integrity": selectors.integrity(submission),
        "opinions": _opinions(submission, review_records),
        "back_url": back_url,
        "back_label": back_label,
        "snapshots": submission.snapshots.all(),
        "previous": previous,
        "following": following,
        "query": query,
        "signed": [
            {"title": item["doc"]["title"], "files": [item["signed"]] if item["signed"] else []}
            for item in services.document_states(submission)
        ],
        "assessment": assessment.view(submission),
        "award": amounts.calculate(submission.program, submission.answers, form),
        "ask_approved": services.needs_approved_amount(submission) and submission.status == "review",
        **_follow_up_context(request.user, submission),
    }
    return render(request, "declarations/review_detail.html", context)


def _follow_up_context(user, submission, raw=None, errors=None) -> dict:
    """The program's after-approval step: the recorded values, or the form for its officer."""
    form = follow_up.form_for(submission.program)
    if form is None:
        return {}
    fields = []
    if follow_up.can_record(user, submission):
        for spec in form.all_fields():
            value = (raw or {}).get(spec.key, "")
            fields.append(engine.bind_field(spec, None, (errors or {}).get(spec.key), spec.key, {}, raw_value=value))
    return {
        "follow_up_label": follow_up.spec(submission.program).get("label", "登记"),
        "follow_up_values": follow_up.shown(submission),
        "follow_up_fields": fields,
    }


@role_required(*OFFICERS)
@require_POST
def record_follow_up(request, submission_id: int):
    """The after-approval step a program declares (e.g. 兑现登记)."""
    submission = selectors.submission_for(request.user, submission_id)
    form = follow_up.form_for(submission.program)
    raw = engine.parse_post(form, request.POST) if form else {}
    try:
        follow_up.record(actor=request.user, submission=submission, raw=raw, ip_address=client_ip(request))
    except PermissionDenied as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, _text(error))
    else:
        messages.success(request, f"{follow_up.spec(submission.program).get('label', '登记')}已保存")
    return redirect("declarations:review_detail", submission_id=submission.pk)


@role_required(*OFFICERS)
@require_POST
def decide(request, submission_id: int):
    submission = selectors.submission_for(request.user, submission_id)
    action = request.POST.get("action", "")
    try:
        services.decide(
            actor=request.user,
            submission=submission,
            action=action,
            opinion=request.POST.get("opinion", ""),
            approved_amount=request.POST.get("approved_amount", "")[:40],
            ip_address=client_ip(request),
        )
    except ValidationError as error:
        messages.error(request, _text(error))
        return redirect("declarations:review_detail", submission_id=submission.pk)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("declarations:review_detail", submission_id=submission.pk)
    messages.success(request, "审核意见已提交")
    back = request.POST.get("back", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("declarations:review_list")
