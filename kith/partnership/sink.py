"""The Django end of the pipeline's one narrow interface (kith.intelligence.sink.ResultSink).

Progress goes onto the run the page is watching (and, from the command line, to the terminal);
loads and retention removals are recorded; results replace the previous run's in one
transaction. Nothing else in the pipeline touches Kith's database.
"""

from __future__ import annotations

from collections.abc import Callable

from kith.intelligence.load import LoadReport, RemovalReport
from kith.intelligence.sink import Progress, RunResults
from kith.partnership.actions import do_record_loads, do_record_progress, do_replace_results
from kith.partnership.models import IntelligenceRun


class DjangoSink:
    def __init__(self, run: IntelligenceRun, echo: Callable[[str], None] | None = None) -> None:
        self.run = run
        self.echo = echo

    def progress(self, progress: Progress) -> None:
        do_record_progress(
            run=self.run, step=progress.step, steps=progress.steps, stage=progress.title, message=progress.message
        )
        if self.echo:
            self.echo(progress.line())

    def loaded(self, loads: list[LoadReport], removals: list[RemovalReport]) -> None:
        do_record_loads(run=self.run, loads=loads, removals=removals)
        if self.echo:
            for report in loads:
                self.echo(f"  {report.file_name}: {report.status}. {report.reason}".rstrip(". ") + ".")
            for removal in removals:
                self.echo(f"  {removal.feed}: {removal.rows_removed} rows past retention removed.")

    def results(self, results: RunResults) -> None:
        if self.echo:
            self.echo("Writing the results into Kith")
        do_replace_results(run=self.run, results=results)
