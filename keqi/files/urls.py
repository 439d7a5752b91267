from django.urls import path

from keqi.files import views

app_name = "files"

urlpatterns = [
    path("<int:attachment_id>/", views.download, name="download"),
]
