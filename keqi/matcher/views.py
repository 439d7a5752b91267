"""政策匹配 page (X1): thin — the enterprise's own matches, rendered."""

from django.shortcuts import render

from keqi.core.http import role_required
from keqi.matcher import selectors


@role_required("ENT")
def matcher(request):
    result = selectors.match(request.user.enterprise)
    status = request.GET.get("status", "")
    shown = [e for e in result["entries"] if not status or e.status == status]
    known = {fact.key: fact for fact in result["facts"].all()}
    rows = [{"entry": e, "facts": [known[key] for key in dict.fromkeys(e.used) if key in known]} for e in shown]
    context = {
        "rows": rows,
        "counts": result["counts"],
        "facts": result["facts"].all(),
        "status": status,
        "statuses": list(selectors.STATUS_LABELS.items()),
    }
    return render(request, "matcher/matcher.html", context)
