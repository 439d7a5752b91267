"""公示与入库登记 (officers of a program's last level) and the public 公告: thin, publicity.py does the work."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from keqi.core.http import role_required
from keqi.declarations import publicity

OFFICERS = ("CITY", "DIS")


def _text(error: ValidationError) -> str:
    return "；".join(str(m) for messages_ in error.message_dict.values() for m in messages_)


@role_required(*OFFICERS)
def batches(request):
    """Each program with publicity: its candidates (to list in a new batch) and its batches."""
    programs = list(publicity.programs_for(request.user))
    errors = {}
    if request.method == "POST":
        program = next((p for p in programs if p.key == request.POST.get("program")), None)
        if program is None:
            raise Http404
        try:
            batch = publicity.create_batch(
                actor=request.user,
                program=program,
                title=request.POST.get("title", ""),
                publicity_from=request.POST.get("publicity_from", ""),
                publicity_to=request.POST.get("publicity_to", ""),
                ids=[i for i in request.POST.getlist("ids") if i.isdigit()],
            )
        except ValidationError as error:
            errors = {key: "；".join(value) for key, value in error.message_dict.items()}
        else:
            messages.success(request, "已发布公示，公示期满后可办理入库登记")
            return redirect("declarations:publicity_batch", pk=batch.pk)
    rows = [{"program": p, "candidates": list(publicity.candidates(request.user, p))} for p in programs]
    context = {"rows": rows, "batches": publicity.batches(request.user), "errors": errors, "posted": request.POST}
    return render(request, "declarations/publicity.html", context, status=422 if errors else 200)


@role_required(*OFFICERS)
def batch(request, pk: int):
    found = publicity.batches(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("公示批次不存在或无权查看")
    if request.method == "POST":
        try:
            publicity.register(actor=request.user, batch=found)
        except ValidationError as error:
            messages.error(request, _text(error))
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "已办理入库登记")
        return redirect("declarations:publicity_batch", pk=found.pk)
    rows = found.submissions.select_related("enterprise").order_by("id")
    return render(request, "declarations/publicity_batch.html", {"batch": found, "rows": rows})


def announcements(request):
    """入库公告 (public): registered batches with each enterprise and its 登记编号."""
    rows = [
        {"batch": b, "entries": b.submissions.select_related("enterprise").order_by("registration_number")}
        for b in publicity.announcements()[:50]
    ]
    return render(request, "declarations/announcements.html", {"rows": rows})
