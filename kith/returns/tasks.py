"""The long work of the returns, as background tasks (django-tasks): build a return, check it
against the year's schema, validate it with the DfE's rules, make Annex A, or import a council's
files. Each task writes its progress to its run, which the run's page shows as it goes.
"""

from __future__ import annotations

import io
import traceback
import zipfile
from typing import Any

from django.utils import timezone
from django_tasks import task

from kith.people.models import Child
from kith.returns import annex_a, cin_build, cin_format, importer, ssda903, validation
from kith.returns.codes import RunKind, RunStatus
from kith.returns.models import ImportRecord, ReturnFile, ReturnRun, ValidationIssue

XML = "application/xml"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _progress(run_id: int) -> Any:
    def tell(percent: int, stage: str) -> None:
        ReturnRun.objects.filter(pk=run_id).update(progress=min(99, max(0, percent)), stage=stage)

    return tell


def _save(run: ReturnRun, name: str, content_type: str, content: bytes) -> None:
    ReturnFile.objects.update_or_create(
        run=run, name=name, defaults={"content_type": content_type, "size": len(content), "content": content}
    )


def _save_issues(run: ReturnRun, checked: validation.Validation) -> None:
    ids = {f.child for f in checked.findings if f.child}
    children = dict(Child.objects.filter(la_child_id__in=ids).values_list("la_child_id", "pk"))
    ValidationIssue.objects.bulk_create(
        [
            ValidationIssue(
                run=run,
                kind=f.kind,
                rule_code=f.rule[:20],
                message=f.message,
                la_child_id=(f.child or "")[:40],
                child_id=children.get(f.child or ""),
                table=f.table,
                columns=", ".join(f.columns)[:200],
                row=f.row,
            )
            for f in checked.findings
        ],
        batch_size=2000,
    )


def _validation_summary(checked: validation.Validation | None, missing: str = "") -> dict[str, Any]:
    if checked is None:
        return {"validated": False, "why_not": missing}
    return {
        "validated": True,
        "rules_run": checked.rules_run,
        "errors": checked.errors,
        "queries": checked.queries,
        "could_not_run": checked.could_not_run,
        "validator_seconds": checked.seconds,
    }


def _validate(run: ReturnRun, check: Any) -> dict[str, Any]:
    if not validation.validators_installed():
        return _validation_summary(None, "The DfE validators are not installed on this server (make validators)")
    checked = check()
    _save_issues(run, checked)
    return _validation_summary(checked)


def cin_census(run: ReturnRun) -> dict[str, Any]:
    year = run.collection_year or 0
    tell = _progress(run.pk)
    census = cin_build.build_census(year, now=timezone.now(), progress=lambda p, s: tell(p * 40 // 100, s))
    tell(45, "Writing the XML and checking it against the schema")
    content = cin_format.to_xml(census)
    _save(run, f"cin_census_{year - 1}_{str(year)[2:]}.xml", XML, content)
    schema = cin_format.schema_errors(content, year)
    tell(55, "Validating with the DfE's rules")
    summary = _validate(run, lambda: validation.validate_cin(cin_format.to_tables(census), year))
    return {"children": len(census.children), "schema_errors": schema, **summary}


def ssda903_return(run: ReturnRun) -> dict[str, Any]:
    year = run.collection_year or 0
    tell = _progress(run.pk)
    tell(5, "Reading looked-after children")
    built = ssda903.build_903(year)
    files = built.files()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    _save(run, f"ssda903_{year - 1}_{str(year)[2:]}.zip", "application/zip", out.getvalue())
    for name, content in files.items():
        _save(run, name, CSV, content)
    tell(50, "Validating with the DfE's rules")
    summary = _validate(run, lambda: validation.validate_903(files, year, ssda903.la_gss_code()))
    return {"children": len(built.tables["Header"]), **summary}


def annex(run: ReturnRun) -> dict[str, Any]:
    assert run.period_start and run.period_end
    _progress(run.pk)(10, "Reading the lists")
    content, counts = annex_a.build_annex_a(run.period_start, run.period_end)
    _save(run, f"annex_a_{run.period_start:%Y%m%d}_{run.period_end:%Y%m%d}.xlsx", XLSX, content)
    return {"lists": counts}


def import_files(run: ReturnRun) -> dict[str, Any]:
    tell = _progress(run.pk)
    uploads = list(run.files.filter(is_upload=True))
    xml = [f for f in uploads if f.name.lower().endswith(".xml")]
    csvs = {f.name: bytes(f.content) for f in uploads if f.name.lower().endswith(".csv")}
    others = [f.name for f in uploads if f not in xml and f.name not in csvs]
    today = timezone.localdate()
    reports = []
    for f in xml:
        try:
            census = cin_format.from_xml(bytes(f.content))
        except cin_format.NotACensus as why:
            report = importer.ImportReport()
            report.add("rejected", "", "file", f"{f.name}: {why}")
            reports.append(report)
            continue
        reports.append(importer.import_census(census, by=run.created_by, today=today, progress=tell))
    if csvs:
        year = run.collection_year or today.year
        reports.append(importer.import_903(csvs, year=year, by=run.created_by, today=today, progress=tell))
    counts: dict[str, int] = {}
    records = []
    for name in others:
        records.append(ImportRecord(run=run, outcome="rejected", what="file", reason=f"{name}: not an XML or CSV file"))
    for report in reports:
        for note in report.notes:
            records.append(
                ImportRecord(
                    run=run,
                    outcome=note.outcome,
                    la_child_id=note.la_child_id[:40],
                    child_id=note.child_id,
                    what=note.what[:60],
                    reason=note.reason,
                )
            )
        for outcome, n in report.counts().items():
            counts[outcome] = counts.get(outcome, 0) + n
    ImportRecord.objects.bulk_create(records, batch_size=2000)
    return {"children": counts, "rejected_rows": sum(1 for r in records if r.outcome == "rejected")}


WORK = {
    RunKind.CIN_CENSUS: cin_census,
    RunKind.SSDA903: ssda903_return,
    RunKind.ANNEX_A: annex,
    RunKind.IMPORT: import_files,
}


@task()
def run_return(run_id: int) -> None:
    """Do a run's work, keeping its status, progress and summary up to date."""
    run = ReturnRun.objects.select_related("created_by").get(pk=run_id)
    ReturnRun.objects.filter(pk=run_id).update(status=RunStatus.RUNNING, stage="Starting", progress=1)
    # No transaction around the work: its progress must reach the page while it runs. An import
    # commits child by child; an export saves its files at the end.
    try:
        summary = WORK[RunKind(run.kind)](run)
    except Exception as error:  # the run's page says what went wrong; the worker carries on
        ReturnRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED,
            failure="".join(traceback.format_exception_only(type(error), error))[-2000:],
            finished_at=timezone.now(),
        )
        return
    ReturnRun.objects.filter(pk=run_id).update(
        status=RunStatus.DONE, progress=100, stage="Finished", summary=summary, finished_at=timezone.now()
    )
