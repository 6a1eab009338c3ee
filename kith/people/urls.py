"""URLs of the people app, under /children/."""

from __future__ import annotations

from django.urls import path

from kith.people import family_views, views

app_name = "people"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("<int:child_id>/reason/", views.access_reason, name="access-reason"),
    path("<int:child_id>/details/", views.edit_person, name="edit-person"),
    path("<int:child_id>/audit/", views.audit_trail, name="audit-trail"),
    path("<int:child_id>/family/", family_views.family, name="family"),
    path("<int:child_id>/family/add/", family_views.add_relative, name="add-relative"),
    path("<int:child_id>/family/review/", family_views.record_genogram_review, name="genogram-review"),
    path(
        "<int:child_id>/family/relationships/<int:relationship_id>/",
        family_views.change_relationship,
        name="change-relationship",
    ),
    path("<int:child_id>/family/trusted/<int:person_id>/", family_views.mark_trusted_adult, name="trusted-adult"),
    path("<int:child_id>/family/ecomap/", family_views.ecomap, name="ecomap"),
    path("<int:child_id>/family/ecomap/add/", family_views.add_connection, name="add-connection"),
    path("<int:child_id>/family/network/", family_views.network, name="network"),
    path("<int:child_id>/family/network/add/", family_views.add_network_member, name="add-network-member"),
    path(
        "<int:child_id>/family/network/<int:member_id>/",
        family_views.change_network_member,
        name="change-network-member",
    ),
    path(
        "<int:child_id>/family/<str:diagram>.<str:fmt>",
        family_views.export_diagram,
        name="family-export",
    ),
]
