"""Declaration reads (X5): every read takes the acting user and applies scope. Who may see a
submission in each state is declared in the process table (`viewers`), not re-listed here."""

from django.db.models import Q, QuerySet
from django.http import Http404

from keqi.core import records as record_chains
from keqi.core.scope import NOTHING, enterprise_q, subtree_q
from keqi.declarations import eligibility, windows
from keqi.declarations.forms import form_of
from keqi.declarations.models import Figure, Program, Submission
from keqi.declarations.prefill import profile_fields
from keqi.declarations.process import OFFICERS, STATES, process_for
from keqi.declarations.services import today
from keqi.formkit import engine
from keqi.reference.models import Region


def _role(user) -> str:
    return "ADM" if user.is_platform_admin else user.role


def submissions_q(user) -> Q:
    """Submissions the user may view: their enterprise's own, or, for officers, submitted ones in
    their region (the viewer states are the same for every program)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_platform_admin:
        return Q()
    if user.is_enterprise_user:
        return Q(enterprise_id=user.enterprise_id) if user.enterprise_id else NOTHING
    if user.role in OFFICERS and (user.region_id or user.role == "AGY"):
        states = [state for state in STATES if user.role in _viewers().get(state, ())]
        # an agency sees what was submitted to it, never a whole region (core.scope.agency_q)
        where = enterprise_q(user, "enterprise__") if user.role == "AGY" else subtree_q(user.region.path)
        return where & Q(status__in=states)
    return NOTHING


def _viewers() -> dict:
    return process_for(Program(levels=[])).viewers


def visible(user) -> QuerySet[Submission]:
    return Submission.objects.filter(submissions_q(user)).select_related("program", "enterprise", "form")


def submission_for(user, pk: int) -> Submission:
    submission = visible(user).filter(pk=pk).first()
    if submission is None:
        raise Http404("申报材料不存在或无权查看")
    return submission


def own_submission(user, pk: int) -> Submission:
    if not user.is_enterprise_user:
        raise Http404
    return submission_for(user, pk)


def programs_for_enterprise(user) -> list[dict]:
    """申报活动 list: published and closed programs of regions covering the enterprise, with the
    window, an eligibility hint and the enterprise's own declaration."""
    enterprise = user.enterprise
    programs = (
        Program.objects.filter(status__in=[Program.Status.PUBLISHED, Program.Status.CLOSED])
        .select_related("region")
        .prefetch_related("windows__region")
        .order_by("-year", "name")
    )
    mine = {s.program_id: s for s in Submission.objects.filter(enterprise=enterprise).select_related("form", "program")}
    rows = []
    for program in programs:
        if not enterprise.region_path.startswith(program.region.path):
            continue
        state = windows.state(program, enterprise)
        outcomes = eligibility.evaluate(program.eligibility, enterprise, today())
        rows.append(
            {
                "program": program,
                "window": state,
                "eligibility": outcomes,
                "eligible": all(o.status == eligibility.MET for o in outcomes),
                "submission": mine.get(program.pk),
                "syncable": syncable(mine[program.pk]) if program.pk in mine else False,
            }
        )
    return rows


def syncable(submission: Submission) -> bool:
    """企业信息同步 is offered while the declaration is editable and its form copies the profile."""
    editable = submission.status in process_for(submission.program).editable_states
    return editable and bool(profile_fields(submission.form.document))


def program_for_enterprise(user, key: str) -> Program:
    program = Program.objects.filter(key=key, status__in=[Program.Status.PUBLISHED, Program.Status.CLOSED]).first()
    if program is None or not user.enterprise.region_path.startswith(program.region.path):
        raise Http404("申报活动不存在")
    return program


def review_queue(user, *, program: Program | None = None, q: str = "", status: str = "") -> QuerySet[Submission]:
    """Declarations waiting for (or decided by) this officer's level, newest first."""
    rows = visible(user).exclude(status="draft")
    if program is not None:
        rows = rows.filter(program=program)
    if status:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(Q(enterprise__name__icontains=q) | Q(enterprise__uscc__icontains=q.upper()))
    return rows.order_by("-submitted_at", "-id")


