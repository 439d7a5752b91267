from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path

from keqi.api import api, docs_behind_login
from keqi.evaluation import redirects as evaluation_redirects


@docs_behind_login
def openapi_document(request):
    return JsonResponse(api.get_openapi_schema(path_prefix="/api/v1"), json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("", include("keqi.core.urls")),
    path("accounts/", include("keqi.accounts.urls")),
    path("enterprise/", include("keqi.enterprises.urls")),
    path("evaluation/", include("keqi.evaluation.urls")),
    path("declarations/", include("keqi.declarations.urls")),
    path("tier/", include("keqi.cultivation.urls")),
    path("matcher/", include("keqi.matcher.urls")),
    path("exports/", include("keqi.exports.urls")),
    path("reports/", include("keqi.reports.urls")),
    path("libraries/", include("keqi.libraries.urls")),
    path("messages/", include("keqi.inbox.urls")),
    path("recognitions/", include("keqi.recognitions.urls")),
    path("files/", include("keqi.files.urls")),
    # /api/v1/evaluations moved to /api/v1/declarations (ADR 0023): deprecated, redirected.
    path("api/v1/evaluations", evaluation_redirects.api),
    path("api/v1/evaluations/<int:evaluation_id>", evaluation_redirects.api),
    path("api/v1/evaluations/<int:evaluation_id>/<path:rest>", evaluation_redirects.api),
    path("api/v1/evaluations/<path:rest>", evaluation_redirects.api),
    path("api/v1/", api.urls),
    path("api/openapi.json", openapi_document, name="openapi"),
    path("admin/", admin.site.urls),
]
