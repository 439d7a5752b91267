from django.urls import path

from keqi.exports import views

app_name = "exports"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("new/<str:dataset>/", views.export_new, name="new"),
]
