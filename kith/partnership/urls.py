"""URLs of partnership intelligence, under /partnership/."""

from __future__ import annotations

from django.urls import path

from kith.partnership import views

app_name = "partnership"
urlpatterns = [
    path("", views.home, name="home"),
    path("feeds/", views.feeds, name="feeds"),
    path("matrix/", views.matrix, name="matrix"),
    path("runs/", views.start_run, name="start-run"),
    path("runs/<int:run_id>/", views.run_page, name="run"),
    path("runs/<int:run_id>/progress/", views.run_progress, name="run-progress"),
    path("review/", views.review_queue, name="review"),
    path("review/<int:link_id>/", views.decide, name="decide"),
    path("children/<int:child_id>/", views.profile, name="profile"),
    path("cohorts/", views.cohorts, name="cohorts"),
    path("cohorts/export.csv", views.cohort_export, name="cohort-export"),
    path("equity/", views.equity, name="equity"),
]
