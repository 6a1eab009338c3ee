"""URLs of the duty team's page of children's safety alerts, under /duty/ (see root_urls)."""

from __future__ import annotations

from django.urls import path

from kith.voice import staff_views

app_name = "duty"
urlpatterns = [
    path("", staff_views.duty, name="alerts"),
]
