"""Writes: saved parameter sets (设置条件参数) and the 科创板上市企业储备库 kept by city officers."""

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from keqi.core import audit
from keqi.enterprises.models import Enterprise
from keqi.libraries.models import ParameterSet, ReserveEntry
from keqi.libraries.queries import scope_q
from keqi.policy import libraries as policy

MAX_SETS = 20
MAX_IMPORT_ROWS = 5000
TEMPLATE_HEADERS = ["统一社会信用代码", "企业名称", "备注"]


def save_set(*, actor, library: policy.Library, name: str, raw: dict) -> ParameterSet:
    name = (name or "").replace("\x00", "").strip()
    if not name:
        raise ValidationError({"set_name": "请填写方案名称"})
    if len(name) > 40:
        raise ValidationError({"set_name": "方案名称不能超过40个字符"})
    if not library.settable:
        raise ValidationError({"set_name": f"{library.name}没有可设置的条件参数"})
    values, errors = policy.parse_params(library, raw)
    if errors:
        raise ValidationError({e["field"]: e["message"] for e in errors})
    stored = {k: policy.format_number(v) for k, v in values.items()}
    existing = ParameterSet.objects.filter(owner=actor, library=library.key)
    if existing.count() >= MAX_SETS and not existing.filter(name=name).exists():
        raise ValidationError({"set_name": f"每个库最多保存{MAX_SETS}个方案，请先删除不用的方案"})
    saved, _ = ParameterSet.objects.update_or_create(
        owner=actor, library=library.key, name=name, defaults={"values": stored}
    )
    audit.record(actor=actor, action="library.parameters.save", target=saved, changes={"values": stored})
    return saved


def delete_set(*, actor, set_id: int) -> None:
    deleted, _ = ParameterSet.objects.filter(owner=actor, pk=set_id).delete()
    if not deleted:
        raise PermissionDenied("方案不存在")


# 科创板上市企业储备库 ------------------------------------------------------------------------------


def _ensure_city(actor) -> None:
    if not (actor.is_platform_admin or actor.role == "CITY"):
        raise PermissionDenied("科创板上市企业储备库由市级主管部门维护")


def _find(actor, uscc: str) -> Enterprise | None:
    uscc = (uscc or "").strip().upper()
    if not uscc:
        return None
    return Enterprise.objects.filter(scope_q(actor)).filter(uscc=uscc).first()


@transaction.atomic
def add_reserve(*, actor, uscc: str, note: str = "") -> ReserveEntry:
    _ensure_city(actor)
    enterprise = _find(actor, uscc)
    if enterprise is None:
        raise ValidationError({"uscc": "本辖区内没有该统一社会信用代码的企业"})
    if len(note or "") > 200:
        raise ValidationError({"note": "备注不能超过200个字符"})
    try:
        with transaction.atomic():
            entry = ReserveEntry.objects.create(
                enterprise=enterprise, note=(note or "").strip(), added_by=actor, added_at=timezone.now()
            )
    except IntegrityError:
        raise ValidationError({"uscc": f"{enterprise.name}已在储备库中"}) from None
    audit.record(actor=actor, action="library.reserve.add", target=entry, enterprise_id=enterprise.pk)
    return entry


@transaction.atomic
def remove_reserve(*, actor, entry_id: int) -> ReserveEntry:
    _ensure_city(actor)
    entry = (
        ReserveEntry.objects.select_for_update()
        .filter(scope_q(actor, "enterprise__"), pk=entry_id, removed_at__isnull=True)
        .first()
    )
    if entry is None:
        raise PermissionDenied("储备企业不存在或已移出")
    entry.removed_at = timezone.now()
    entry.removed_by = actor
    entry.save(update_fields=["removed_at", "removed_by"])
    audit.record(actor=actor, action="library.reserve.remove", target=entry, enterprise_id=entry.enterprise_id)
    return entry


def template_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "储备企业"
    sheet.append(TEMPLATE_HEADERS)
    sheet.append(["91500000000000000X", "示例：重庆某某科技有限公司（导入前请删除本行）", "可不填"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_reserve(*, actor, upload) -> tuple[int, list[tuple[int, str, str]]]:
    """Add every valid row; return (added, [(row number, USCC, why not added)]). Nothing is added
    when the file itself cannot be read."""
    _ensure_city(actor)
    if upload is None:
        raise ValidationError({"file": "请选择要导入的Excel文件"})
    if upload.size > 5 * 1024 * 1024:
        raise ValidationError({"file": "文件不能超过5MB"})
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not xlsx
        raise ValidationError({"file": "无法读取该文件，请使用下载的导入模板（.xlsx）"}) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(c or "").strip() for c in next(rows, [])]
    if header[:1] != TEMPLATE_HEADERS[:1]:
        raise ValidationError({"file": "第一行应为表头“统一社会信用代码、企业名称、备注”，请使用导入模板"})
    added, problems = 0, []
    for number, row in enumerate(rows, start=2):
        if number - 1 > MAX_IMPORT_ROWS:
            problems.append((number, "", f"一次最多导入{MAX_IMPORT_ROWS}行，其余未导入"))
            break
        cells = [str(c).strip() if c is not None else "" for c in (row or ())] + ["", "", ""]
        uscc, name, note = cells[0].upper(), cells[1], cells[2]
        if not any((uscc, name, note)):
            continue
        if not uscc:
            problems.append((number, uscc, "统一社会信用代码为空"))
            continue
        enterprise = _find(actor, uscc)
        if enterprise is None:
            problems.append((number, uscc[:18], "本辖区内没有该统一社会信用代码的企业"))
            continue
        if name and name != enterprise.name:
            problems.append((number, uscc, f"企业名称与系统中的“{enterprise.name}”不一致"))
            continue
        try:
            add_reserve(actor=actor, uscc=uscc, note=note[:200])
        except ValidationError as error:
            problems.append((number, uscc, "；".join(m for ms in error.message_dict.values() for m in ms)))
            continue
        added += 1
    return added, problems
