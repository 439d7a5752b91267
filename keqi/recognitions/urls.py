from django.urls import path

from keqi.recognitions import views

app_name = "recognitions"

urlpatterns = [
    path("update/", views.info_update, name="update"),
    path("changes/", views.change_list, name="changes"),
    path("changes/new/", views.change_edit, name="change_new"),
    path("changes/<int:pk>/", views.change_detail, name="change_detail"),
    path("changes/<int:pk>/edit/", views.change_edit, name="change_edit"),
    path("changes/<int:pk>/delete/", views.change_delete, name="change_delete"),
    path("changes/<int:pk>/submit/", views.change_submit, name="change_submit"),
    path("expiry/", views.expiry, name="expiry"),
    path("manage/", views.recognised_list, name="manage"),
    path("manage/changes/", views.change_queue, name="change_queue"),
    path("manage/changes/<int:pk>/", views.change_review, name="change_review"),
]
