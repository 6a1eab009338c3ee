"""The standards pages, with the personas: Alice (practitioner, Riverside), Bob (Riverside's team
manager), Charlie (Hillside: Riverside's children are not his), Dana (partner agency), Erin (analyst)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from kith.conftest import make_user, signed_in
from kith.core.models import AuditEvent, Role, Team, User
from kith.people.models import Child
from kith.standards.actions import do_audit_case, do_record_supervision
from kith.standards.models import AuditStatus, CaseAudit, CaseSupervision, ManagementOversight, PracticeAction
from kith.standards.records import actions_for, standards_for_caseload, standards_for_child
from kith.standards.rules import ActionInput
from kith.standards.tests.helpers import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
TODAY = NOW.date()


@pytest.fixture
def as_erin(erin: User) -> Client:
    return signed_in(erin)


def dashboard(kind: str, pk: int) -> str:
    return reverse("standards:dashboard", args=[kind, pk])


# --- Dashboards ---------------------------------------------------------------------------------------


def test_alice_opens_her_own_dashboard_from_the_index(as_alice: Client, alice: User, jayden: Child) -> None:
    response = as_alice.get(reverse("standards:index"))
    assert response.status_code == 302
    assert response["Location"] == dashboard("practitioner", alice.pk)
    page = as_alice.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Practice standards: Alice Ahmed" in html
    assert "RN-01" in html and "<svg" in html and 'id="standards-by-month"' in html
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


@pytest.mark.parametrize("kind", ["team", "practitioner"])
def test_bob_sees_his_team_and_its_practitioners_in_a_bounded_number_of_queries(
    as_bob: Client, bob: User, alice: User, jayden: Child, kind: str, django_assert_max_num_queries: Any
) -> None:
    target = bob.team_id if kind == "team" else alice.pk
    assert target is not None
    # The first load works out and keeps the month ends (on PostgreSQL: the lock, the candidates).
    with django_assert_max_num_queries(26 if connection.vendor == "postgresql" else 22):
        as_bob.get(dashboard(kind, target))
    with django_assert_max_num_queries(16):
        response = as_bob.get(dashboard(kind, target))
    assert response.status_code == 200
    assert "1 child open now" in response.content.decode()


def test_charlie_cannot_see_riversides_dashboards(as_charlie: Client, riverside: Team, alice: User) -> None:
    assert as_charlie.get(dashboard("team", riverside.pk)).status_code == 404
    assert as_charlie.get(dashboard("practitioner", alice.pk)).status_code == 404
    assert as_charlie.get(reverse("standards:borough")).status_code == 404


def test_dana_has_no_dashboards(as_dana: Client) -> None:
    response = as_dana.get(reverse("standards:index"))
    assert response.status_code == 403
    assert "for practitioners, managers and performance analysts" in response.content.decode()


def test_erin_sees_the_borough_and_drills_down_to_children_by_name(
    as_erin: Client, jayden: Child, mia: Child, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(26 if connection.vendor == "postgresql" else 22):
        as_erin.get(reverse("standards:borough"))
    with django_assert_max_num_queries(16):
        response = as_erin.get(reverse("standards:borough"))
    assert response.status_code == 200
    assert "1 child open now" in response.content.decode()  # Mia is restricted: not counted for Erin
    drill = as_erin.get(reverse("standards:borough-part", args=["children"]), {"standard": "RN-01"})
    html = drill.content.decode()
    assert drill.status_code == 200
    assert "Jayden Smith" in html and "Mia" not in html
    assert AuditEvent.objects.filter(object_type="standards_children", user__username="erin").exists()


def test_the_drill_down_lists_only_the_children_behind_the_figure(as_alice: Client, alice: User, jayden: Child) -> None:
    url = reverse("standards:dashboard-part", args=["practitioner", alice.pk, "children"])
    overdue = as_alice.get(url, {"standard": "VC-02", "status": "overdue"}).content.decode()
    assert "Jayden Smith" in overdue and reverse("journey:record-visit", args=[jayden.pk]) in overdue
    met = as_alice.get(url, {"standard": "VC-02", "status": "met"}).content.decode()
    assert "No children to list" in met
    assert as_alice.get(url, {"standard": "VC-02", "on": "not-a-date"}).status_code == 404


def test_recording_a_visit_shows_the_standard_met_on_the_next_page_load(
    as_alice: Client, alice: User, jayden: Child
) -> None:
    url = reverse("standards:dashboard-part", args=["practitioner", alice.pk, "children"])
    assert "Jayden Smith" in as_alice.get(url, {"standard": "VC-02", "status": "overdue"}).content.decode()
    response = as_alice.post(
        reverse("journey:record-visit", args=[jayden.pk]),
        {
            "visited_on_0": TODAY.day,
            "visited_on_1": TODAY.month,
            "visited_on_2": TODAY.year,
            "place": "home",
            "child_seen": "seen_alone",
            "child_words": "I like football",
        },
    )
    assert response.status_code == 302
    assert "Jayden Smith" in as_alice.get(url, {"standard": "VC-02", "status": "met"}).content.decode()
    record = standards_for_child(jayden, TODAY)
    assert next(r for r in record.rows if r.code == "VC-02").status == "met"


def _status_of(html: str, code: str) -> str:
    """The status tag drawn beside a standard's code in a section's table or list."""
    row = html.split(f">{code}<", 1)[1]
    return row.split("govuk-tag--", 1)[1].split(">", 1)[1].split("<", 1)[0]


def _first_title(html: str, code: str) -> str:
    """The standard's title as a section draws it (the record's table: code, then title)."""
    title = html.split(f">{code}</span>", 1)[1].split("<", 1)[0].strip()
    assert title
    return title


def test_the_record_and_my_work_show_a_visit_on_the_next_load_though_their_markup_is_kept(
    as_alice: Client, alice: User, jayden: Child
) -> None:
    """The standards sections' markup is kept keyed on the results, which are read every time."""
    record_url = reverse("journey:child", args=[jayden.pk])
    before = as_alice.get(record_url).content.decode()
    assert as_alice.get(record_url).content.decode().count(">VC-02<") == 1  # drawn again the same
    assert _status_of(before, "VC-02") != "Met"
    title = _first_title(before, "VC-02")
    my_work = as_alice.get("/").content.decode()
    assert "Practice standards due" in my_work and title in my_work
    as_alice.post(
        reverse("journey:record-visit", args=[jayden.pk]),
        {
            "visited_on_0": TODAY.day,
            "visited_on_1": TODAY.month,
            "visited_on_2": TODAY.year,
            "place": "home",
            "child_seen": "seen_alone",
            "child_words": "I like football",
        },
    )
    assert _status_of(as_alice.get(record_url).content.decode(), "VC-02") == "Met"
    assert title not in as_alice.get("/").content.decode()  # no longer due


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_figures_and_children_export_and_the_export_is_audited(
    as_bob: Client, bob: User, jayden: Child, fmt: str
) -> None:
    assert bob.team_id is not None
    figures = as_bob.get(reverse("standards:dashboard-part", args=["team", bob.team_id, f"export.{fmt}"]))
    children = as_bob.get(
        reverse("standards:dashboard-part", args=["team", bob.team_id, f"children.{fmt}"]), {"standard": "RN-01"}
    )
    for response in (figures, children):
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(figures.content.decode())))
        assert rows[0][:3] == ["Code", "Standard", "Pillar"]
        assert any(row[0] == "RN-01" for row in rows)
        assert "Jayden Smith" in children.content.decode()
    else:
        sheet = load_workbook(io.BytesIO(children.content)).active
        assert sheet is not None
        assert [c.value for c in sheet[2]][1] == "Jayden Smith"
    exports = AuditEvent.objects.filter(action="export", user=bob)
    assert set(exports.values_list("object_type", flat=True)) == {"standards_figures", "standards_children"}


