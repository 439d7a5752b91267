"""Old /evaluation/ pages and /api/v1/evaluations endpoints after the move onto the program host
(issue 9 item 7, ADR 0023): each answers with a permanent redirect to the host's equivalent. An
evaluation is found by its 系统填报号, which its declaration kept. API redirects are 308 (method
and body kept) and say `Deprecation: true` with the successor in `Link`; an operation the host
does differently (自评, 确认说明, per-level actions) answers 410 naming what replaced it."""

from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import reverse

from keqi.declarations.models import Submission
from keqi.declarations.selectors import submission_for
from keqi.evaluation.models import Evaluation

API = "/api/v1/declarations/submissions"
# old page suffix → the host page ("" the fill page); officers land on the review page
PAGES = {"": "", "instructions": "", "form": "", "result": "", "view": "", "records": "", "ip-register": "pick/ip_rows/"}
DOCUMENTS = {"cover.pdf": "cover", "audit-form.pdf": "audit_form"}
# old API suffix (after the id) → the host's, for the same method
API_SUFFIXES = {"": "", "answers": "", "submit": "/submit", "attachments": "/attachments", "cover.pdf": "/documents/cover.pdf"}
REPLACED = "该接口已停用：科技型中小企业评价已并入申报活动，请改用 /api/v1/declarations（自评随申报材料返回，审核用 decision）"


def declaration_of(user, evaluation_id: int) -> Submission:
    """The declaration the evaluation became, if this user may see it (else 404)."""
    return submission_for(user, _declaration_id(evaluation_id))


def _declaration_id(evaluation_id) -> int:
    """For API clients (bearer tokens are read by the API, not here): only the id is mapped; the
    host's endpoint applies scope as ever."""
    serial = Evaluation.objects.filter(pk=evaluation_id).values_list("serial", flat=True).first()
    found = Submission.objects.filter(serial=serial).values_list("pk", flat=True).first() if serial else None
    if found is None:
        raise Http404("评价信息不存在")
    return found


def page(request, evaluation_id: int | None = None, rest: str = ""):
    if evaluation_id is None:
        officer = request.user.is_authenticated and not request.user.is_enterprise_user
        return HttpResponsePermanentRedirect(reverse("declarations:review_list" if officer else "declarations:programs"))
    rest = rest.strip("/").split("/")[0]  # e.g. "form", "cover.pdf", "upload" (of upload/<slot>/)
    submission = declaration_of(request.user, evaluation_id)
    if rest in DOCUMENTS:
        return HttpResponsePermanentRedirect(reverse("declarations:document", args=[submission.pk, DOCUMENTS[rest]]))
    if not request.user.is_enterprise_user or rest == "review":
        return HttpResponsePermanentRedirect(reverse("declarations:review_detail", args=[submission.pk]))
    return HttpResponsePermanentRedirect(reverse("declarations:edit", args=[submission.pk]) + PAGES.get(rest, ""))


def api(request, evaluation_id: int | None = None, rest: str = ""):
    if evaluation_id is None and rest:  # e.g. /agencies: now per declaration
        return JsonResponse({"detail": REPLACED}, status=410, headers={"Deprecation": "true"})
    if evaluation_id is None:
        target = f"{API}?program=tech-sme"
    else:
        head, _, tail = rest.strip("/").partition("/")
        if head not in API_SUFFIXES:
            return JsonResponse({"detail": REPLACED}, status=410, headers={"Deprecation": "true"})
        submission = _declaration_id(evaluation_id)
        target = f"{API}/{submission}{API_SUFFIXES[head]}" + (f"/{tail}" if tail else "")
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponsePermanentRedirect(target + (f"?{query}" if query and "?" not in target else ""))
    response.status_code = 308  # keep the method and body
    response["Deprecation"] = "true"
    response["Link"] = f'<{target}>; rel="successor-version"'
    return response
