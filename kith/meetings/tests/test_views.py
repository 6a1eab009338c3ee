"""The meetings pages with the personas: Alice works with Jayden; Charlie, in another team, gets
"page not found"; Dana from a partner agency gives a reason, then reads but cannot change."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kith.core.models import AuditAction, AuditEvent, User
from kith.meetings.actions import do_add_contribution, do_add_participant, do_plan_meeting, do_record_decision
from kith.meetings.codes import MeetingKind
from kith.meetings.models import AgencyContribution, Decision, Meeting, MeetingAction
from kith.people.models import Child
from kith.plans.models import Plan, PlanAction

pytestmark = pytest.mark.django_db

BEFORE_THE_CONFERENCE = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
AFTER_THE_CONFERENCE = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def url(child: Child, rest: str = "") -> str:
    return f"/children/{child.pk}/meetings/{rest}"


def meeting_url(meeting: Meeting, rest: str = "") -> str:
    return f"/children/{meeting.child_id}/meetings/{meeting.pk}/{rest}"


def day(prefix: str, on: date) -> dict[str, Any]:
    return {f"{prefix}_0": on.day, f"{prefix}_1": on.month, f"{prefix}_2": on.year}


# --- The list ------------------------------------------------------------------------------------


@time_machine.travel(BEFORE_THE_CONFERENCE, tick=False)
def test_alice_sees_what_is_due_next_with_why(as_alice: Client, jayden: Child, strategy: Meeting) -> None:
    response = as_alice.get(url(jayden))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Initial conference due by 23 November 2026 (15 working days after the strategy discussion on 2 November 2026)"
        in html
    )
    assert "Due soon" in html  # three working days away
    # Opened to children's social care on 1 September: the family network meeting is overdue.
    assert "Family network meeting due by 15 September 2026" in html and "Overdue" in html
    assert f"?kind=initial_cp_conference&amp;follows={strategy.pk}" in html
    assert "Strategy discussion" in html and "Plan a meeting" in html
    event = AuditEvent.objects.filter(child_id=jayden.pk, action=AuditAction.VIEW).latest("id")
    assert event.object_type == "meetings"


def test_the_list_reads_a_fixed_number_of_queries(
    as_alice: Client, jayden: Child, alice: User, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        do_plan_meeting(child=jayden, kind=MeetingKind.CORE_GROUP, held_on=date(2026, 12, 1 + n % 20), by=alice)
    with django_assert_max_num_queries(8):
        response = as_alice.get(url(jayden))
    assert response.status_code == 200 and response.content.decode().count("Core group") >= 30


def test_charlie_in_another_team_gets_not_found(as_charlie: Client, jayden: Child, conference: Meeting) -> None:
    for page in (url(jayden), url(jayden, "new/"), meeting_url(conference), meeting_url(conference, "held/")):
        assert as_charlie.get(page).status_code == 404
    assert (
        as_charlie.post(meeting_url(conference, "decisions/add/"), {"what": "x", "rationale": "y"}).status_code == 404
    )


def test_dana_gives_a_reason_then_reads_but_cannot_change(as_dana: Client, jayden: Child, conference: Meeting) -> None:
    response = as_dana.get(meeting_url(conference))
    assert response.status_code == 302 and "/reason/" in response["Location"]
    as_dana.post(f"/children/{jayden.pk}/reason/", {"reason": "School safeguarding lead preparing for conference"})
    assert as_dana.get(url(jayden)).status_code == 200
    page = as_dana.get(meeting_url(conference))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Riverside Primary School" in html
    assert "Record a decision" not in html and "Plan a meeting" not in html and "Add someone" not in html
    assert as_dana.get(url(jayden, "new/")).status_code == 403
    decision = {"what": "A plan", "rationale": "Because"}
    assert as_dana.post(meeting_url(conference, "decisions/add/"), decision).status_code == 403
    assert not Decision.objects.exists()


# --- Planning ----------------------------------------------------------------------------------------


def test_alice_plans_an_initial_conference_after_the_strategy_discussion(
    as_alice: Client, jayden: Child, strategy: Meeting
) -> None:
    data = {
        "kind": "initial_cp_conference",
        **day("held_on", date(2026, 11, 20)),
        "starts_at": "10:30",
        "place": "Riverside family centre",
        "follows": strategy.pk,
    }
    response = as_alice.post(url(jayden, "new/"), data, follow=True)
    assert response.status_code == 200
    meeting = Meeting.objects.get(kind="initial_cp_conference")
    assert meeting.follows == strategy and str(meeting.starts_at) == "10:30:00"
    assert "Initial child protection conference planned" in response.content.decode()


def test_a_conference_before_its_strategy_discussion_is_refused_on_the_form(
    as_alice: Client, jayden: Child, strategy: Meeting
) -> None:
    data = {"kind": "initial_cp_conference", **day("held_on", date(2026, 10, 30)), "follows": strategy.pk}
    response = as_alice.post(url(jayden, "new/"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The conference must be on or after the strategy discussion on 2 November 2026" in html
    assert "There is a problem" in html


def test_planning_needs_a_kind_a_real_date_and_a_real_time(as_alice: Client, jayden: Child) -> None:
    response = as_alice.post(
        url(jayden, "new/"), {"held_on_0": "31", "held_on_1": "2", "held_on_2": "2026", "starts_at": "25:99"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select what kind of meeting it is" in html
    assert "Date of the meeting must be a real date" in html
    assert "Start time must be a real time" in html


def test_the_plan_form_starts_from_what_is_due(as_alice: Client, jayden: Child, strategy: Meeting) -> None:
    response = as_alice.get(url(jayden, f"new/?kind=initial_cp_conference&follows={strategy.pk}"))
    form = response.context["form"]
    assert form["kind"].value() == "initial_cp_conference"
    assert form["follows"].value() == str(strategy.pk)


# --- The meeting page -----------------------------------------------------------------------------------


@time_machine.travel(BEFORE_THE_CONFERENCE, tick=False)
def test_the_page_shows_who_has_not_contributed_and_what_the_family_has_not_seen(
    as_alice: Client, alice: User, conference: Meeting
) -> None:
    do_add_contribution(
        meeting=conference,
        agency="Riverside Primary School",
        kind="report",
        report={"worries": "Often hungry", "working_well": "Loves football"},
        received_on=date(2026, 11, 16),
        by=alice,
    )
    response = as_alice.get(meeting_url(conference))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not contributed yet" in html and "Police" in html
    assert "Not shared with the family" in html and "Not shared with the family yet" in html
    assert "Often hungry" in html and "Loves football" in html
    assert "The child is not listed" not in html  # Jayden is a participant
    assert "Views brought:" in html and "Not recorded yet" in html


@time_machine.travel(AFTER_THE_CONFERENCE, tick=False)
def test_a_report_shared_after_the_meeting_is_shared_late(as_alice: Client, alice: User, conference: Meeting) -> None:
    do_add_contribution(
        meeting=conference,
        agency="Police",
        kind="report",
        report={"worries": "Two call-outs"},
        received_on=date(2026, 11, 19),
        shared_with_family_on=date(2026, 11, 21),
        by=alice,
    )
    do_add_contribution(
        meeting=conference,
        agency="Riverside Primary School",
        kind="report",
        report={"worries": "Late most days"},
        received_on=date(2026, 11, 16),
        shared_with_family_on=date(2026, 11, 17),
        by=alice,
    )
    html = as_alice.get(meeting_url(conference)).content.decode()
    assert "Shared late" in html and "Shared before the meeting" in html
    assert "Not contributed yet" not in html


def test_the_meeting_page_reads_a_fixed_number_of_queries(
    as_alice: Client, alice: User, conference: Meeting, plan: Plan, django_assert_max_num_queries: Any
) -> None:
    for n in range(15):
        do_add_participant(meeting=conference, name=f"Worker {n}", role="agency", agency=f"Agency {n}", by=alice)
        do_add_contribution(
            meeting=conference,
            agency=f"Agency {n}",
            kind="report",
            report={"worries": "w"},
            received_on=date(2026, 11, 16),
            by=alice,
        )
        do_record_decision(meeting=conference, what=f"Decision {n}", rationale="Because", by=alice)
    with django_assert_max_num_queries(15):
        response = as_alice.get(meeting_url(conference))
    assert response.status_code == 200


# --- Recording the meeting ------------------------------------------------------------------------


def held_data(conference: Meeting, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        **day("held_on", date(2026, 11, 20)),
        "summary": "Everyone agreed",
        "cp_decision": "plan",
        "category_of_abuse": "NEG",
        "version": conference.version,
    }
    for p in conference.participants.all():
        data[f"attendance_{p.pk}"] = "yes"
        if p.role == "child":
            data[f"views_brought_{p.pk}"] = "writing_drawing"
    data.update(changes)
    return data


@time_machine.travel(AFTER_THE_CONFERENCE, tick=False)
def test_alice_records_the_conference_with_attendance(as_alice: Client, conference: Meeting) -> None:
    form = as_alice.get(meeting_url(conference, "held/")).content.decode()
    assert "How were their views brought to the meeting?" in form and "Chloé Smith" in form
    response = as_alice.post(meeting_url(conference, "held/"), held_data(conference), follow=True)
    assert response.status_code == 200
    conference.refresh_from_db()
    assert (conference.status, conference.cp_decision) == ("held", "plan")
    html = response.content.decode()
    assert "in writing or a drawing" in html
    assert "Next: Core group due by 4 December 2026" in html


@time_machine.travel(AFTER_THE_CONFERENCE, tick=False)
def test_recording_without_the_childs_views_or_a_category_is_refused(as_alice: Client, conference: Meeting) -> None:
    child = conference.participants.get(role="child")
    response = as_alice.post(meeting_url(conference, "held/"), held_data(conference, category_of_abuse=""))
    assert response.status_code == 400
    assert "Select the category of abuse" in response.content.decode()
    response = as_alice.post(
        meeting_url(conference, "held/"), held_data(conference, **{f"views_brought_{child.pk}": ""})
    )
    assert response.status_code == 400
    assert "Select how Jay&#x27;s views were brought to the meeting" in response.content.decode()


@time_machine.travel(AFTER_THE_CONFERENCE, tick=False)
def test_a_stale_record_form_is_a_conflict(as_alice: Client, as_bob: Client, conference: Meeting) -> None:
    stale = held_data(conference)
    assert as_bob.post(meeting_url(conference, "held/"), stale).status_code == 302
    response = as_alice.post(meeting_url(conference, "held/"), {**stale, "cp_decision": "no_plan"})
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()


def test_alice_cancels_a_meeting_with_a_reason(as_alice: Client, jayden: Child, alice: User) -> None:
    meeting = do_plan_meeting(child=jayden, kind=MeetingKind.FAMILY_NETWORK, held_on=date(2026, 12, 2), by=alice)
    response = as_alice.post(meeting_url(meeting, "cancel/"), {"reason": "", "version": meeting.version})
    assert response.status_code == 400 and "Enter why the meeting was cancelled" in response.content.decode()
    response = as_alice.post(
        meeting_url(meeting, "cancel/"), {"reason": "Nan is unwell", "version": meeting.version}, follow=True
    )
    assert "Meeting cancelled" in response.content.decode() and "Nan is unwell" in response.content.decode()


# --- Participants, decisions and actions, in place -------------------------------------------------


def test_alice_adds_mum_from_the_record(as_alice: Client, jayden: Child, conference: Meeting) -> None:
    from kith.people.models import Relationship

    mum = Relationship.objects.get(to_person=jayden.person, kind="parent").from_person
    response = as_alice.post(
        meeting_url(conference, "participants/add/"), {"person": mum.pk, "role": "parent_carer", "is_invited": "on"}
    )
    assert response.status_code == 302
    assert conference.participants.filter(person=mum, name="Chloé Smith").count() == 1


def test_adding_a_participant_without_a_name_comes_back_in_place(as_alice: Client, conference: Meeting) -> None:
    response = as_alice.post(meeting_url(conference, "participants/add/"), {"role": "network"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Enter their name, or choose someone on the child&#x27;s record" in response.content.decode()
    assert as_alice.post(meeting_url(conference, "participants/add/"), {"role": "network"}).status_code == 400


def test_a_decision_needs_a_reason_on_the_page(as_alice: Client, conference: Meeting) -> None:
    data = {"what": "Jayden needs a child protection plan", "rationale": ""}
    response = as_alice.post(meeting_url(conference, "decisions/add/"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Enter the reason for this decision" in html
    response = as_alice.post(
        meeting_url(conference, "decisions/add/"), {**data, "rationale": "Often hungry"}, follow=True
    )
    assert "Decision recorded" in response.content.decode() and "Why: Often hungry" in response.content.decode()


def action_data(**changes: Any) -> dict[str, Any]:
    return {
        "what": "Walk Jayden to school",
        "owner_kind": "family_member",
        "owner_name": "Chloé Smith",
        **day("by_date", date(2026, 12, 4)),
        **changes,
    }


def test_an_action_goes_into_the_plan(as_alice: Client, conference: Meeting, plan: Plan) -> None:
    response = as_alice.post(meeting_url(conference, "actions/add/"), action_data(), follow=True)
    html = response.content.decode()
    assert "Action added to the plan" in html and "In the plan" in html
    assert PlanAction.objects.get(source_meeting_id=conference.pk).plan == plan


def test_without_a_plan_the_page_says_so_and_keeps_the_action_on_the_meeting(
    as_alice: Client, conference: Meeting
) -> None:
    page = as_alice.get(meeting_url(conference)).content.decode()
    assert "Jay has no open plan" in page
    response = as_alice.post(meeting_url(conference, "actions/add/"), action_data())
    assert response.status_code == 400
    assert "Tick the box to keep this action on the meeting only" in response.content.decode()
    response = as_alice.post(meeting_url(conference, "actions/add/"), action_data(keep_on_meeting="on"), follow=True)
    assert (
        "Action kept on the meeting" in response.content.decode()
        and "On this meeting only" in response.content.decode()
    )
    assert MeetingAction.objects.get().plan_action_id is None


def test_an_action_with_no_owner_is_refused_on_the_page(as_alice: Client, conference: Meeting, plan: Plan) -> None:
    response = as_alice.post(meeting_url(conference, "actions/add/"), action_data(owner_name="", owner_kind=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select who will do this" in html and "Enter the name of who will do this" in html


# --- Contributions -----------------------------------------------------------------------------------


@time_machine.travel(BEFORE_THE_CONFERENCE, tick=False)
def test_alice_uploads_a_document_and_dana_downloads_it_audited(
    as_alice: Client, as_dana: Client, jayden: Child, conference: Meeting
) -> None:
    upload = SimpleUploadedFile("police report.pdf", b"%PDF-1.4 police", content_type="application/pdf")
    data = {"agency": "Police", "kind": "document", "document": upload, **day("received_on", date(2026, 11, 17))}
    response = as_alice.post(meeting_url(conference, "contributions/add/"), data)
    assert response.status_code == 302
    contribution = AgencyContribution.objects.get()
    as_dana.post(f"/children/{jayden.pk}/reason/", {"reason": "Police liaison checking the report was received"})
    download = as_dana.get(meeting_url(conference, f"contributions/{contribution.pk}/document/"))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="police report.pdf"'
    assert download["Content-Type"] == "application/pdf" and download.content == b"%PDF-1.4 police"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=contribution.pk).count() == 1


@time_machine.travel(BEFORE_THE_CONFERENCE, tick=False)
def test_a_contribution_form_with_problems(as_alice: Client, conference: Meeting) -> None:
    page = as_alice.get(meeting_url(conference, "contributions/add/"))
    assert 'enctype="multipart/form-data"' in page.content.decode()
    upload = SimpleUploadedFile("script.exe", b"MZ", content_type="application/octet-stream")
    data = {"agency": "", "kind": "document", "document": upload, **day("received_on", date(2026, 11, 19))}
    response = as_alice.post(meeting_url(conference, "contributions/add/"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the name of the agency" in html
    assert "The selected file must be a PDF, Word, OpenDocument, text file or picture" in html
    response = as_alice.post(
        meeting_url(conference, "contributions/add/"),
        {"agency": "Police", "kind": "report", **day("received_on", date(2026, 11, 17))},
    )
    assert response.status_code == 400
    assert "Enter what the agency is worried about" in response.content.decode()


@time_machine.travel(BEFORE_THE_CONFERENCE, tick=False)
def test_alice_records_that_the_school_report_was_shared(as_alice: Client, alice: User, conference: Meeting) -> None:
    contribution = do_add_contribution(
        meeting=conference,
        agency="Riverside Primary School",
        kind="report",
        report={"worries": "w"},
        received_on=date(2026, 11, 16),
        by=alice,
    )
    page = meeting_url(conference, f"contributions/{contribution.pk}/shared/")
    bad = as_alice.post(page, {**day("shared_on", date(2026, 11, 15)), "version": contribution.version})
    assert bad.status_code == 400
    assert "Date shared with the family must be the same as or after the date received" in bad.content.decode()
    response = as_alice.post(
        page, {**day("shared_on", date(2026, 11, 17)), "version": contribution.version}, follow=True
    )
    assert "Shared before the meeting" in response.content.decode()


def test_a_meeting_about_another_child_is_not_found_through_this_childs_address(
    as_alice: Client, alice: User, jayden: Child, mia: Child
) -> None:
    other = do_plan_meeting(child=mia, kind=MeetingKind.CIN_REVIEW, held_on=date(2026, 12, 1), by=alice)
    assert as_alice.get(f"/children/{jayden.pk}/meetings/{other.pk}/").status_code == 404
    assert as_alice.get(f"/children/{mia.pk}/meetings/{other.pk}/").status_code == 200
    response = as_alice.post(
        f"/children/{jayden.pk}/meetings/{other.pk}/decisions/add/", {"what": "x", "rationale": "y"}
    )
    assert response.status_code == 404 and not Decision.objects.exists()
