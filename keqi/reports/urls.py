from django.urls import path

from keqi.reports import views

app_name = "reports"

urlpatterns = [
    path("custom-query/", views.custom_query, name="custom_query"),
]
