"""URLs of the standards app, under /standards/."""

from __future__ import annotations

from django.urls import path, re_path

from kith.standards import views

app_name = "standards"
C = "children/<int:child_id>"
SCOPE = r"^(?P<scope>practitioner|team|service)/(?P<scope_id>[0-9]+)/"
PART = r"(?P<part>children|export\.csv|export\.xlsx|children\.csv|children\.xlsx)$"
urlpatterns = [
    path("", views.index, name="index"),
    path("definitions/", views.definitions, name="definitions"),
    path("audits/", views.audits, name="audits"),
    path(f"{C}/", views.child_standards, name="child"),
    path(f"{C}/oversight/", views.oversight, name="oversight"),
    path(f"{C}/oversight/new/", views.record_oversight, name="record-oversight"),
    path(f"{C}/supervision/", views.supervision, name="supervision"),
    path(f"{C}/supervision/new/", views.record_supervision, name="record-supervision"),
    path(f"{C}/audits/new/", views.start_audit, name="start-audit"),
    path(f"{C}/audits/<int:audit_id>/", views.audit_detail, name="audit"),
    path("actions/<int:action_id>/done/", views.action_done, name="action-done"),
    path("teams/<int:team_id>/group-supervision/", views.group_supervision, name="group-supervision"),
    path("borough/", views.borough, name="borough"),
    re_path(r"^borough/" + PART, views.borough_part, name="borough-part"),
    re_path(SCOPE + "$", views.dashboard, name="dashboard"),
    re_path(SCOPE + PART, views.dashboard_part, name="dashboard-part"),
]
