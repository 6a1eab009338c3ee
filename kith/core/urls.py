"""URLs of the core app."""

from __future__ import annotations

from django.urls import path

from kith.core import views

app_name = "core"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("access-reasons/", views.access_reasons, name="access-reasons"),
    path("healthz", views.trivial, name="trivial"),
]
