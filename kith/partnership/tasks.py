"""The pipeline as a background task (django-tasks), started from the partnership page."""

from __future__ import annotations

from django_tasks import task

from kith.partnership.models import IntelligenceRun
from kith.partnership.runner import run_pipeline


@task()
def run_intelligence(run_id: int) -> None:
    """Run the pipeline for a queued run; progress and any failure are kept on the run."""
    run = IntelligenceRun.objects.get(pk=run_id)
    try:
        run_pipeline(run)
    except Exception:  # recorded on the run by run_pipeline; the worker carries on
        return
