"""Declaration writes for every program (X5): keyword-only, atomic, audited in the same
transaction. Program specifics come from the program's data, never from code here."""

import hashlib
import json
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from keqi.core import audit
from keqi.declarations import amounts, eligibility, numbers, outcomes, publicity, windows
from keqi.declarations import assessment as self_assessment
from keqi.declarations import documents as program_documents
from keqi.declarations.forms import form_of, promoted_of, slot_at
from keqi.declarations.levels import check_decision
from keqi.declarations.models import Figure, Program, Snapshot, Submission
from keqi.declarations.prefill import initial_answers, profile_answers, profile_fields
from keqi.declarations.process import S_RETURNED, process_for
from keqi.documents import services as generated
from keqi.files import services as files
from keqi.files.models import Attachment
from keqi.formkit import engine
from keqi.formkit.document import figure_value

STALE_MESSAGE = "该申报材料已在其他页面保存过（版本已更新），为避免覆盖，本次未保存。请复制您的修改，刷新页面后再保存。"


class FormErrors(ValidationError):
    """Field errors with what was typed, so the page shows both and nothing is lost."""

    def __init__(self, errors: dict[str, str], raw: dict):
        super().__init__(errors)
        self.field_errors = errors
        self.raw = raw


def today() -> date:
    return timezone.localdate()


def _owner_type() -> str:
    return Submission._meta.label_lower


def _ensure_owner(actor, submission: Submission) -> None:
    if not actor.is_enterprise_user or actor.enterprise_id != submission.enterprise_id:
        raise PermissionDenied("只能操作本企业的申报材料")


def _ensure_editable(submission: Submission) -> None:
    process = process_for(submission.program)
    if submission.status not in process.editable_states:
        raise ValidationError({"__all__": f"当前状态（{process.label(submission.status)}）下申报材料不可修改"})


def _lock_query():
    # Lock the submission's row only: a plain FOR UPDATE with these joins also locked the
    # program's and the form version's rows, so every save of a program waited for the one
    # before (PostgreSQL). The form's document is compiled once per process (forms.form_of).
    return Submission.objects.select_for_update(of=("self",)).select_related("program", "form").defer("form__document")


def _locked(submission: Submission, expected_version: int | None) -> Submission:
    locked = _lock_query().get(pk=submission.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError({"__all__": STALE_MESSAGE})
    return locked


def can_declare(program: Program, enterprise) -> str:
    """Empty when the enterprise may declare now, else the Chinese reason (window dates,
    the unmet condition named)."""
    window = windows.state(program, enterprise)
    if not window.open:
        return window.message
    return eligibility.unmet_message(eligibility.evaluate(program.eligibility, enterprise, today()))


def _prefill(program: Program, enterprise) -> dict:
    """Profile attributes (`prefill`) and last year's values (`prefill_previous`)."""
    return initial_answers(program, enterprise)


@transaction.atomic
def start(*, actor, program: Program) -> Submission:
    """Open the enterprise's declaration for the program (one per enterprise and program)."""
    if not actor.is_enterprise_user or actor.enterprise_id is None:
        raise PermissionDenied("只有企业用户可以申报")
    enterprise = actor.enterprise
    existing = Submission.objects.filter(program=program, enterprise=enterprise).first()
    if existing:
        return existing
    reason = can_declare(program, enterprise)
    if reason:
        raise ValidationError({"__all__": reason})
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                program=program,
                enterprise=enterprise,
                form=program.form,
                region_path=enterprise.region_path,
                zone_path=enterprise.zone_path,
                answers=_prefill(program, enterprise),
                created_by=actor,
            )
    except IntegrityError:  # a second tab started it a moment earlier
        return Submission.objects.get(program=program, enterprise=enterprise)
    if numbers.assign(submission, "serial"):
        submission.save(update_fields=["serial"])
    _promote(submission)  # prefilled values are figures from the start
    audit.record(actor=actor, action="declaration.start", target=submission, enterprise_id=enterprise.pk)
    return submission


def _promote(submission: Submission, previous: dict | None = None) -> None:
    """Store the fields the form marks `promote` as figures (filters, lists, exports).

    One upsert for all of them: per field it was a savepoint, a select and an update, 45 of a
    full save's 56 queries (docs/performance.md, issue 11 Speed). A submission keeps its form
    version for life (a changed form is a new version for new submissions), so its promoted
    keys never change and no figure has to be deleted here. With `previous` (the answers before
    this save) only the figures whose value changed are written, often none at all."""
    rows = []
    for field in promoted_of(submission.form):
        value = figure_value(field, submission.answers)
        if previous is not None and figure_value(field, previous) == value:
            continue
        numeric = field.get("type") in ("money", "integer", "decimal", "percent")
        rows.append(
            Figure(
                submission=submission,
                key=field["key"],
                number=engine.dec(value) if numeric else None,
                text="" if numeric or value is None else str(value)[:200],
            )
        )
    if rows:
        Figure.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["submission", "key"], update_fields=["number", "text"]
        )
    amounts.refresh(submission)


