"""Kith's URLs: one include per domain app."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("kith.journey.urls")),
    path("", include("kith.core.urls")),
    path("children/", include("kith.people.urls")),
    path("children/", include("kith.assessments.urls")),
    path("children/", include("kith.plans.urls")),
    path("children/", include("kith.meetings.urls")),
    path("children/", include("kith.voice.urls")),
    # The child's own pages (/me/) and the duty team's alerts (/duty/).
    path("", include("kith.voice.root_urls")),
    path("returns/", include("kith.returns.urls")),
    path("standards/", include("kith.standards.urls")),
    path("partnership/", include("kith.partnership.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "kith.core.views.not_found"
handler403 = "kith.core.views.forbidden"
handler500 = "kith.core.views.server_error"
