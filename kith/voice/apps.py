from __future__ import annotations

from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "kith.voice"
    label = "voice"
    verbose_name = "The voice of the child"

    def ready(self) -> None:
        from kith.voice import readers, sources

        sources.register("assessment", readers.read_assessment)
        sources.register("plan_review", readers.read_plan_review)
        sources.register("meeting", readers.read_meeting)
