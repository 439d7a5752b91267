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
FIELDS = (
    "name",
    "year",
    "levels",
    "eligibility",
    "documents",
    "materials",
    "notes",
    "export_columns",
    "follow_up",
    "amount",
    "assessment",
    "on_decision",
)


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


INHERITED = ("assessment", "export_columns")  # read the form's keys: taken with a `form_from` form


def _form_source(key: str) -> Program:
    """The program named by `form_from`: loaded already, or bundled beside this one."""
    source = Program.objects.filter(key=key).select_related("form").first()
    if source is None and (PROGRAM_DIR / f"{key}.json").is_file():
        source = load_file(PROGRAM_DIR / f"{key}.json")
    if source is None:
        raise ValidationError({"form_from": f"表单来源申报活动“{key}”不存在，请先导入该申报活动"})
    return source


@transaction.atomic
def load(data: dict, *, actor=None) -> Program:
    """Create or update a program from its data (a dict read from JSON). Idempotent. With
    `"form_from": "<program key>"` the program reuses that program's form version (and its
    self-assessment and export columns unless it declares its own) instead of a `form` of its own."""
    values = {name: data[name] for name in FIELDS if name in data}
    if data.get("form_from"):
        source = _form_source(data["form_from"])
        form = source.form
        values.update({name: getattr(source, name) for name in INHERITED if name not in data})
    else:
        try:
            form = ensure_version(data["form"]["key"], data["form"])
        except FormDocumentError as error:
            raise ValidationError({"form": error.problems}) from error
    values["form_from"] = data.get("form_from", "")
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


def _resolve(value, shared: dict):
    """Replace every {"use": name} by the bundle's shared part of that name (recursively)."""
    if isinstance(value, dict):
        if set(value) == {"use"}:
            name = value["use"]
            if name not in shared:
                raise ValidationError({"use": f"数据文件中没有名为“{name}”的共用部分"})
            return _resolve(shared[name], shared)
        return {key: _resolve(item, shared) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve(item, shared) for item in value]
    return value


def expand(data: dict) -> list[dict]:
    """One program's data, or a bundle's programs: {"defaults", "shared", "programs"} — every
    program is its defaults overlaid with its own keys, {"use": name} taking a shared part. A
    county guide with eight categories is one file without eight copies of the common forms."""
    if "programs" not in data:
        return [data]
    defaults, shared = data.get("defaults", {}), data.get("shared", {})
    return [_resolve({**defaults, **item}, shared) for item in data["programs"]]


def load_path(path: Path, *, actor=None) -> list[Program]:
    """Every program of a data file (a single program or a bundle)."""
    return [load(item, actor=actor) for item in expand(json.loads(Path(path).read_text(encoding="utf-8")))]


def load_bundled(*, actor=None) -> list[Program]:
    """The programs shipped with the product (demo data and `manage.py load_programs`)."""
    return [program for path in sorted(PROGRAM_DIR.glob("*.json")) for program in load_path(path, actor=actor)]


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
        form_from=program.form_from,
        **{field: getattr(program, field) for field in FIELDS if field not in ("name", "year")},
    )
    audit.record(actor=actor, action="program.clone", target=copy, changes={"from": program.key})
    return copy


@transaction.atomic
def set_region_window(*, actor, program: Program, opens: datetime, closes: datetime) -> Window:
    """申报时间维护: the officer of the program's window level sets (or extends) the window of their
    own region; the region's enterprises see the entry only inside it (seed 003 FAQ 4)."""
    from keqi.declarations.windows import can_set_window

    if not can_set_window(actor, program):
        raise PermissionDenied("无权维护该申报活动的申报时间")
    if closes <= opens:
        raise ValidationError({"closes": "截止时间应晚于开始时间"})
    before = list(program.windows.filter(region=actor.region).values_list("opens_at", "closes_at"))
    program.windows.filter(region=actor.region, purpose=Window.Purpose.DECLARE).delete()
    window = Window.objects.create(program=program, region=actor.region, opens_at=opens, closes_at=closes)
    audit.record(
        actor=actor,
        action="program.region_window",
        target=program,
        changes={
            "region": actor.region.code,
            "before": [[str(a), str(b)] for a, b in before],
            "after": [str(opens), str(closes)],
        },
    )
    return window


def set_budget(*, actor, program: Program, value: str) -> Program:
    """The year's budget of a program with an amount rule (万元; empty clears it)."""
    from decimal import Decimal, InvalidOperation

    _check(actor, program)
    text = (value or "").strip().replace(",", "")
    if text == "":
        budget = None
    else:
        try:
            budget = Decimal(text)
        except InvalidOperation:
            raise ValidationError({"budget": "预算应为数字（万元）"}) from None
        if not budget.is_finite() or budget < 0:
            raise ValidationError({"budget": "预算应为不小于 0 的数字（万元）"})
        if budget.as_tuple().exponent < -4 or budget >= Decimal("1e12"):
            raise ValidationError({"budget": "预算最多保留4位小数，且须小于一万亿万元"})
    old = program.budget
    program.budget = budget
    program.save(update_fields=["budget", "updated_at"])
    audit.record(actor=actor, action="program.budget", target=program, changes={"budget": [str(old), str(budget)]})
    return program
