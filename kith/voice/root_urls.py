"""The voice app's URLs outside /children/: the child's own pages at /me/ and the duty team's
alerts at /duty/. config/urls.py includes this module at the root:

    path("", include("kith.voice.root_urls")),
"""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("me/", include("kith.voice.child_urls")),
    path("duty/", include("kith.voice.duty_urls")),
]
