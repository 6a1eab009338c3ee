"""URLs of the returns app, under /returns/."""

from __future__ import annotations

from django.urls import path

from kith.returns import views

app_name = "returns"
urlpatterns = [
    path("", views.home, name="home"),
    path("exports/", views.start_export, name="start-export"),
    path("annex-a/", views.start_annex_a, name="start-annex-a"),
    path("imports/", views.start_import, name="start-import"),
    path("runs/<int:run_id>/", views.run_page, name="run"),
    path("runs/<int:run_id>/progress/", views.run_progress, name="run-progress"),
    path("runs/<int:run_id>/files/<int:file_id>/", views.download, name="download"),
    path("children/<int:child_id>/", views.child_details, name="child"),
]
