from django.urls import path

from keqi.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("workbench/", views.workbench, name="workbench"),
]
