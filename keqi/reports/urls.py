from django.urls import path

from keqi.reports import statistics_views, views

app_name = "reports"

urlpatterns = [
    path("custom-query/", views.custom_query, name="custom_query"),
    path("statistics/enterprises/", statistics_views.enterprise_statistics, name="enterprise_statistics"),
    path("statistics/annual-reports/", statistics_views.annual_statistics, name="annual_statistics"),
]
