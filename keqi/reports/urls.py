from django.urls import path

from keqi.reports import credit_views, more_views, statistics_views, views

app_name = "reports"

urlpatterns = [
    path("custom-query/", views.custom_query, name="custom_query"),
    path("statistics/enterprises/", statistics_views.enterprise_statistics, name="enterprise_statistics"),
    path("statistics/annual-reports/", statistics_views.annual_statistics, name="annual_statistics"),
    path("statistics/progress/", more_views.progress_statistics, name="progress_statistics"),
    path("statistics/overview/", more_views.overview, name="overview"),
    path("statistics/overview/data/", more_views.overview_data, name="overview_data"),
    path("credit-ratings/", credit_views.credit_list, name="credit_list"),
    path("credit-ratings/parameters/", credit_views.credit_parameters, name="credit_parameters"),
    path("vouchers/statistics/", more_views.voucher_counts, name="voucher_counts"),
    path("vouchers/", more_views.voucher_list, name="voucher_list"),
]
