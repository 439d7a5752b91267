from django.urls import path

from keqi.matcher import views

app_name = "matcher"

urlpatterns = [path("", views.matcher, name="matcher")]