def _store(actor, submission: Submission, answers: dict, action: str, changes: dict, ip_address=None) -> Submission:
    """Keep new answers; the version moves only when something changed (an edit voids signed
    copies of generated documents)."""
    if answers != submission.answers:
        previous, submission.answers = submission.answers, answers
        submission.version += 1
        submission.save(update_fields=["answers", "version", "updated_at"])
        _promote(submission, previous)
        audit.record(
            actor=actor,
            action=action,
            target=submission,
            changes={**changes, "version": submission.version},
            enterprise_id=submission.enterprise_id,
            ip_address=ip_address,
        )
    return submission


@transaction.atomic
def save(*, actor, submission: Submission, raw: dict, expected_version: int, ip_address=None) -> Submission:
    """Save the main form as a draft: types and ranges are checked; completeness waits for submit."""
    _ensure_owner(actor, submission)
    locked = _locked(submission, expected_version)
    _ensure_editable(locked)
    answers, errors = engine.validate(form_of(locked.form), raw, base=locked.answers)
    if errors:
        raise FormErrors(errors, raw)
    return _store(actor, locked, answers, "declaration.save", {"fields": sorted(raw)}, ip_address)


@transaction.atomic
def save_post(*, actor, submission_id: int, data, expected_version: int, ip_address=None) -> Submission:
    """The page's save of the main form (`data`: the POST). The submission is read once, under
    its lock and within the actor's enterprise (Submission.DoesNotExist otherwise), and the
    post is parsed with its form version: one query less than reading it first to parse."""
    if not actor.is_enterprise_user or actor.enterprise_id is None:
        raise Submission.DoesNotExist
    locked = _lock_query().filter(pk=submission_id, enterprise_id=actor.enterprise_id).first()
    if locked is None:
        raise Submission.DoesNotExist
    raw = engine.parse_post(form_of(locked.form), data)
    if locked.version != expected_version:
        raise FormErrors({"__all__": STALE_MESSAGE}, raw)
    _ensure_editable(locked)
    answers, errors = engine.validate(form_of(locked.form), raw, base=locked.answers)
    if errors:
        raise FormErrors(errors, raw)
    return _store(actor, locked, answers, "declaration.save", {"fields": sorted(raw)}, ip_address)


NOTHING_TO_SYNC = "本申报没有来自企业信息的内容，无需同步"


@transaction.atomic
def sync_profile(*, actor, submission: Submission, ip_address=None) -> Submission:
    """企业信息同步 (seed 001 图31, S1.17): copy the enterprise's current profile into the fields
    the form fills from it (`prefill`), while the declaration is editable; other answers stay."""
    _ensure_owner(actor, submission)
    locked = _locked(submission, None)
    _ensure_editable(locked)
    current = profile_answers(locked.form.document, locked.enterprise)
    if not current:
        raise ValidationError({"__all__": NOTHING_TO_SYNC})
    labels = {field["key"]: field.get("label", field["key"]) for field in profile_fields(locked.form.document)}
    changed = [
        f"{labels[key]}：{locked.answers.get(key) or '空'} → {value or '空'}"
        for key, value in current.items()
        if locked.answers.get(key) != value
    ]
    if not changed:
        return locked
    # the audit line reads "同步内容：企业名称：旧 → 新、…" (keys of a program's form have no label table)
    answers = {**locked.answers, **current}
    return _store(actor, locked, answers, "declaration.sync_profile", {"synced": changed}, ip_address)


