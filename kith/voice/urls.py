"""URLs of the voice app, under /children/."""

from __future__ import annotations

from django.urls import path

from kith.voice import staff_views, views

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

# The worker's side of the child's voice (kith.voice.staff_views).
urlpatterns += [
    path("<int:child_id>/voice/", staff_views.child_voice, name="child-voice"),
    path("<int:child_id>/voice/links/", staff_views.make_link, name="make-link"),
    path("<int:child_id>/voice/links/<int:link_id>/stop/", staff_views.revoke_link, name="revoke-link"),
    path("<int:child_id>/voice/hand-over/", staff_views.hand_over, name="hand-over"),
    path("<int:child_id>/voice/said/<int:view_id>/", staff_views.said, name="said"),
    path("<int:child_id>/voice/said/<int:view_id>/seen/", staff_views.mark_seen, name="seen"),
    path("<int:child_id>/voice/said/<int:view_id>/drawing/", staff_views.drawing, name="drawing"),
    path("<int:child_id>/voice/alerts/<int:alert_id>/", staff_views.alert, name="alert"),
    path("<int:child_id>/advocacy/new/", staff_views.request_advocate, name="request-advocate"),
    path("<int:child_id>/advocacy/<int:request_id>/allocate/", staff_views.allocate_advocate, name="allocate-advocate"),
    path("<int:child_id>/advocacy/<int:request_id>/close/", staff_views.close_advocacy, name="close-advocacy"),
]
