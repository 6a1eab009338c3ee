"""Sign-in, error pages, and the manager's list of reasons given to open records."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kith.core.forms import SignInForm
from kith.core.models import AuditEvent
from kith.core.requests import user_of


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


@require_GET
def trivial(request: HttpRequest) -> HttpResponse:
    """The cheapest page Django can serve through Kith's middleware: the benchmark's yardstick."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
@require_GET
def access_reasons(request: HttpRequest) -> HttpResponse:
    """Reasons people outside the team gave to open the team's children's records."""
    user = user_of(request)
    if not user.is_manager or user.team_id is None:
        return render(request, "core/403.html", status=403)
    events = AuditEvent.objects.reasons_for_team(user.team_id)[:200]
    return render(request, "core/access_reasons.html", {"events": events})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.html", status=500)
