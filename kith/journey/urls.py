"""URLs of the journey app."""

from __future__ import annotations

from django.urls import path

from kith.journey import views

app_name = "journey"
urlpatterns = [
    path("", views.my_work_view, name="my-work"),
    path("children/<int:child_id>/", views.child_view, name="child"),
    path("children/<int:child_id>/visits/new/", views.record_visit, name="record-visit"),
    path("children/<int:child_id>/allocate/", views.allocate, name="allocate"),
    path("children/<int:child_id>/stages/new/", views.open_episode, name="open-episode"),
    path("children/<int:child_id>/stages/<int:episode_id>/end/", views.close_episode, name="close-episode"),
]
