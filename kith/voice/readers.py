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


def read_plan_review(child: Child, review_id: int) -> ExplanationSource | None:
    """A plan review: what has been done, what is still to do, the goals and the next review."""
    from kith.plans.models import PlanReview

    review = (
        PlanReview.objects.filter(pk=review_id, plan__child=child)
        .select_related("plan")
        .prefetch_related("action_progress__action", "goal_progress__goal")
        .first()
    )
    if review is None:
        return None
    name, age, worker = _child_facts(child)
    done = tuple(p.action.what for p in review.action_progress.all() if p.status == "done")
    to_do = tuple(
        f"{p.action.owner_name} will {p.action.what[:1].lower()}{p.action.what[1:]} by {p.action.by_date.day} "
        f"{p.action.by_date:%B}"
        for p in review.action_progress.all()
        if p.status not in ("done", "not_done")
    )
    decisions = (Decision("The plan carries on, with the changes agreed at the review", review.summary),)
    return ExplanationSource(
        kind="review",
        title=f"{review.plan.get_kind_display()} review",
        held_on=review.held_on,
        child_name=name,
        child_age=age,
        worker_name=worker,
        decisions=decisions,
        strengths=tuple(f"Done: {what}" for what in done),
        goals=tuple(p.goal.words for p in review.goal_progress.all()),
        next_steps=to_do,
        next_date=review.next_review_on,
        next_what="next review",
    )


def read_meeting(child: Child, meeting_id: int) -> ExplanationSource | None:
    """A meeting or conference: its outcome and decisions with their reasons, the actions, and
    the next meeting due."""
    from kith.meetings.models import Meeting
    from kith.meetings.reads import meeting_summary

    if not Meeting.objects.filter(pk=meeting_id, child=child).exists():
        return None
    summary = meeting_summary(meeting_id, today=timezone.localdate())
    name, age, worker = _child_facts(child)
    decisions = tuple(Decision(d.what, d.rationale) for d in summary.decisions)
    if summary.outcome and not decisions:
        decisions = (Decision(summary.outcome, summary.summary),)
    due = summary.next_due
    return ExplanationSource(
        kind="meeting",
        title=summary.kind_label,
        held_on=summary.held_on,
        child_name=name,
        child_age=age,
        worker_name=worker,
        decisions=decisions,
        next_steps=tuple(
            f"{a.who} will {a.what[:1].lower()}{a.what[1:]} by {a.by_date.day} {a.by_date:%B}" for a in summary.actions
        ),
        next_date=due.due_on if due else None,
        next_what=due.label.lower() if due else "",
    )