def test_worker_changes_drill_down(as_bob: Client, bob: User, jayden: Child) -> None:
    assert bob.team_id is not None
    response = as_bob.get(reverse("standards:dashboard-part", args=["team", bob.team_id, "children"]), {"changes": "0"})
    assert "Jayden Smith" in response.content.decode()


# --- The child's standards, My work -------------------------------------------------------------------


def test_the_childs_standards_page_and_partials(as_alice: Client, alice: User, jayden: Child, charlie: User) -> None:
    response = as_alice.get(reverse("standards:child", args=[jayden.pk]))
    assert response.status_code == 200
    assert "A family network meeting within 10 working days" in response.content.decode()
    assert signed_in(charlie).get(reverse("standards:child", args=[jayden.pk])).status_code == 404
    html = render_to_string("standards/_record.html", {"child_standards": standards_for_child(jayden, TODAY)})
    assert "Practice standards" in html and "overdue" in html


def test_my_work_reads_the_caseload_in_two_queries(
    alice: User, jayden: Child, mia: Child, django_assert_num_queries: Any
) -> None:
    from django.db import connection

    # The standards, the caseload's marks, then one statement (PostgreSQL also reads the
    # caseload's candidates first, setting the planner's options in the same query, and resets
    # them after). Loaded again with nothing written, the results are those kept.
    with django_assert_num_queries(5 if connection.vendor == "postgresql" else 3):
        work = standards_for_caseload(alice, TODAY)
    with django_assert_num_queries(2):
        assert standards_for_caseload(alice, TODAY) == work
    assert {child.name for child in work.children} == {"Jayden Smith", "Mia Jones"}
    html = render_to_string("standards/_my_work.html", {"standards_work": work})
    assert "Practice standards due" in html and "Jayden Smith" in html
    assert standards_for_caseload(make_user("pat", Role.PARTNER, None, "Pat", "P"), TODAY).is_empty


