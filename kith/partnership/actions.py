"""Every write of partnership intelligence: runs, loads, results, link decisions, early help leads.

Results arrive from the pipeline through `sink.DjangoSink`, which calls `do_replace_results`:
the previous run's links, evidence, patterns, cohort and equity rows are replaced in one
transaction, so the pages never show half of one run and half of another. Decisions and named
leads are people's decisions and are kept across runs.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from kith.core.actions import record_audit_event
from kith.core.models import AuditAction, AuditEvent, User
from kith.intelligence.load import LoadReport, RemovalReport
from kith.intelligence.sink import RunResults
from kith.partnership.models import (
    ChildFactor,
    ChildPattern,
    CohortEntry,
    Decision,
    EarlyHelpLead,
    EquityRow,
    FeedLoad,
    IntelligenceRun,
    LinkDecision,
    LinkStatus,
    MatchKey,
    PartnerLink,
    RetentionRemoval,
    RunStatus,
)
from kith.people.models import Child, Person

BATCH = 5_000


class DecisionRefused(Exception):
    """A link decision that cannot be made; the message is for the practitioner."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Runs ------------------------------------------------------------------------------------------


def do_queue_run(*, by: User | None, today: date, engine: str = "duckdb") -> IntelligenceRun:
    """Record a run to be done (by the background worker or the command line)."""
    with transaction.atomic():
        run = IntelligenceRun.objects.create(started_by=by, queued_at=timezone.now(), today=today, engine=engine)
        record_audit_event(
            user=by, action=AuditAction.CREATE, child_id=None, object_type="intelligence_run", object_id=run.pk
        )
    return run


def do_mark_run_started(*, run: IntelligenceRun) -> None:
    IntelligenceRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=timezone.now())


def do_record_progress(*, run: IntelligenceRun, step: int, steps: int, stage: str, message: str) -> None:
    """Progress the run's page shows while it runs: written at once, outside any transaction."""
    IntelligenceRun.objects.filter(pk=run.pk).update(step=step, steps=steps, stage=stage[:60], message=message[:300])


def do_mark_run_failed(*, run: IntelligenceRun, error: str) -> None:
    IntelligenceRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, error=error[-4000:], finished_at=timezone.now()
    )


def do_record_loads(*, run: IntelligenceRun | None, loads: list[LoadReport], removals: list[RemovalReport]) -> None:
    """What happened to each partner file, and what passed its retention period."""
    now = timezone.now()
    with transaction.atomic():
        FeedLoad.objects.bulk_create(
            [
                FeedLoad(
                    run=run,
                    feed=report.feed,
                    file_name=report.file_name[:255],
                    sha256=report.sha256,
                    loaded_on=report.loaded_on,
                    status=report.status,
                    reason=report.reason,
                    rows_in_file=report.rows_in_file,
                    rows_added=report.rows_added,
                    rows_replaced=report.rows_replaced,
                    rows_unchanged=report.rows_unchanged,
                    rows_quarantined=report.rows_quarantined,
                    rows_past_retention=report.rows_past_retention,
                    quarantine_reasons=report.quarantine_reasons,
                    recorded_at=now,
                )
                for report in loads
            ]
        )
        RetentionRemoval.objects.bulk_create(
            [
                RetentionRemoval(
                    run=run,
                    feed=removal.feed,
                    removed_on=removal.removed_on,
                    cutoff=removal.cutoff,
                    rows_removed=removal.rows_removed,
                    quarantined_rows_removed=removal.quarantined_rows_removed,
                )
                for removal in removals
            ]
        )


def do_replace_results(*, run: IntelligenceRun, results: RunResults) -> None:
    """Make this run's results the ones Kith shows, in one transaction, and finish the run.

    People or children deleted since the export are skipped (their rows would point nowhere)."""
    persons = set(Person.objects.values_list("pk", flat=True))
    children = set(Child.objects.values_list("pk", flat=True))
    with transaction.atomic():
        for model in (PartnerLink, ChildFactor, ChildPattern, CohortEntry, EquityRow):
            model.objects.all().delete()
        _links(run, results, persons)
        _evidence(run, results, persons, children)
        for chunk in results.chunks("patterns"):
            ChildPattern.objects.bulk_create(
                [ChildPattern(run=run, **row) for row in chunk.to_pylist() if row["child_id"] in children],
                batch_size=BATCH,
            )
        for chunk in results.chunks("cohort"):
            CohortEntry.objects.bulk_create(
                [
                    CohortEntry(run=run, **{k: v for k, v in row.items() if k != "la_child_id"})
                    for row in chunk.to_pylist()
                    if row["child_id"] in children
                ],
                batch_size=BATCH,
            )
        EquityRow.objects.bulk_create([EquityRow(run=run, **row) for row in results.table("equity").to_pylist()])
        IntelligenceRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            finished_at=timezone.now(),
            stage_seconds=results.stage_seconds,
            counts=results.counts,
            stage="Finished",
            message="",
            step=run.steps,
        )


