"""URLs of the voice app, under /children/."""

from __future__ import annotations

from django.urls import path

from kith.voice import views

app_name = "voice"
urlpatterns = [
    path("<int:child_id>/explanations/", views.explanations, name="explanations"),
    path(
        "<int:child_id>/explanations/new/<str:source_kind>/<int:source_id>/",
        views.draft_explanations,
        name="draft",
    ),
    path("<int:child_id>/explanations/<int:explanation_id>/", views.explanation, name="explanation"),
    path("<int:child_id>/explanations/<int:explanation_id>.pdf", views.explanation_pdf, name="explanation-pdf"),
    path("<int:child_id>/explanations/<int:explanation_id>/given/", views.record_given, name="given"),
]
