"""奖补汇总 (issue 14, county review): per category of a program with an amount rule, the
calculated and approved totals against the budget the officer enters. Thin: selectors and
program_services do the work."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from keqi.core.http import role_required
from keqi.declarations import program_services, selectors

OFFICERS = ("DIS", "CITY")


@role_required(*OFFICERS)
def award_totals(request):
    rows = selectors.award_totals(request.user)
    for row in rows:
        row["can_edit"] = program_services.can_manage(request.user, row["program"])
    totals = {
        "calculated": sum((r["calculated"] or 0) for r in rows),
        "approved": sum((r["approved_sum"] or 0) for r in rows),
        "budget": sum((r["budget"] or 0) for r in rows),
    }
    return render(request, "declarations/award_totals.html", {"rows": rows, "totals": totals})


@role_required(*OFFICERS)
@require_POST
def set_budget(request, key: str):
    program = get_object_or_404(selectors.programs_visible_to_officer(request.user), key=key)
    try:
        program_services.set_budget(actor=request.user, program=program, value=request.POST.get("budget", "")[:40])
    except ValidationError as error:
        messages.error(request, f"{program.name}：" + "；".join(m for ms in error.message_dict.values() for m in ms))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已保存{program.name}的年度预算")
    return redirect("declarations:award_totals")
