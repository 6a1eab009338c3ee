"""Every write of the returns app: starting a run (an export, a validation, an import),
recording a download, and recording what only the SSDA903 needs. Atomic and audited; the long
work itself is a background task (`kith.returns.tasks`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from kith.core.actions import record_audit_event
from kith.core.models import AuditAction, User
from kith.journey.models import Episode
from kith.people.models import Child
from kith.returns.codes import RunKind
from kith.returns.models import CareEpisodeDetail, PreviousPermanence, ReturnFile, ReturnRun


@dataclass(frozen=True)
class Upload:
    name: str
    content_type: str
    content: bytes


class RunRefused(Exception):
    """The run cannot start: `field` is the form field at fault and `message` says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def do_start_run(
    *,
    kind: str,
    by: User,
    collection_year: int | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    uploads: list[Upload] | None = None,
) -> ReturnRun:
    """Record a run and queue its work. With the immediate task backend (tests) the work is done
    before this returns."""
    from kith.returns.tasks import run_return

    if kind == RunKind.IMPORT and not uploads:
        raise RunRefused("files", "Select the CIN census XML file or the SSDA903 CSV files to import")
    if kind == RunKind.ANNEX_A and period_start and period_end and period_end < period_start:
        raise RunRefused("period_end", "The end of the period must be the same as or after its start")
    with transaction.atomic():
        run = ReturnRun.objects.create(
            kind=kind,
            collection_year=collection_year,
            period_start=period_start,
            period_end=period_end,
            created_by=by,
            created_at=timezone.now(),
        )
        for upload in uploads or []:
            ReturnFile.objects.create(
                run=run,
                name=upload.name,
                content_type=upload.content_type,
                size=len(upload.content),
                is_upload=True,
                content=upload.content,
            )
        record_audit_event(
            user=by,
            action=AuditAction.CREATE,
            child_id=None,
            object_type="return_run",
            object_id=run.pk,
            detail={"kind": kind, "year": collection_year, "files": [u.name for u in uploads or []]},
        )
    run_return.enqueue(run.pk)
    run.refresh_from_db()
    return run


def do_record_download(*, file: ReturnFile, by: User) -> None:
    """Every download of a return is audited: the files hold many children's details."""
    record_audit_event(
        user=by,
        action=AuditAction.EXPORT,
        child_id=None,
        object_type="return_file",
        object_id=file.pk,
        detail={"run": file.run_id, "name": file.name, "size": file.size},
    )


def _audit_child(*, child_id: int, team_id: int | None, by: User, object_type: str, object_id: int) -> None:
    record_audit_event(
        user=by,
        action=AuditAction.UPDATE,
        child_id=child_id,
        child_team_id=team_id,
        object_type=object_type,
        object_id=object_id,
    )


def do_record_care_details(
    *,
    episode: Episode,
    starts_on: date,
    by: User,
    reason_new_episode: str = "",
    place_provider: str = "",
    reason_place_change: str = "",
    home_postcode: str = "",
    urn: str = "",
) -> CareEpisodeDetail:
    """Record what the SSDA903 needs about the row of a looked-after episode starting on
    `starts_on`: the placement provider, Ofsted URN, home postcode, why the placement changed."""
    if episode.stage != "lac":
        raise RunRefused("episode", "Choose a looked-after episode")
    with transaction.atomic():
        detail, _ = CareEpisodeDetail.objects.update_or_create(
            episode=episode,
            starts_on=starts_on,
            defaults={
                "reason_new_episode": reason_new_episode,
                "place_provider": place_provider,
                "reason_place_change": reason_place_change,
                "home_postcode": home_postcode,
                "urn": urn,
            },
        )
        child = episode.child
        _audit_child(child_id=child.pk, team_id=child.team_id, by=by, object_type="care_details", object_id=detail.pk)
    return detail


def do_record_previous_permanence(
    *, child: Child, kind: str, by: User, local_authority: str = "", on: str = ""
) -> PreviousPermanence:
    """Record the permanence order the child had before coming into care (Z1 when not known)."""
    with transaction.atomic():
        permanence, _ = PreviousPermanence.objects.update_or_create(
            child=child, defaults={"kind": kind, "local_authority": local_authority, "on": on}
        )
        _audit_child(
            child_id=child.pk, team_id=child.team_id, by=by, object_type="previous_permanence", object_id=permanence.pk
        )
    return permanence