@transaction.atomic
def pick_rows(*, actor, submission: Submission, table_key: str, refs: list, expected_version: int) -> Submission:
    """Add rows picked from a register (`"pick"` on the table, e.g. the enterprise's IP register,
    S1.10): marked 系统获取, their register columns kept, no proof upload needed."""
    from keqi.formkit import registry

    _ensure_owner(actor, submission)
    locked = _locked(submission, expected_version)
    _ensure_editable(locked)
    table = form_of(locked.form).table(table_key)
    if table is None or table.pick not in registry.PICKERS:
        raise ValidationError({"__all__": "该表格不能从登记信息中选择"})
    rows = list(locked.answers.get(table_key) or [])
    taken = {row.get("_ref") for row in rows}
    wanted = {str(ref) for ref in refs}
    picked = [
        {**item, "_uid": f"pick{item['_ref']}", "_source": "register"}
        for item in registry.PICKERS[table.pick](locked.enterprise)
        if str(item["_ref"]) in wanted and item["_ref"] not in taken
    ]
    if not picked:
        raise ValidationError({"__all__": "请勾选尚未添加的记录"})
    if len(rows) + len(picked) > table.max_rows:
        raise ValidationError({"__all__": f"{table.label}最多填写{table.max_rows}条"})
    answers = {**locked.answers, table_key: rows + picked}
    return _store(actor, locked, answers, "declaration.pick_rows", {"table": table_key, "added": len(picked)})


def new_uid() -> str:
    import uuid

    return "r" + uuid.uuid4().hex[:11]


@transaction.atomic
def save_record(
    *, actor, submission: Submission, list_key: str, uid: str, raw: dict, expected_version: int
) -> tuple[Submission, str]:
    """Add (uid "") or edit one record of a record list (e.g. one 首台（套） entry)."""
    _ensure_owner(actor, submission)
    locked = _locked(submission, expected_version)
    _ensure_editable(locked)
    records = form_of(locked.form).record_list(list_key)
    if records is None:
        raise ValidationError({"__all__": "申报内容不存在"})
    items = list(locked.answers.get(list_key) or [])
    index = next((i for i, item in enumerate(items) if item.get("_uid") == uid), None) if uid else None
    if uid and index is None:
        raise ValidationError({"__all__": "该条记录已被删除，请返回列表"})
    if index is None and len(items) >= records.max_records:
        raise ValidationError({"__all__": f"{records.label}最多添加{records.max_records}条"})
    base = items[index] if index is not None else {}
    cleaned, errors = engine.validate(records.form, raw, base=base)
    if errors:
        raise FormErrors(errors, raw)
    cleaned["_uid"] = uid or new_uid()
    if index is None:
        items.append(cleaned)
    else:
        items[index] = cleaned
    answers = {**locked.answers, list_key: items}
    _store(actor, locked, answers, "declaration.save_record", {"list": list_key, "record": cleaned["_uid"]})
    return locked, cleaned["_uid"]


@transaction.atomic
def delete_records(*, actor, submission: Submission, list_key: str, uids: list[str], expected_version: int):
    """批量删除: remove the chosen records and detach their files."""
    _ensure_owner(actor, submission)
    locked = _locked(submission, expected_version)
    _ensure_editable(locked)
    if form_of(locked.form).record_list(list_key) is None:
        raise ValidationError({"__all__": "申报内容不存在"})
    if not uids:
        raise ValidationError({"__all__": "请先勾选要删除的记录"})
    items = [item for item in locked.answers.get(list_key) or [] if item.get("_uid") not in set(uids)]
    for attachment in _attachments(locked):
        if attachment.row_key.split("/")[0] in set(uids):
            _remove(actor, locked, attachment)
    return _store(
        actor,
        locked,
        {**locked.answers, list_key: items},
        "declaration.delete_records",
        {"list": list_key, "records": uids},
    )


def _attachments(submission: Submission):
    return Attachment.objects.filter(owner_type=_owner_type(), owner_id=submission.pk)


def attachment_counts(submission: Submission) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for attachment in _attachments(submission):
        key = (attachment.slot, attachment.row_key)
        counts[key] = counts.get(key, 0) + 1
    return counts


@transaction.atomic
def upload(*, actor, submission: Submission, slot_key: str, path: str, upload_file) -> Attachment:
    _ensure_owner(actor, submission)
    locked = _locked(submission, None)
    _ensure_editable(locked)
    for _doc, kind in program_documents.signed_documents(locked.program):
        if kind.signed.key == slot_key and path == "":
            return generated.upload_signed(
                actor=actor, kind=kind, record=locked, enterprise=locked.enterprise, upload=upload_file
            )
    slot = slot_at(form_of(locked.form), path, slot_key)
    if slot is None:
        raise ValidationError({"file": "附件类别不存在"})
    return files.store(
        actor=actor, enterprise=locked.enterprise, owner=locked, slot=slot, upload=upload_file, row_key=path
    )


