from django.urls import path

from keqi.inbox import views

app_name = "inbox"

urlpatterns = [
    path("", views.message_list, name="list"),
    path("<int:pk>/", views.message_detail, name="detail"),
    path("read-all/", views.read_all, name="read_all"),
]
