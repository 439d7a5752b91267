from django.urls import path

from keqi.enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/qualification/new/", views.qualification_edit, name="qualification_new"),
    path("profile/qualification/<int:pk>/edit/", views.qualification_edit, name="qualification_edit"),
    path("profile/<str:kind>/new/", views.child_edit, name="child_new"),
    path("profile/<str:kind>/<int:pk>/edit/", views.child_edit, name="child_edit"),
    path("profile/<str:kind>/delete/", views.child_delete, name="child_delete"),
    path("list/", views.enterprise_list, name="list"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("changes/", views.change_queue, name="changes"),
    path("qualifications/", views.qualification_queue, name="qualifications"),
    path("qualifications/<int:pk>/decide/", views.qualification_decide, name="qualification_decide"),
    path("changes/<int:pk>/", views.change_detail, name="change_detail"),
]