def _remove(actor, submission: Submission, attachment: Attachment) -> None:
    """A file an officer reviewed in a snapshot is only detached from the draft: it stays
    downloadable with that snapshot (the files engine keeps frozen files)."""
    files.delete(actor=actor, attachment=attachment)


@transaction.atomic
def remove_attachment(*, actor, submission: Submission, attachment_id: int) -> None:
    _ensure_owner(actor, submission)
    locked = _locked(submission, None)
    _ensure_editable(locked)
    attachment = _attachments(locked).filter(pk=attachment_id).first()
    if attachment is None:
        raise ValidationError({"file": "附件不存在或已删除"})
    _remove(actor, locked, attachment)


# ---------------------------------------------------------------- generated documents


def document_slot(submission: Submission, slot_key: str, path: str):
    """The upload slot of a generated document's signed copy (addressed at the form level)."""
    for _doc, kind in program_documents.signed_documents(submission.program):
        if kind.signed.key == slot_key and path == "":
            return kind.signed
    return None


def issue_document(*, actor, submission: Submission, key: str) -> bytes:
    """The PDF of a generated document; while the declaration is editable the download is
    remembered, so its signed copy is accepted for this version of the answers only."""
    found = program_documents.find(submission.program, key)
    if found is None:
        raise ValidationError({"__all__": "该文件不存在"})
    doc, kind = found
    if not doc.get("signed", True):  # printed only (e.g. 入库审核表): whoever may read the record
        return generated.generate(kind, submission, actor=actor)[0]
    _ensure_owner(actor, submission)
    if submission.status in process_for(submission.program).editable_states:
        pdf, _version = generated.issue(actor=actor, kind=kind, record=submission)
    else:
        pdf, _version = generated.generate(kind, submission, actor=actor)
    return pdf


def document_states(submission: Submission) -> list[dict]:
    """Each generated document: not yet signed (download, sign, upload), current, or void (an edit
    after the download: download again)."""
    states = []
    for doc, kind in program_documents.signed_documents(submission.program):
        found = generated.status(kind, submission)
        message = found.message or ("已上传签字盖章件" if found.current else "")
        if found.status == generated.MISSING and found.issued_version is not None:
            message = f"请上传签字盖章后的{doc['title']}"
        states.append(
            {
                "doc": doc,
                "kind": kind,
                "state": found.status,
                "issued": found.issued_version is not None,
                "message": message,
                "signed": found.signed,
            }
        )
    return states


# ---------------------------------------------------------------- submit and review


def submit_problems(submission: Submission) -> dict[str, str]:
    """Everything that stops a submit, by field, in Chinese."""
    problems: dict[str, str] = {}
    reason = can_declare(submission.program, submission.enterprise)
    if reason:
        problems["__all__"] = reason
    problems.update(
        engine.completeness_errors(form_of(submission.form), submission.answers, attachment_counts(submission))
    )
    problems.update(self_assessment.submit_problems(submission))
    for item in document_states(submission):
        if item["state"] != generated.CURRENT:
            problems[f"document-{item['doc']['key']}"] = (
                item["kind"].void_text if item["state"] == generated.VOID else item["kind"].missing_text
            )
    return problems


