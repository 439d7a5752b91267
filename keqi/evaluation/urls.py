from django.urls import path

from keqi.evaluation import redirects

app_name = "evaluation"

urlpatterns = [
    path("", redirects.page, name="list"),
    path("overview/", redirects.page),
    path("review/", redirects.page),
    path("review/<int:evaluation_id>/", redirects.page, {"rest": "review"}),
    path("<int:evaluation_id>/", redirects.page),
    path("<int:evaluation_id>/<path:rest>", redirects.page),
]
