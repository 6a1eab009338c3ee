"""The partner feeds: what each agency sends, why it may be shared, and how long it is kept.

Each feed declares its columns (with a kind that says how a value is checked), its natural key
(the agency's own record id: a record sent again is the same record), the date that places a
record in time (used for the retention period and for look-back windows), the owning agency and
the lawful basis for sharing. A file that does not match its feed's columns is rejected whole; a
row whose values fail their checks is quarantined with its reasons.

Every feed carries the same identity columns (the agency's person reference, names, date of
birth, sex, postcode and, where the agency holds them, the NHS number and unique pupil number),
which is what linkage works from.

The lawful bases are written for a council's data protection officer to check, not as legal
advice: UK GDPR Article 6(1)(e) (public task) with Article 9(2)(g) or (h) and the Data Protection
Act 2018 Schedule 1 conditions for special category data, and the statutory gateways named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

ColumnKind = Literal["text", "date", "int", "bool", "code", "nhs_number", "upn", "postcode"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    required: bool = False
    codes: tuple[str, ...] = ()  # the allowed values of a "code" column
    minimum: int | None = None  # for "int" columns
    maximum: int | None = None
    description: str = ""


@dataclass(frozen=True)
class Feed:
    name: str
    title: str
    agency: str
    lawful_basis: str
    retention_months: int
    event_date: str  # the column that places a record in time
    columns: tuple[Column, ...]
    description: str = ""
    natural_key: tuple[str, ...] = ("record_id",)
    subjects: str = "children and young people"  # whose records the feed carries, in words
    # Pairs of columns where the first must not be greater than the second (missed <= possible).
    ordered: tuple[tuple[str, str], ...] = ()
    column_names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_names", tuple(c.name for c in self.columns))

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def retention_cutoff(self, today: date) -> date:
        """Records dated before this day have passed the retention period and are removed."""
        return add_months(today, -self.retention_months)


def add_months(start: date, months: int) -> date:
    """The same day `months` later (earlier when negative), or the month's last day when shorter."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return min(date(year, month, 1) + timedelta(days=start.day - 1), next_month - timedelta(days=1))


SEX_CODES = ("0", "1", "2", "9")


def identity(*, nhs: bool = False, upn: bool = False) -> tuple[Column, ...]:
    """The columns every feed carries about the person a record is about."""
    columns = [
        Column("record_id", "text", required=True, description="The agency's own id for this record"),
        Column("person_ref", "text", required=True, description="The agency's own id for the person"),
        Column("given_name", "text", required=True, description="First name as the agency holds it"),
        Column("family_name", "text", required=True, description="Last name as the agency holds it"),
        Column("date_of_birth", "date", description="Date of birth (YYYY-MM-DD)"),
        Column("sex", "code", codes=SEX_CODES, description="0 not known, 1 male, 2 female, 9 not stated"),
        Column("postcode", "postcode", description="Postcode of the address the agency holds"),
    ]
    if nhs:
        columns.append(Column("nhs_number", "nhs_number", description="NHS number, where the agency holds it"))
    if upn:
        columns.append(Column("upn", "upn", description="Unique pupil number"))
    return tuple(columns)


PUBLIC_TASK = "UK GDPR Article 6(1)(e) public task"
SAFEGUARDING = (
    "Article 9(2)(g) substantial public interest with Data Protection Act 2018 Schedule 1 paragraph 18 "
    "(safeguarding of children and individuals at risk)"
)