def _links(run: IntelligenceRun, results: RunResults, persons: set[int]) -> None:
    for chunk in results.chunks("links"):
        PartnerLink.objects.bulk_create(
            [
                PartnerLink(
                    run=run,
                    **(
                        row
                        | {"subject_postcode": row["subject_postcode"] or "", "comparisons": row["comparisons"] or ""}
                    ),
                )
                for row in chunk.to_pylist()
                if row["person_id"] in persons
            ],
            batch_size=BATCH,
        )


def _evidence(run: IntelligenceRun, results: RunResults, persons: set[int], children: set[int]) -> None:
    for chunk in results.chunks("evidence"):
        rows = []
        for row in chunk.to_pylist():
            if row["child_id"] not in children:
                continue
            via = row.pop("via_person_id")
            row.update(via="" if row["via"] is None else row["via"], person_ref=row["person_ref"] or "")
            row["match_key"] = row["match_key"] or ""
            rows.append(ChildFactor(run=run, via_person_id=via if via in persons else None, **row))
        ChildFactor.objects.bulk_create(rows, batch_size=BATCH)


# --- Reading ------------------------------------------------------------------------------------------


def do_audit_reads(
    *,
    user: User,
    action: AuditAction,
    children: list[tuple[int, int | None]],
    object_type: str,
    detail: dict[str, object],
) -> None:
    """One audit event for each child a list showed or an export held, written together: a
    cohort page or export reads many children's details at once, and each child's trail must
    show it."""
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                at=now,
                user=user,
                action=action,
                child_id=child_id,
                child_team_id=team_id,
                object_type=object_type,
                object_id=child_id,
                detail=detail,
            )
            for child_id, team_id in children
        ]
    )


# --- Decisions ---------------------------------------------------------------------------------------


def _child_of(person_id: int) -> Child | None:
    return Child.objects.filter(person_id=person_id).only("pk", "team_id").first()


def do_decide_link(*, link_id: int, decision: Decision, reason: str, by: User) -> LinkDecision:
    """Confirm or reject a suggested link. A confirmed link becomes a link at once (the other
    suggestions for that partner record go); a rejected one leaves the queue and is never
    suggested again. Every later run keeps to the decision."""
    now = timezone.now()
    with transaction.atomic():
        link = PartnerLink.objects.select_for_update().filter(pk=link_id).first()
        if link is None or link.status != LinkStatus.REVIEW:
            raise DecisionRefused(
                "This suggestion has changed since you opened it: someone else decided it, or the partner "
                "records were linked again. Go back to the review queue to see what is left."
            )
        made, _ = LinkDecision.objects.update_or_create(
            feed=link.feed,
            person_ref=link.person_ref,
            person_id=link.person_id,
            defaults={
                "decision": decision,
                "reason": reason,
                "decided_by": by,
                "decided_on": timezone.localdate(),
                "decided_at": now,
            },
        )
        subject = PartnerLink.objects.filter(feed=link.feed, person_ref=link.person_ref)
        if decision == Decision.CONFIRMED:
            subject.exclude(pk=link.pk).delete()
            PartnerLink.objects.filter(pk=link.pk).update(
                status=LinkStatus.LINKED, match_key=MatchKey.CONFIRMED, rank=0
            )
        else:
            PartnerLink.objects.filter(pk=link.pk).delete()
        child = _child_of(link.person_id)
        record_audit_event(
            user=by,
            action=AuditAction.UPDATE,
            child_id=child.pk if child else None,
            child_team_id=child.team_id if child else None,
            object_type="partner_link_decision",
            object_id=made.pk,
            detail={
                "feed": link.feed,
                "person_ref": link.person_ref,
                "person_id": link.person_id,
                "decision": decision,
            },
        )
    return made


def do_name_early_help_lead(*, user: User, by: User | None) -> EarlyHelpLead:
    """Name someone an early help lead: they may then see cohorts and the equity report."""
    with transaction.atomic():
        lead, _ = EarlyHelpLead.objects.get_or_create(user=user, defaults={"named_by": by, "named_at": timezone.now()})
        record_audit_event(
            user=by, action=AuditAction.UPDATE, child_id=None, object_type="early_help_lead", object_id=user.pk
        )
    return lead
