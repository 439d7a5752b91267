from django.urls import path

from keqi.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("overview/", views.overview, name="overview"),
    path("templates/<str:kind>.xlsx", views.xlsx_template, name="xlsx_template"),
    path("<int:evaluation_id>/", views.info, name="info"),
    path("<int:evaluation_id>/instructions/", views.instructions, name="instructions"),
    path("<int:evaluation_id>/form/", views.main_form, name="form"),
    path("<int:evaluation_id>/ip-register/", views.ip_register, name="ip_register"),
    path("<int:evaluation_id>/upload/<str:slot>/", views.upload, name="upload"),
    path(
        "<int:evaluation_id>/attachments/<int:attachment_id>/delete/",
        views.delete_attachment,
        name="delete_attachment",
    ),
    path("<int:evaluation_id>/result/", views.result, name="result"),
    path("<int:evaluation_id>/cover.pdf", views.cover, name="cover"),
    path("<int:evaluation_id>/audit-form.pdf", views.audit_form, name="audit_form"),
    path("<int:evaluation_id>/submit/", views.submit, name="submit"),
    path("<int:evaluation_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:evaluation_id>/delete/", views.delete, name="delete"),
    path("<int:evaluation_id>/records/", views.records, name="records"),
    path("<int:evaluation_id>/view/", views.view, name="view"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:evaluation_id>/", views.review_detail, name="review_detail"),
]
