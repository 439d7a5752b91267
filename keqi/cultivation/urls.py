from django.urls import path

from keqi.cultivation import views

app_name = "cultivation"

urlpatterns = [
    path("", views.portal, name="portal"),
    path("announcements/", views.announcements, name="announcements"),
    path("announcements/<int:pk>/", views.announcement, name="announcement"),
    path("announcements/<int:pk>/files/<int:file_id>/", views.announcement_file, name="announcement_file"),
    path("lookup/", views.lookup, name="lookup"),
    path("mobile/", views.mobile_change, name="mobile_change"),
    path("recover/", views.recover, name="recover"),
    path("enterprise/", views.enterprise_home, name="enterprise"),
    path("digital/", views.digital, name="digital"),
    path("verify/", views.verify, name="verify"),
    path("verifications/", views.verification_queue, name="verification_queue"),
    path("verifications/<int:pk>/", views.verification_detail, name="verification"),
    path("manage/announcements/", views.announcement_manage, name="announcement_manage"),
    path("manage/announcements/new/", views.announcement_edit, name="announcement_new"),
    path("manage/announcements/<int:pk>/", views.announcement_edit, name="announcement_edit"),
    path("manage/announcements/<int:pk>/<slug:action>/", views.announcement_act, name="announcement_act"),
    path("batches/", views.batch_list, name="batches"),
    path("batches/<int:pk>/", views.batch, name="batch"),
    path("declarations/", views.declarations, name="declarations"),
]
