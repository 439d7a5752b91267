from django.urls import path

from keqi.libraries import views
from keqi.policy.libraries import LIBRARIES

app_name = "libraries"

urlpatterns = [
    path("star-market-reserve/add/", views.reserve_add, name="reserve_add"),
    path("star-market-reserve/import/", views.reserve_import, name="reserve_import"),
    path("star-market-reserve/template/", views.reserve_template, name="reserve_template"),
    path("star-market-reserve/<int:entry>/remove/", views.reserve_remove, name="reserve_remove"),
    path("<slug:library>/", views.library_list, name="list"),
    path("<slug:library>/outreach/", views.outreach, name="outreach"),
    path("<slug:library>/sets/", views.save_parameter_set, name="save_set"),
    path("<slug:library>/sets/<int:set_id>/delete/", views.delete_parameter_set, name="delete_set"),
    path("<slug:library>/enterprise/<int:fact>/", views.library_detail, name="detail"),
    path("<slug:library>/recognition/<int:pk>/", views.recognition_detail, name="recognition_detail"),
]
# One named entry per library, for the menu (reverse without arguments).
urlpatterns = [path(f"{key}/", views.library_list, {"library": key}, name=key) for key in LIBRARIES] + urlpatterns
