"""URLs of the people app, under /children/."""

from __future__ import annotations

from django.urls import path

from kith.people import views

app_name = "people"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("<int:child_id>/reason/", views.access_reason, name="access-reason"),
    path("<int:child_id>/details/", views.edit_person, name="edit-person"),
    path("<int:child_id>/audit/", views.audit_trail, name="audit-trail"),
]