# --- Oversight, supervision, audits -------------------------------------------------------------------


def test_bob_records_oversight_with_an_action_for_alice(as_bob: Client, bob: User, alice: User, jayden: Child) -> None:
    url = reverse("standards:record-oversight", args=[jayden.pk])
    assert as_bob.get(url).status_code == 200
    response = as_bob.post(
        url,
        {
            "recorded_on_0": "1",
            "recorded_on_1": "3",
            "recorded_on_2": "2027",
            "decision": "Continue the plan",
            "rationale": "Progress is steady",
            "action_what": "Book the health check",
            "action_owner": alice.pk,
            "action_due_on_0": "15",
            "action_due_on_1": "3",
            "action_due_on_2": "2027",
        },
    )
    assert response.status_code == 302
    oversight = ManagementOversight.objects.get(child=jayden)
    assert oversight.recorded_by == bob
    assert [a.what for a in actions_for(alice)] == ["Book the health check"]
    assert "Continue the plan" in as_bob.get(reverse("standards:oversight", args=[jayden.pk])).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "", "rationale": "Because"}, "Enter the decision"),
        ({"decision": "Close", "rationale": ""}, "Enter why you made this decision"),
        ({"decision": "Close", "rationale": "Why", "recorded_on_2": "2028"}, "must be today or in the past"),
        ({"decision": "Close", "rationale": "Why", "action_what": "Something"}, "Select who will do it"),
    ],
)
def test_oversight_validation(as_bob: Client, jayden: Child, data: dict[str, str], message: str) -> None:
    form = {"recorded_on_0": "1", "recorded_on_1": "3", "recorded_on_2": "2027", **data}
    response = as_bob.post(reverse("standards:record-oversight", args=[jayden.pk]), form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ManagementOversight.objects.exists()


def test_only_managers_record_oversight_and_partners_cannot_change_the_record(
    as_alice: Client, as_dana: Client, jayden: Child
) -> None:
    assert as_alice.get(reverse("standards:record-oversight", args=[jayden.pk])).status_code == 403
    url = reverse("standards:record-supervision", args=[jayden.pk])
    assert as_alice.post(url, {}).status_code == 403
    response = as_dana.get(url)
    assert response.status_code == 302  # asked for a reason first


def test_supervision_carries_actions_forward_until_done(as_bob: Client, bob: User, alice: User, jayden: Child) -> None:
    first = do_record_supervision(
        child=jayden,
        held_on=date(2027, 1, 10),
        practitioner=alice,
        reflection="How visits feel",
        analysis="Safer",
        actions=[ActionInput("Ask Nan about weekends", alice.pk, date(2027, 2, 1))],
        by=bob,
    )
    carried = PracticeAction.objects.get(source_id=first.pk)
    page = as_bob.get(reverse("standards:record-supervision", args=[jayden.pk])).content.decode()
    assert "Ask Nan about weekends" in page
    response = as_bob.post(
        reverse("standards:record-supervision", args=[jayden.pk]),
        {
            "held_on_0": "20",
            "held_on_1": "2",
            "held_on_2": "2027",
            "reflection": "Weekends agreed",
            "analysis": "Network stronger",
            "done": [carried.pk],
        },
    )
    assert response.status_code == 302
    carried.refresh_from_db()
    assert carried.done_on == date(2027, 2, 20)
    assert CaseSupervision.objects.filter(child=jayden).count() == 2
    missing = as_bob.post(
        reverse("standards:record-supervision", args=[jayden.pk]),
        {"held_on_0": "20", "held_on_1": "2", "held_on_2": "2027", "reflection": "", "analysis": "x"},
    )
    assert missing.status_code == 400 and "Enter the reflection" in missing.content.decode()
    assert as_bob.get(reverse("standards:supervision", args=[jayden.pk])).status_code == 200


def test_alice_marks_her_action_done(as_alice: Client, alice: User, bob: User, jayden: Child, charlie: User) -> None:
    do_record_supervision(
        child=jayden,
        held_on=date(2027, 1, 10),
        practitioner=alice,
        reflection="r",
        analysis="a",
        actions=[ActionInput("Read the school report", alice.pk, date(2027, 2, 1))],
        by=bob,
    )
    action = PracticeAction.objects.get()
    assert (
        signed_in(charlie).post(reverse("standards:action-done", args=[action.pk]), {"version": 1}).status_code == 404
    )
    response = as_alice.post(reverse("standards:action-done", args=[action.pk]), {"version": action.version})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == TODAY and action.done_by == alice
    stale = as_alice.post(reverse("standards:action-done", args=[action.pk]), {"version": 1})
    assert stale.status_code == 409


def test_an_audit_is_graded_moderated_by_a_second_manager_and_aggregated(
    as_bob: Client, bob: User, alice: User, jayden: Child, riverside: Team, as_erin: Client
) -> None:
    response = as_bob.post(
        reverse("standards:start-audit", args=[jayden.pk]),
        {
            "grade": "requires_improvement",
            "strengths": "Jayden's words are everywhere",
            "improvements": "",
            "learning_what": "",
            "learning_due_on_0": "",
            "learning_due_on_1": "",
            "learning_due_on_2": "",
        },
    )
    assert response.status_code == 400 and "Enter what needs to improve" in response.content.decode()
    response = as_bob.post(
        reverse("standards:start-audit", args=[jayden.pk]),
        {
            "grade": "requires_improvement",
            "strengths": "Jayden's words are everywhere",
            "improvements": "Family network meeting was late",
            "learning_what": "Read the FNM guidance",
            "learning_due_on_0": "30",
            "learning_due_on_1": "3",
            "learning_due_on_2": "2027",
        },
    )
    assert response.status_code == 302
    audit = CaseAudit.objects.get()
    assert audit.results and audit.practitioner == alice
    assert [a.what for a in actions_for(alice)] == ["Read the FNM guidance"]
    url = reverse("standards:audit", args=[jayden.pk, audit.pk])
    assert as_bob.post(url, {"grade": "good", "note": "", "version": audit.version}).status_code == 403  # not twice
    second = signed_in(make_user("sam", Role.SERVICE_MANAGER, riverside, "Sam", "Second"))
    changed = second.post(url, {"grade": "good", "note": "", "version": audit.version})
    assert changed.status_code == 400 and "Enter why you changed the grade" in changed.content.decode()
    assert (
        second.post(url, {"grade": "good", "note": "Network found since", "version": audit.version}).status_code == 302
    )
    audit.refresh_from_db()
    assert audit.status == AuditStatus.MODERATED and audit.final_grade == "good"
    summary = as_erin.get(reverse("standards:audits")).content.decode()
    assert "moderators agreed with the grade in 0%" in summary
    assert signed_in(alice).get(reverse("standards:audits")).status_code == 403


def test_audits_need_a_manager(as_alice: Client, jayden: Child, bob: User) -> None:
    assert as_alice.get(reverse("standards:start-audit", args=[jayden.pk])).status_code == 403
    with pytest.raises(Exception, match="Select a grade"):
        do_audit_case(child=jayden, grade="great", strengths="x", improvements="", results=[], by=bob)


def test_group_supervision_counts_for_the_children_discussed(
    as_bob: Client, bob: User, alice: User, jayden: Child, as_alice: Client, as_charlie: Client
) -> None:
    assert bob.team_id is not None
    url = reverse("standards:group-supervision", args=[bob.team_id])
    response = as_bob.post(
        url,
        {
            "held_on_0": "1",
            "held_on_1": "3",
            "held_on_2": "2027",
            "theme": "Neglect",
            "reflection": "Cumulative harm",
            "learning": "",
            "attendees": [alice.pk],
            "children": [jayden.pk],
        },
    )
    assert response.status_code == 302
    assert "Neglect" in as_alice.get(url).content.decode()
    assert as_alice.post(url, {}).status_code == 403
    assert as_charlie.get(url).status_code == 404
    missing = as_bob.post(
        url, {"held_on_0": "1", "held_on_1": "3", "held_on_2": "2027", "theme": "", "reflection": "x"}
    )
    assert missing.status_code == 400 and "Enter the theme" in missing.content.decode()
    assert next(r for r in standards_for_child(jayden, TODAY).rows if r.code == "MO-02").evidence_on == date(2027, 3, 1)


def test_the_standards_in_force_are_described_for_everyone(as_alice: Client) -> None:
    response = as_alice.get(reverse("standards:definitions"))
    assert response.status_code == 200
    assert "within 10 working days of the day the child was opened" in response.content.decode()
