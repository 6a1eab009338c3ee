"""URLs of the child's own pages, under /me/ (see root_urls)."""

from __future__ import annotations

from django.urls import path

from kith.voice import childpages

app_name = "child"
urlpatterns = [
    path("", childpages.home, name="home"),
    path("start/<str:token>/", childpages.start, name="start"),
    path("houses/", childpages.houses, name="houses"),
    path("houses/<slug:house_slug>/", childpages.house_page, name="house"),
    path("feelings/", childpages.feelings, name="feelings"),
    path("people/", childpages.people, name="people"),
    path("wishes/", childpages.wishes, name="wishes"),
    path("not-safe/", childpages.not_safe, name="not-safe"),
    path("not-safe/words/", childpages.not_safe_words, name="not-safe-words"),
    path("about/", childpages.about, name="about"),
    path("explanations/<int:explanation_id>/", childpages.explanation, name="explanation"),
    path("said/", childpages.said, name="said"),
    path("said/<int:view_id>/drawing/", childpages.said_drawing, name="drawing"),
    path("advocate/", childpages.advocate, name="advocate"),
    path("give-back/", childpages.give_back, name="give-back"),
]
