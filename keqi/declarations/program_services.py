"""申报活动管理 writes (X5): programs are data — loaded from a data file, cloned into next
year, given windows, published and closed. A published program's form never changes in place:
a changed document becomes a new form version."""

import json
from datetime import datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from keqi.core import audit
from keqi.declarations.forms import ensure_version
from keqi.declarations.models import Program, Window
from keqi.formkit.document import FormDocumentError
from keqi.reference.models import Region

PROGRAM_DIR = Path(__file__).with_name("programs")
FIELDS = ("name", "year", "levels", "eligibility", "documents", "materials", "notes", "export_columns", "follow_up")


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({"region": f"区划代码{code}不存在"})
    return region


def _moment(value) -> datetime:
    moment = value if isinstance(value, datetime) else parse_datetime(str(value))
    if moment is None:
        raise ValidationError({"windows": f"时间格式不正确：{value}"})
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def can_manage(user, program: Program) -> bool:
    if user.is_platform_admin:
        return True
    return user.role in ("DIS", "CITY") and bool(user.region_id) and program.region.path.startswith(user.region.path)


@transaction.atomic
def load(data: dict, *, actor=None) -> Program:
    """Create or update a program from its data (a dict read from JSON). Idempotent."""
    try:
        form = ensure_version(data["form"]["key"], data["form"])
    except FormDocumentError as error:
        raise ValidationError({"form": error.problems}) from error
    values = {name: data[name] for name in FIELDS if name in data}
    program, created = Program.objects.update_or_create(
        key=data["key"],
        defaults={
            **values,
            "series": data.get("series", data["key"]),
            "region": _region(data["region"]),
            "form": form,
            "status": data.get("status", Program.Status.DRAFT),
        },
    )
    if "windows" in data:
        program.windows.all().delete()
        for item in data["windows"]:
            Window.objects.create(
                program=program,
                region=_region(item["region"]) if item.get("region") else None,
                purpose=item.get("purpose", Window.Purpose.DECLARE),
                opens_at=_moment(item["opens"]),
                closes_at=_moment(item["closes"]),
            )
    audit.record(actor=actor, action="program.load" if created else "program.reload", target=program)
    return program


def load_file(path: Path, *, actor=None) -> Program:
    return load(json.loads(Path(path).read_text(encoding="utf-8")), actor=actor)


def load_bundled(*, actor=None) -> list[Program]:
    """The programs shipped with the product (demo data and `manage.py load_programs`)."""
    return [load_file(path, actor=actor) for path in sorted(PROGRAM_DIR.glob("*.json"))]


def _check(actor, program: Program) -> None:
    if not can_manage(actor, program):
        raise PermissionDenied("无权管理该申报活动")


@transaction.atomic
def set_status(*, actor, program: Program, status: str) -> Program:
    _check(actor, program)
    allowed = {
        Program.Status.PUBLISHED: (Program.Status.DRAFT, Program.Status.CLOSED),
        Program.Status.CLOSED: (Program.Status.PUBLISHED,),
        Program.Status.ARCHIVED: (Program.Status.CLOSED, Program.Status.DRAFT),
    }
    if program.status not in allowed.get(status, ()):
        raise ValidationError({"__all__": f"当前状态（{program.get_status_display()}）下不能执行该操作"})
    if status == Program.Status.PUBLISHED and not program.windows.exists():
        raise ValidationError({"__all__": "请先设置申报时间再发布"})
    before = program.status
    program.status = status
    program.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="program.status", target=program, changes={"status": [before, status]})
    return program


@transaction.atomic
def update(*, actor, program: Program, name: str, notes: str, materials: list[str], windows: list[dict]) -> Program:
    """Edit the name, notes, material list and the windows per region."""
    _check(actor, program)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写活动名称"})
    for item in windows:
        if item["closes"] <= item["opens"]:
            raise ValidationError({"windows": "截止时间应晚于开始时间"})
    program.name = name[:120]
    program.notes = notes
    program.materials = [m.strip() for m in materials if m.strip()]
    program.save(update_fields=["name", "notes", "materials", "updated_at"])
    program.windows.all().delete()
    for item in windows:
        Window.objects.create(
            program=program, region=item.get("region"), opens_at=item["opens"], closes_at=item["closes"]
        )
    audit.record(actor=actor, action="program.update", target=program, changes={"name": name})
    return program


@transaction.atomic
def change_form(*, actor, program: Program, document: dict) -> Program:
    """A new form document: the same version when unchanged, else a new number. Submissions
    keep the version they were filled in."""
    _check(actor, program)
    try:
        version = ensure_version(program.form.key, document)
    except FormDocumentError as error:
        raise ValidationError({"form": error.problems}) from error
    if version.pk != program.form_id:
        before = program.form.number
        program.form = version
        program.save(update_fields=["form", "updated_at"])
        audit.record(actor=actor, action="program.form", target=program, changes={"form": [before, version.number]})
    return program


@transaction.atomic
def clone(*, actor, program: Program, year: int) -> Program:
    """Next year's edition: same form version, levels, documents and materials; no windows yet."""
    _check(actor, program)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "请填写四位数字年份"})
    key = f"{program.series}-{year}"
    if Program.objects.filter(key=key).exists():
        raise ValidationError({"year": f"{year}年度的该申报活动已存在"})
    name = (
        program.name.replace(str(program.year), str(year))
        if str(program.year) in program.name
        else f"{year}年{program.name}"
    )
    copy = Program.objects.create(
        key=key,
        series=program.series,
        name=name,
        year=year,
        region=program.region,
        form=program.form,
        **{field: getattr(program, field) for field in FIELDS if field not in ("name", "year")},
    )
    audit.record(actor=actor, action="program.clone", target=copy, changes={"from": program.key})
    return copy
