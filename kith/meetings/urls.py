"""URLs of the meetings app, under /children/<child_id>/meetings/."""

from __future__ import annotations

from django.urls import path

from kith.meetings import views

app_name = "meetings"
M = "<int:child_id>/meetings/<int:meeting_id>"
urlpatterns = [
    path("<int:child_id>/meetings/", views.meeting_list, name="list"),
    path("<int:child_id>/meetings/new/", views.plan_meeting, name="plan"),
    path(f"{M}/", views.meeting_page, name="meeting"),
    path(f"{M}/change/", views.change_meeting, name="change"),
    path(f"{M}/held/", views.record_held, name="record-held"),
    path(f"{M}/cancel/", views.cancel_meeting, name="cancel"),
    path(f"{M}/participants/add/", views.add_participant, name="add-participant"),
    path(f"{M}/participants/<int:participant_id>/", views.change_participant, name="change-participant"),
    path(f"{M}/contributions/add/", views.add_contribution, name="add-contribution"),
    path(f"{M}/contributions/<int:contribution_id>/", views.change_contribution, name="change-contribution"),
    path(f"{M}/contributions/<int:contribution_id>/shared/", views.record_sharing, name="record-sharing"),
    path(
        f"{M}/contributions/<int:contribution_id>/document/",
        views.contribution_document,
        name="contribution-document",
    ),
    path(f"{M}/decisions/add/", views.add_decision, name="add-decision"),
    path(f"{M}/actions/add/", views.add_action, name="add-action"),
    path(f"{M}/actions/<int:action_id>/to-plan/", views.send_action_to_plan, name="action-to-plan"),
]