FEEDS: tuple[Feed, ...] = (
    Feed(
        name="school_attendance",
        title="School attendance",
        agency="Schools (through the council's education service)",
        lawful_basis=(
            f"{PUBLIC_TASK}; Education Act 1996 section 434 and the School Attendance (Pupil Registration) "
            "(England) Regulations 2024; Children Act 2004 section 10 (co-operation to improve well-being)"
        ),
        retention_months=24,
        event_date="term_ends_on",
        description="Sessions possible and missed for each pupil each term, with special educational needs "
        "provision and whether the pupil is known to be a young carer.",
        columns=(
            *identity(upn=True),
            Column("school_urn", "text", required=True, description="The school's unique reference number"),
            Column("school_name", "text", required=True),
            Column("term_ends_on", "date", required=True, description="Last day of the term"),
            Column("sessions_possible", "int", required=True, minimum=1, maximum=400),
            Column("sessions_missed", "int", required=True, minimum=0, maximum=400),
            Column("sen_provision", "code", codes=("N", "K", "E"), description="N none, K SEN support, E EHC plan"),
            Column("young_carer", "bool"),
        ),
        ordered=(("sessions_missed", "sessions_possible"),),
    ),
    Feed(
        name="school_exclusions",
        title="School suspensions and exclusions",
        agency="Schools (through the council's education service)",
        lawful_basis=(
            f"{PUBLIC_TASK}; Education and Inspections Act 2006 section 51A and the School Discipline "
            "(Pupil Exclusions and Reviews) (England) Regulations 2012; Children Act 2004 section 10"
        ),
        retention_months=36,
        event_date="starts_on",
        description="Each suspension or permanent exclusion, with the DfE reason category.",
        columns=(
            *identity(upn=True),
            Column("school_urn", "text", required=True),
            Column("school_name", "text", required=True),
            Column("starts_on", "date", required=True),
            Column("exclusion_type", "code", required=True, codes=("suspension", "permanent")),
            Column("days", "int", minimum=0, maximum=400),
            Column(
                "reason",
                "code",
                required=True,
                codes=("PA", "PP", "VA", "VP", "BU", "DA", "DM", "DB", "MT", "PH", "OT"),
                description="DfE reason: PA/PP physical assault on an adult/pupil, VA/VP verbal assault, "
                "BU bullying, DA drugs and alcohol, DM damage, DB persistent disruptive behaviour, MT theft, "
                "PH use or threat of a weapon, OT other",
            ),
        ),
    ),
    Feed(
        name="police_notifications",
        title="Police notifications",
        agency="Police",
        lawful_basis=(
            f"{PUBLIC_TASK}; {SAFEGUARDING}; Children Act 2004 section 11 (duty to safeguard) and Working "
            "Together to Safeguard Children 2023; Operation Encompass for domestic abuse notifications"
        ),
        retention_months=24,
        event_date="occurred_on",
        subjects="children, young people and the adults in their households",
        description="Domestic abuse incidents where a child lives in the household, missing episodes and arrests.",
        columns=(
            *identity(nhs=True),
            Column("notification_type", "code", required=True, codes=("domestic_abuse", "missing_episode", "arrest")),
            Column("occurred_on", "date", required=True),
            Column(
                "role",
                "code",
                required=True,
                codes=("child_in_household", "victim", "perpetrator", "missing_person", "arrested"),
            ),
            Column("offence", "text", description="For an arrest: the offence, in the force's words"),
            Column(
                "outcome",
                "code",
                codes=("no_further_action", "released_under_investigation", "charged", "remanded", "custody"),
            ),
            Column("exploitation_concern", "bool", description="The officer recorded a concern of exploitation"),
        ),
    ),
    Feed(
        name="health_events",
        title="Health",
        agency="NHS (acute trust, maternity and 0-19 health services)",
        lawful_basis=(
            f"{PUBLIC_TASK}; Article 9(2)(h) health and social care with Data Protection Act 2018 Schedule 1 "
            "paragraph 2, and paragraph 18 for safeguarding; Health and Social Care Act 2012 section 251B "
            "(duty to share for individual care); Children Act 2004 section 11"
        ),
        retention_months=24,
        event_date="event_on",
        subjects="children, young people and parents",
        description="Emergency department attendances, maternity bookings and health visiting contacts, "
        "with a coded concern where the clinician recorded one.",
        columns=(
            *identity(nhs=True),
            Column(
                "event_type",
                "code",
                required=True,
                codes=("ed_attendance", "maternity_booking", "health_visiting"),
            ),
            Column("event_on", "date", required=True),
            Column(
                "concern",
                "code",
                codes=(
                    "injury",
                    "self_harm",
                    "alcohol_or_drugs",
                    "assault",
                    "obesity",
                    "smoking",
                    "long_term_condition",
                    "parental_mental_health",
                    "parental_substance_misuse",
                    "domestic_abuse_disclosed",
                    "missed_contacts",
                ),
            ),
        ),
    ),
    Feed(
        name="housing_homelessness",
        title="Homelessness",
        agency="Council housing options service",
        lawful_basis=(
            f"{PUBLIC_TASK}; Housing Act 1996 Part 7 as amended by the Homelessness Reduction Act 2017 "
            "(including the section 213B duty to refer); Children Act 2004 section 10"
        ),
        retention_months=24,
        event_date="approached_on",
        subjects="applicants: parents and young people aged 16 or 17",
        description="Homelessness approaches, the duty owed and whether the household is in temporary accommodation.",
        columns=(
            *identity(),
            Column("approached_on", "date", required=True),
            Column("duty", "code", required=True, codes=("prevention", "relief", "main_duty", "none")),
            Column("household_has_children", "bool"),
            Column("temporary_accommodation", "bool"),
        ),
    ),
    Feed(
        name="youth_justice",
        title="Youth justice",
        agency="Youth Justice Service",
        lawful_basis=(
            f"{PUBLIC_TASK}; {SAFEGUARDING}; Crime and Disorder Act 1998 sections 38, 39 and 115; "
            "Children Act 2004 section 11"
        ),
        retention_months=36,
        event_date="outcome_on",
        description="Outcomes of offences by children, with the gravity score and any exploitation concern.",
        columns=(
            *identity(nhs=True, upn=True),
            Column("outcome_on", "date", required=True),
            Column("offence_category", "text", required=True),
            Column("gravity", "int", required=True, minimum=1, maximum=8, description="YJB gravity score 1-8"),
            Column(
                "disposal",
                "code",
                required=True,
                codes=("community_resolution", "caution", "referral_order", "youth_rehabilitation_order", "custody"),
            ),
            Column("exploitation_concern", "bool"),
        ),
    ),
    Feed(
        name="adult_services",
        title="Adult services supporting a parent",
        agency="Adult mental health and substance misuse services",
        lawful_basis=(
            f"{PUBLIC_TASK}; Article 9(2)(h) with Data Protection Act 2018 Schedule 1 paragraph 2, and "
            "paragraph 18 for safeguarding; Care Act 2014 sections 6 and 7 (co-operation); "
            "Children Act 2004 section 11; shared only where the person is known to be a parent or carer"
        ),
        retention_months=24,
        event_date="starts_on",
        subjects="parents and carers",
        description="Adults known to be parents or carers who are supported by mental health or substance "
        "misuse services.",
        columns=(
            *identity(nhs=True),
            Column("service", "code", required=True, codes=("mental_health", "substance_misuse", "alcohol")),
            Column("starts_on", "date", required=True),
            Column("ends_on", "date"),
        ),
        ordered=(("starts_on", "ends_on"),),
    ),
)

FEEDS_BY_NAME: dict[str, Feed] = {feed.name: feed for feed in FEEDS}


def feed_named(name: str) -> Feed:
    try:
        return FEEDS_BY_NAME[name]
    except KeyError:
        known = ", ".join(FEEDS_BY_NAME)
        raise KeyError(f"There is no partner feed called {name!r}. The feeds are: {known}.") from None
