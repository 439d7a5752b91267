from django.urls import path, re_path

from keqi.evaluation import redirects

app_name = "evaluation"

urlpatterns = [
    path("", redirects.page, name="list"),
    re_path(r"^(?:overview|review)/$", redirects.page),
    path("review/<int:evaluation_id>/", redirects.page, {"rest": "review"}),
    path("<int:evaluation_id>/", redirects.page),
    re_path(r"^(?P<evaluation_id>\d+)/(?P<rest>[\w.-]+)/?$", redirects.page),
    re_path(r"^(?P<evaluation_id>\d+)/(?:upload|attachments)/.*$", redirects.page),
]