def figure_columns(program: Program | None, rows) -> tuple[list[dict], dict[int, dict[str, str]]]:
    """The program's declared export columns and, per submission on the page, their figures as
    shown: money with 2 places, choices by their label (never the stored code)."""
    if program is None or not program.export_columns:
        return [], {}
    specs = {spec.key: spec for spec in form_of(program.form).all_fields()}
    keys = [column["key"] for column in program.export_columns]
    values: dict[int, dict[str, str]] = {}
    for figure in Figure.objects.filter(submission__in=[s.pk for s in rows], key__in=keys):
        spec = specs.get(figure.key)
        raw = figure.number if figure.number is not None else figure.text
        shown = engine.bind_field(spec, raw, None, figure.key, {})["display"] if spec else str(raw)
        values.setdefault(figure.submission_id, {})[figure.key] = shown
    return program.export_columns, values


def programs_visible_to_officer(user) -> QuerySet[Program]:
    if user.is_platform_admin:
        return Program.objects.all()
    if not user.region_id:
        return Program.objects.none()
    # Programs of the officer's region, of a region above it, or of a region inside it.
    path = user.region.path
    above = [path[: i + 1] for i, ch in enumerate(path) if ch == "/"]
    return Program.objects.filter(Q(region__path__startswith=path) | Q(region__path__in=above))


def managed_programs(user) -> QuerySet[Program]:
    """申报活动管理: administrators manage all, district and city officers their region's."""
    if user.is_platform_admin:
        return Program.objects.select_related("region", "form")
    if user.role in ("DIS", "CITY") and user.region_id:
        return Program.objects.filter(region__path__startswith=user.region.path).select_related("region", "form")
    return Program.objects.none()


def neighbours(user, submission: Submission, rows: QuerySet[Submission]) -> tuple[int | None, int | None]:
    """上一条 / 下一条 in the officer's queue order."""
    ids = list(rows.values_list("pk", flat=True)[:2000])
    if submission.pk not in ids:
        return None, None
    index = ids.index(submission.pk)
    return (ids[index - 1] if index > 0 else None, ids[index + 1] if index + 1 < len(ids) else None)


def award_totals(user) -> list[dict]:
    """奖补汇总: per program with an amount rule that the officer manages or reviews, the declarations
    submitted, passed, the calculated and approved sums against the budget the officer entered."""
    from django.db.models import Count, Sum

    programs = [
        p
        for p in programs_visible_to_officer(user).exclude(status=Program.Status.DRAFT).order_by("-year", "key")
        if (p.amount or {}).get("scheme")
    ]
    sums = {
        row["program"]: row
        for row in visible(user)
        .exclude(status__in=["draft", "withdrawn"])
        .filter(program__in=programs)
        .values("program")
        .annotate(
            submitted=Count("id"),
            approved=Count("id", filter=Q(status="approved")),
            calculated=Sum("calculated_amount"),
            approved_sum=Sum("approved_amount", filter=Q(status="approved")),
        )
    }
    rows = []
    for program in programs:
        found = sums.get(program.pk, {})
        approved = found.get("approved_sum")
        budget = program.budget
        rows.append(
            {
                "program": program,
                "label": (program.amount or {}).get("label", program.name),
                "submitted": found.get("submitted", 0),
                "approved": found.get("approved", 0),
                "calculated": found.get("calculated"),
                "approved_sum": approved,
                "budget": budget,
                "remaining": None if budget is None else budget - (approved or 0),
            }
        )
    return rows


def integrity(submission: Submission) -> dict:
    """Whether the submission's snapshots and review records still match their hash chains (X4)."""
    problem = record_chains.verify_keys(
        [f"snapshot:{submission.pk}", f"review:{submission._meta.label_lower}:{submission.pk}"]
    )
    return {"ok": problem is None, "message": str(problem or "")}


def window_regions(program: Program):
    """The regions a window of this program may be limited to, by name: every division below the
    program's region; for a national program, the provinces (each province keeps its own windows,
    seed 003 FAQ 4)."""
    below = Region.objects.filter(path__startswith=program.region.path).exclude(pk=program.region.pk)
    if program.region.level == Region.Level.COUNTRY:
        below = below.filter(level=Region.Level.PROVINCE)
    return below.order_by("code").only("code", "full_name")