def _canonical(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _snapshot(submission: Submission) -> Snapshot:
    previous = submission.snapshots.order_by("-sequence").first()
    attachments = files.freeze(_attachments(submission).order_by("id"))
    content = {
        "answers": submission.answers,
        "attachments": attachments,
        "form": [submission.form.key, submission.form.number],
        "previous": previous.digest if previous else "",
    }
    return Snapshot.objects.create(
        submission=submission,
        sequence=(previous.sequence + 1) if previous else 1,
        form=submission.form,
        version=submission.version,
        answers=submission.answers,
        attachments=attachments,
        digest=hashlib.sha256(_canonical(content)).hexdigest(),
    )


def _chosen_agency(submission: Submission, agency_id):
    """The agency a submission goes to when its first level is reviewed by the enterprise's choice
    of agency (评价机构); None for programs without one. A resubmission may keep its agency."""
    from keqi.declarations.process import AGENCY_LEVEL
    from keqi.declarations.selectors import agencies_for

    levels = submission.program.levels or []
    if not any(level.get("region_level") == AGENCY_LEVEL for level in levels):
        return None
    if not agency_id and submission.agency_id:
        return submission.agency
    agency = agencies_for(submission.enterprise).filter(pk=agency_id).first() if str(agency_id).isdigit() else None
    if agency is None:
        raise FormErrors({"agency": "请选择评价机构"}, {})
    return agency


@transaction.atomic
def submit(
    *, actor, submission: Submission, expected_version: int | None = None, agency_id=None, ip_address=None
) -> Submission:
    _ensure_owner(actor, submission)
    locked = _locked(submission, expected_version)
    problems = submit_problems(locked)
    if problems:
        raise FormErrors(problems, {})
    agency = _chosen_agency(locked, agency_id)

    def before_move(obj, _item):
        if agency is not None:
            obj.agency = agency
        # A returned declaration goes back to the level that returned it.
        obj.level = obj.returned_level if obj.status == S_RETURNED and obj.returned_level is not None else 0
        obj.returned_level = None
        obj.submitted_at = timezone.now()

    from keqi.workflow import services as workflow

    moved = workflow.transition(
        actor=actor,
        process=process_for(locked.program),
        obj=locked,
        name="submit",
        before_move=before_move,
        ip_address=ip_address,
    )
    _snapshot(moved)
    self_assessment.record_total(moved)
    return moved


@transaction.atomic
def withdraw(*, actor, submission: Submission, ip_address=None) -> Submission:
    _ensure_owner(actor, submission)
    from keqi.workflow import services as workflow

    return workflow.transition(
        actor=actor, process=process_for(submission.program), obj=submission, name="withdraw", ip_address=ip_address
    )


def approved_amount_error(submission: Submission, value) -> str:
    """Empty when ``value`` may be approved, else why: a number above 0, at most the calculated
    ceiling (万元, at most 4 places)."""
    if value is None or str(value).strip() == "":
        return "请填写核定金额（万元）"
    number = engine.dec(str(value).strip().replace(",", ""))
    if number is None or not number.is_finite():
        return "核定金额应为数字（万元）"
    if number.as_tuple().exponent < -4:
        return "核定金额最多保留4位小数（单位：万元）"
    if number <= 0:
        return "核定金额须大于 0；不予奖补请选择“不予通过”"
    ceiling = submission.calculated_amount
    if ceiling is None:
        return "测算金额为空（尚无符合条件的奖补项目或需补充信息），不能核定金额，请退回补正"
    if number > ceiling:
        return f"核定金额 {engine.plain(number)} 万元超过测算金额 {engine.plain(ceiling)} 万元"
    return ""


def needs_approved_amount(submission: Submission) -> bool:
    """The last level of a program with an amount rule sets the approved amount when it passes."""
    return (
        bool((submission.program.amount or {}).get("scheme")) and submission.level == len(submission.program.levels) - 1
    )


@transaction.atomic
def decide(
    *, actor, submission: Submission, action: str, opinion: str = "", approved_amount=None, ip_address=None
) -> Submission:
    """The current level's officer passes (with the approved amount where the program has an
    amount rule), returns (退回补正) or rejects."""
    from keqi.workflow import services as workflow

    if action not in ("pass", "return", "reject"):
        raise PermissionDenied("不支持的审核操作")
    check_decision(submission, action)
    approved = None
    if action == "pass" and needs_approved_amount(submission):
        problem = approved_amount_error(submission, approved_amount)
        if problem:
            raise ValidationError({"approved_amount": problem})
        approved = engine.dec(str(approved_amount).strip().replace(",", "")).quantize(Decimal("0.0001"))

    def before_move(obj, item):
        if item.name == "return":
            obj.returned_level = obj.level
        obj.last_opinion = (opinion or "").strip()
        if approved is not None:
            obj.approved_amount = approved
        elif item.name in ("return", "reject"):
            obj.approved_amount = None
        if item.name == "pass" and obj.level == len(obj.program.levels) - 1 and not publicity.declares(obj.program):
            numbers.assign(obj, "registration")  # the final approval gives the 登记编号 (else 入库登记 does)

    moved = workflow.transition(
        actor=actor,
        process=process_for(submission.program),
        obj=submission,
        name=action,
        opinion=opinion,
        before_move=before_move,
        ip_address=ip_address,
    )
    outcomes.apply(actor=actor, submission=moved, opinion=opinion)
    return moved


@transaction.atomic
def delete_submission(*, actor, submission: Submission) -> None:
    _ensure_owner(actor, submission)
    locked = _locked(submission, None)
    if locked.status not in process_for(locked.program).deletable_states or locked.snapshots.exists():
        raise ValidationError({"__all__": "已提交过的申报材料不能删除，可撤回后修改"})
    for attachment in _attachments(locked):
        files.purge(actor=actor, attachment=attachment)
    audit.record(actor=actor, action="declaration.delete", target=locked, enterprise_id=locked.enterprise_id)
    locked.delete()
