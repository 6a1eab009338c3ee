"""Reading decisions into explanation sources: one reader for each kind of record that can be
explained. Registered with `kith.voice.sources` when the app starts."""

from __future__ import annotations

from django.utils import timezone

from kith.people.models import Child
from kith.people.rules import age_on
from kith.voice.explain import Decision, ExplanationSource


def _child_facts(child: Child) -> tuple[str, int | None, str]:
    person = child.person
    age = age_on(person.date_of_birth, timezone.localdate()) if person.date_of_birth else None
    lead = child.lead_practitioner
    worker = lead.get_full_name() if lead is not None else "your worker"
    return person.known_as, age, worker


def read_assessment(child: Child, assessment_id: int) -> ExplanationSource | None:
    """An assessment: its decision and analysis, the worries, strengths, goals and next steps."""
    from kith.assessments.models import Assessment
    from kith.assessments.records import assessment_summary

    assessment = Assessment.objects.filter(pk=assessment_id, child=child).first()
    if assessment is None:
        return None
    summary = assessment_summary(assessment)
    name, age, worker = _child_facts(child)
    why = summary.analysis or summary.recommendation
    return ExplanationSource(
        kind="assessment",
        title=summary.kind_label,
        held_on=summary.completed_on or summary.starts_on,
        child_name=name,
        child_age=age,
        worker_name=worker,
        decisions=(Decision(summary.decision, why),) if summary.decision else (),
        worries=tuple(d.worry for d in summary.dangers) or summary.harms,
        strengths=summary.strengths + summary.safety,
        goals=tuple(goal for d in summary.dangers for goal in d.goals),
        next_steps=tuple(
            f"{n.owner} will {n.what[:1].lower()}{n.what[1:]} by {n.due_on.day} {n.due_on:%B}"
            for n in summary.next_steps
            if not n.done_on
        ),
    )
