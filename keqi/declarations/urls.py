from django.urls import path

from keqi.declarations import award_views, manage_views, publicity_views, series_views, views
from keqi.declarations.series import menu_entries

app_name = "declarations"

urlpatterns = [
    path("", views.programs, name="programs"),
    path("programs/<slug:key>/", views.program_detail, name="program"),
    path("<int:submission_id>/", views.edit, name="edit"),
    path("<int:submission_id>/records/<slug:list_key>/new/", views.record, name="record_new"),
    path("<int:submission_id>/records/<slug:list_key>/delete/", views.delete_records, name="delete_records"),
    path("<int:submission_id>/records/<slug:list_key>/<slug:uid>/", views.record, name="record"),
    path("<int:submission_id>/upload/<slug:slot>/", views.upload, name="upload"),
    path("<int:submission_id>/pick/<slug:table_key>/", views.pick, name="pick"),
    path(
        "<int:submission_id>/attachments/<int:attachment_id>/delete/", views.delete_attachment, name="delete_attachment"
    ),
    path("<int:submission_id>/documents/<slug:key>.pdf", views.document, name="document"),
    path("<int:submission_id>/filled.pdf", views.filled_pdf, name="filled_pdf"),
    path("<int:submission_id>/<slug:action>/", views.act, name="act"),
    # Series lists a program's data file puts in the menu (named, so the menu marks the current one).
    *[
        path(
            f"series/{e['series']}/{e['list']}/",
            series_views.series_list,
            {"series": e["series"], "list_name": e["list"]},
            name=f"series-{e['series']}-{e['list']}",
        )
        for e in menu_entries()
    ],
    path("series/<slug:series>/<slug:list_name>/", series_views.series_list, name="series_list"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:submission_id>/", views.review_detail, name="review_detail"),
    path("review/<int:submission_id>/decide/", views.decide, name="decide"),
    path("windows/", manage_views.region_windows, name="region_windows"),
    path("windows/<slug:key>/", manage_views.region_windows, name="region_window_set"),
    path("awards/", award_views.award_totals, name="award_totals"),
    path("publicity/", publicity_views.batches, name="publicity"),
    path("publicity/<int:pk>/", publicity_views.batch, name="publicity_batch"),
    path("announcements/", publicity_views.announcements, name="announcements"),
    path("awards/<slug:key>/budget/", award_views.set_budget, name="award_budget"),
    path("review/<int:submission_id>/follow-up/", views.record_follow_up, name="follow_up"),
    path("manage/", manage_views.program_list, name="manage"),
    path("manage/<slug:key>/", manage_views.program_edit, name="manage_program"),
    path("manage/<slug:key>/preview/", manage_views.preview, name="manage_preview"),
    path("manage/<slug:key>/<slug:action>/", manage_views.program_action, name="manage_action"),
]
