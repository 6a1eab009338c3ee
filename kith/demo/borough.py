"""The synthetic borough, generated: families, their journeys through services, and the staff.

Pure and deterministic: the same number of children, seed, `today` and starting ids give the
same rows. Nothing here touches the database or the clock. Rows are plain dataclasses whose
field names are the models' attribute names, so the writer can build model instances from
them directly; primary keys are assigned here so related rows need no reading back.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from kith.core.rules import upn_check_letter
from kith.demo import names
from kith.demo.names import Heritage
from kith.people.rules import age_on, normalise_name, phonetic_key

T = TypeVar("T")

# --- Rows -----------------------------------------------------------------------------------


@dataclass
class PersonRow:
    id: int
    legal_given_name: str
    legal_family_name: str
    preferred_name: str
    other_names: str
    date_of_birth: date | None
    expected_date_of_birth: date | None
    date_of_death: date | None
    sex: str
    gender: str
    ethnicity: str
    first_language: str
    needs_interpreter: bool
    disabilities: list[str]
    nhs_number: str
    upn: str
    search_name: str
    search_phonetic: str
    version: int
    updated_at: datetime


@dataclass
class ChildRow:
    id: int
    person_id: int
    team_id: int | None
    lead_practitioner_id: int | None
    is_open: bool
    current_stage: str
    is_restricted: bool
    la_child_id: str
    created_at: datetime


@dataclass
class RelationshipRow:
    id: int
    from_person_id: int
    to_person_id: int
    kind: str
    nature: str
    has_parental_responsibility: bool
    is_trusted_adult: bool
    starts_on: date | None
    ends_on: date | None


@dataclass
class HouseholdRow:
    id: int
    name: str


@dataclass
class HouseholdMemberRow:
    id: int
    household_id: int
    person_id: int
    starts_on: date
    ends_on: date | None


@dataclass
class AddressRow:
    id: int
    person_id: int
    line_1: str
    line_2: str
    town: str
    postcode: str
    starts_on: date
    ends_on: date | None


@dataclass
class EpisodeRow:
    id: int
    child_id: int
    stage: str
    starts_on: date
    ends_on: date | None
    follows_id: int | None
    referral_source: str
    primary_need: str
    closure_reason: str
    category_of_abuse: str
    summary: str
    version: int


@dataclass
class LegalStatusPeriodRow:
    id: int
    episode_id: int
    legal_status: str
    starts_on: date
    ends_on: date | None


@dataclass
class PlacementRow:
    id: int
    episode_id: int
    placement_type: str
    postcode: str
    starts_on: date
    ends_on: date | None


@dataclass
class AllocationRow:
    id: int
    child_id: int
    practitioner_id: int
    team_id: int
    starts_on: date
    ends_on: date | None


@dataclass
class VisitRow:
    id: int
    child_id: int
    visited_on: date
    place: str
    who_was_present: str
    child_seen: str
    not_seen_reason: str
    what_i_saw: str
    what_i_heard: str
    what_i_smelled: str
    what_i_felt: str
    child_words: str
    analysis: str
    next_steps: str
    recorded_by_id: int
    recorded_at: datetime


@dataclass
class RestrictedAccessRow:
    id: int
    child_id: int
    user_id: int


@dataclass
class TeamRow:
    id: int
    name: str
    service_id: int


@dataclass
class UserRow:
    id: int
    username: str
    first_name: str
    last_name: str
    role: str
    team_id: int | None
    job_title: str


def row_values(row: Any) -> dict[str, Any]:
    """A row's fields as keyword arguments for its model."""
    return dict(vars(row))


# Tables in the order they are written; the generator numbers rows in each from a given start.
TABLES: tuple[str, ...] = (
    "team",
    "user",
    "person",
    "child",
    "household",
    "member",
    "address",
    "relationship",
    "episode",
    "legal_status",
    "placement",
    "allocation",
    "visit",
    "restricted",
)


@dataclass
class Chunk:
    """Rows for a batch of families, written together in one transaction."""

    persons: list[PersonRow] = field(default_factory=list)
    children: list[ChildRow] = field(default_factory=list)
    households: list[HouseholdRow] = field(default_factory=list)
    members: list[HouseholdMemberRow] = field(default_factory=list)
    addresses: list[AddressRow] = field(default_factory=list)
    relationships: list[RelationshipRow] = field(default_factory=list)
    episodes: list[EpisodeRow] = field(default_factory=list)
    legal_statuses: list[LegalStatusPeriodRow] = field(default_factory=list)
    placements: list[PlacementRow] = field(default_factory=list)
    allocations: list[AllocationRow] = field(default_factory=list)
    visits: list[VisitRow] = field(default_factory=list)
    restricted: list[RestrictedAccessRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {f.name: len(getattr(self, f.name)) for f in fields(self)}


@dataclass
class Staff:
    teams: list[TeamRow]
    users: list[UserRow]
    practitioners: dict[str, list[int]]  # group → practitioner ids
    team_of: dict[int, int]  # practitioner id → team id
    manager_of_team: dict[int, int]  # team id → team manager id


# --- Services and stages ----------------------------------------------------------------------

# group: (service name, team label, practitioners' job title, share of children open to it)
GROUPS: dict[str, tuple[str, str, str, float]] = {
    "early_help": ("Early help", "Early help team", "Early help practitioner", 0.025),
    "front_door": ("Front door and assessment", "Assessment team", "Social worker", 0.018),
    "safeguarding": ("Safeguarding and family support", "Family support team", "Social worker", 0.034),
    "children_in_care": ("Children in care", "Children in care team", "Social worker", 0.007),
}
GROUP_OF_STAGE = {
    "early_help": "early_help",
    "referral": "front_door",
    "assessment": "front_door",
    "s47": "front_door",
    "cin": "safeguarding",
    "cp": "safeguarding",
    "lac": "children_in_care",
}
PRACTITIONERS_PER_TEAM = 8
OPEN_CHILDREN_PER_PRACTITIONER = 17.5

# The state a family is in today, as shares of children (families drawn with these weights give
# the same shares of children). Open states first; the rest have closed history or none.
FAMILY_STATES: tuple[tuple[str, float], ...] = (
    ("early_help", 0.025),
    ("referral", 0.003),
    ("assessment", 0.008),
    ("s47", 0.002),
    ("cin", 0.030),
    ("cp", 0.004),
    ("lac", 0.007),
    ("contact_closed", 0.15),
    ("early_help_closed", 0.08),
    ("assessment_closed", 0.08),
    ("cin_closed", 0.03),
    ("cp_closed", 0.005),
    ("lac_closed", 0.003),
    ("unknown", 0.569),
)
OPEN_STATES = frozenset({"early_help", "referral", "assessment", "s47", "cin", "cp", "lac"})

# (stage, shortest, longest days). For an open chain the last step's range is how long ago it began.
Step = tuple[str, int, int]
CHAINS: dict[str, tuple[tuple[Step, ...], ...]] = {
    "early_help": ((("contact", 0, 0), ("early_help", 0, 270)),),
    "referral": ((("contact", 0, 0), ("referral", 0, 5)),),
    "assessment": ((("contact", 0, 0), ("referral", 0, 2), ("assessment", 0, 40)),),
    "s47": ((("contact", 0, 0), ("referral", 0, 1), ("s47", 0, 12)),),
    "cin": ((("contact", 0, 0), ("referral", 0, 2), ("assessment", 10, 45), ("cin", 0, 720)),),
    "cp": ((("referral", 0, 1), ("assessment", 5, 30), ("s47", 5, 15), ("cp", 0, 540)),),
    "lac": (
        (("referral", 0, 1), ("assessment", 10, 45), ("lac", 0, 2200)),
        (("referral", 0, 1), ("assessment", 5, 30), ("s47", 5, 15), ("cp", 60, 400), ("lac", 0, 1500)),
    ),
    "contact_closed": ((("contact", 0, 0),),),
    "early_help_closed": ((("contact", 0, 0), ("early_help", 60, 360)),),
    "assessment_closed": (
        (("contact", 0, 0), ("referral", 0, 2), ("assessment", 10, 45)),
        (("contact", 0, 0), ("referral", 0, 2), ("assessment", 10, 45), ("early_help", 60, 300)),
    ),
    "cin_closed": ((("contact", 0, 0), ("referral", 0, 2), ("assessment", 10, 45), ("cin", 90, 540)),),
    "cp_closed": ((("referral", 0, 1), ("assessment", 5, 30), ("s47", 5, 15), ("cp", 120, 540), ("cin", 90, 270)),),
    "lac_closed": ((("referral", 0, 1), ("assessment", 10, 45), ("lac", 180, 1500)),),
    "unknown": ((),),
}
PRE_BIRTH_CHAIN: tuple[Step, ...] = (("referral", 0, 2), ("assessment", 0, 50))
SOCIAL_CARE = frozenset({"referral", "assessment", "s47", "cin", "cp", "lac"})
VISITS_BY_STAGE = {
    "early_help": (2, 5),
    "assessment": (2, 4),
    "s47": (1, 3),
    "cin": (3, 6),
    "cp": (4, 8),
    "lac": (3, 6),
}

REFERRAL_SOURCES = (
    ("6", 28),
    ("2A", 18),
    ("3A", 4),
    ("3B", 4),
    ("3E", 3),
    ("3F", 4),
    ("5A", 6),
    ("5D", 6),
    ("1A", 5),
    ("1C", 2),
    ("1D", 3),
    ("4", 3),
    ("7", 2),
    ("8", 6),
    ("9", 2),
    ("10", 2),
)
PRIMARY_NEEDS = (("N1", 56), ("N2", 8), ("N3", 4), ("N4", 8), ("N5", 14), ("N6", 3), ("N7", 1), ("N8", 4), ("N0", 2))
CATEGORIES = (("NEG", 50), ("EMO", 38), ("PHY", 7), ("SAB", 3), ("MUL", 2))
FOSTER_TYPES = (("U6", 40), ("U4", 20), ("U3", 12), ("U1", 6), ("K2", 8), ("R1", 2), ("P1", 6), ("Z1", 2), ("T0", 4))
DISABILITIES = ("AUT", "LD", "COMM", "BEH", "MOB", "HEAR", "VIS", "DDA")
FAMILY_SIZES = ((1, 30), (2, 32), (3, 22), (4, 11), (5, 5))
NHS_STRIDE = 7919  # coprime with 10**6, so person ids map to distinct NHS numbers below a million

YEAR = 365


def _weights(pairs: Sequence[tuple[T, float]]) -> tuple[list[T], list[float]]:
    values = [v for v, _ in pairs]
    cumulative: list[float] = []
    total = 0.0
    for _, weight in pairs:
        total += weight
        cumulative.append(total)
    return values, cumulative


def nhs_number_for(n: int) -> str:
    """A synthetic NHS number in the 999 test range, or "" where the check digit would be 10."""
    body = f"999{(n * NHS_STRIDE) % 1_000_000:06d}"
    total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return "" if check == 10 else body + str(check)


def upn_for(la_code: str, school: int, year: int, serial: int) -> str:
    body = f"{la_code}{school:04d}{year % 100:02d}{serial % 1000:03d}"
    return upn_check_letter(body) + body


def expected_teams(children: int) -> dict[str, int]:
    """How many teams each service needs so practitioners hold about 15-20 open children."""
    per_team = PRACTITIONERS_PER_TEAM * OPEN_CHILDREN_PER_PRACTITIONER
    return {group: max(1, round(children * share / per_team)) for group, (*_, share) in GROUPS.items()}


class Ids:
    """Next primary key per table, from the first free id the caller found."""

    def __init__(self, first: Mapping[str, int]) -> None:
        self._next = {table: first.get(table, 1) for table in TABLES}

    def take(self, table: str) -> int:
        value = self._next[table]
        self._next[table] = value + 1
        return value


class Borough:
    """Generates a borough of `children` children, a chunk of families at a time."""

    def __init__(
        self,
        *,
        children: int,
        seed: int,
        today: date,
        first_ids: Mapping[str, int],
        service_ids: Mapping[str, int],
        la_code: str = "999",
    ) -> None:
        self.children = children
        self.today = today
        self.rng = random.Random(seed)
        self.ids = Ids(first_ids)
        self.stamp = datetime.combine(today, time(9, 0), tzinfo=UTC)
        self.la_code = la_code
        self.schools = [2001 + n for n in range(max(2, children // 2500))]
        self.upn_serials: dict[tuple[int, int], int] = {}
        self.heritages, self.heritage_cum = _weights([(h, h.weight) for h in names.HERITAGES])
        self.states, self.state_cum = _weights(FAMILY_STATES)
        self.staff = self._plan_staff(service_ids)
        self.loads = {pid: 0 for ids in self.staff.practitioners.values() for pid in ids}

    # --- helpers ---------------------------------------------------------------------------

    def pick(self, values: Sequence[T], cumulative: Sequence[float]) -> T:
        return self.rng.choices(values, cum_weights=cumulative)[0]

    def pick_code(self, pairs: Sequence[tuple[str, float]]) -> str:
        return self.rng.choices([c for c, _ in pairs], weights=[w for _, w in pairs])[0]

    def days_ago(self, lo: int, hi: int) -> date:
        return self.today - timedelta(days=self.rng.randint(lo, hi))

    def between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def postcode(self, area: str = names.POSTCODE_AREA) -> str:
        letters = names.POSTCODE_UNIT_LETTERS
        rng = self.rng
        return f"{area}{rng.randint(1, 14)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"

    # --- staff -----------------------------------------------------------------------------

    def _plan_staff(self, service_ids: Mapping[str, int]) -> Staff:
        staff = Staff([], [], {}, {}, {})
        for group, count in expected_teams(self.children).items():
            _, label, job_title, _ = GROUPS[group]
            staff.practitioners[group] = []
            for _ in range(count):
                team = TeamRow(self.ids.take("team"), "", service_ids[group])
                team.name = f"{label} {team.id}"
                staff.teams.append(team)
                staff.manager_of_team[team.id] = self._staff_user(staff, "team_manager", team.id, "Team manager")
                for _ in range(PRACTITIONERS_PER_TEAM):
                    pid = self._staff_user(staff, "practitioner", team.id, job_title)
                    staff.practitioners[group].append(pid)
                    staff.team_of[pid] = team.id
            first_team = staff.teams[-count].id
            self._staff_user(staff, "service_manager", first_team, "Service manager")
        return staff

    def _staff_user(self, staff: Staff, role: str, team_id: int, job_title: str) -> int:
        heritage = self.pick(self.heritages, self.heritage_cum)
        given = self.rng.choice(heritage.female if self.rng.random() < 0.75 else heritage.male)
        family = self.rng.choice(heritage.surnames)
        user_id = self.ids.take("user")
        username = f"{normalise_name(given).replace(' ', '')}.{normalise_name(family).replace(' ', '')}.{user_id}"
        staff.users.append(UserRow(user_id, username, given, family, role, team_id, job_title))
        return user_id

    # --- families --------------------------------------------------------------------------

    def chunks(self, families_per_chunk: int = 5000) -> Iterator[Chunk]:
        """Chunks of whole families until the borough has its children."""
        made = 0
        while made < self.children:
            chunk = Chunk()
            for _ in range(families_per_chunk):
                if made >= self.children:
                    break
                made += Family(self, chunk, self.children - made).build()
            yield chunk

    def person(
        self,
        chunk: Chunk,
        *,
        given: str,
        family: str,
        sex: str,
        born: date | None,
        heritage: Heritage,
        ethnicity: str | None = None,
        other_names: str = "",
    ) -> PersonRow:
        pid = self.ids.take("person")
        rng = self.rng
        preferred = names.NICKNAMES.get(given, "") if rng.random() < 0.4 else ""
        search = normalise_name(given, family, preferred, other_names)
        adult = born is not None and age_on(born, self.today) >= 18
        row = PersonRow(
            id=pid,
            legal_given_name=given,
            legal_family_name=family,
            preferred_name=preferred,
            other_names=other_names,
            date_of_birth=born,
            expected_date_of_birth=None,
            date_of_death=None,
            sex=sex,
            gender="same" if rng.random() < 0.97 else rng.choice(("not_known", "non_binary", "not_stated")),
            ethnicity=ethnicity or heritage.ethnicity,
            first_language=heritage.language,
            needs_interpreter=adult and heritage.language not in ("English", "Welsh") and rng.random() < 0.2,
            disabilities=[rng.choice(DISABILITIES)] if rng.random() < (0.01 if adult else 0.04) else [],
            nhs_number=nhs_number_for(pid) if rng.random() < 0.93 else "",
            upn="",
            search_name=search,
            search_phonetic=phonetic_key(search),
            version=1,
            updated_at=self.stamp,
        )
        chunk.persons.append(row)
        return row

    def upn(self, born: date) -> str:
        age = age_on(born, self.today)
        if not 4 <= age <= 18 or self.rng.random() < 0.03:
            return ""
        school = self.rng.choice(self.schools)
        entry_year = born.year + 4 + (born.month >= 9)
        serial = self.upn_serials.get((school, entry_year), 0)
        self.upn_serials[school, entry_year] = serial + 1
        return upn_for(self.la_code, school, entry_year, serial)

    def practitioner(self, group: str) -> int:
        """The least-loaded practitioner in the group (ties to the earliest), for open work."""
        ids = self.staff.practitioners[group]
        return min(ids, key=self.loads.__getitem__)


def _mixed(mother: str, father: str) -> str:
    """The DfE mixed-heritage code for a child of parents with different ethnicity codes."""
    if mother == father:
        return mother
    pair = {mother[0], father[0]}
    codes = {mother, father}
    if "W" in pair and "BCRB" in codes:
        return "MWBC"
    if "W" in pair and "BAFR" in codes:
        return "MWBA"
    if "W" in pair and ("A" in pair or "CHNE" in codes):
        return "MWAS"
    return "MOTH"


@dataclass
class Kid:
    person: PersonRow
    father: int  # index into Family.fathers, or -1 for a father not known
    unborn: bool
    child_id: int = 0


class Family:
    """One family: mother, fathers, children, wider network, home and journey."""

    def __init__(self, borough: Borough, chunk: Chunk, room: int) -> None:
        self.b = borough
        self.rng = borough.rng
        self.chunk = chunk
        self.room = room
        self.kids: list[Kid] = []
        self.fathers: list[PersonRow] = []
        self.wider: list[PersonRow] = []
        self.split = 0
        self.partner_dates: list[tuple[date, date | None]] = []

    def build(self) -> int:
        self._people()
        self._relationships()
        Home(self).build()
        Journey(self).build()
        return len(self.kids)

    # --- people ----------------------------------------------------------------------------

    def _people(self) -> None:
        b, rng = self.b, self.rng
        size = min(self.room, rng.choices([s for s, _ in FAMILY_SIZES], weights=[w for _, w in FAMILY_SIZES])[0])
        dobs = self._birth_dates(size)
        unborn = rng.random() < 0.0115
        self.mother_heritage = b.pick(b.heritages, b.heritage_cum)
        eldest = b.today if unborn and size == 1 else dobs[0]
        mother_born = eldest - timedelta(days=rng.randint(17 * YEAR, 38 * YEAR))
        self.surname = rng.choice(self.mother_heritage.surnames)
        other = rng.choice(self.mother_heritage.surnames) if rng.random() < 0.15 else ""
        given = rng.choice(self.mother_heritage.female)
        self.mother = b.person(
            self.chunk,
            given=given,
            family=self.surname,
            sex="2",
            born=mother_born,
            heritage=self.mother_heritage,
            other_names=other,
        )
        self._fathers(size, mother_born)
        self._kids(dobs, unborn)
        self._deaths()

    def _birth_dates(self, size: int) -> list[date]:
        rng, today = self.rng, self.b.today
        gaps = [rng.randint(300, 5 * YEAR) for _ in range(size - 1)]
        span = sum(gaps)
        limit = 18 * YEAR - 1
        if span > limit - 30:
            gaps = [g * (limit - 30) // span for g in gaps]
            span = sum(gaps)
        eldest = today - timedelta(days=span + rng.randint(0, limit - span))
        dobs = [eldest]
        for gap in gaps:
            dobs.append(dobs[-1] + timedelta(days=gap))
        return dobs

    def _fathers(self, size: int, mother_born: date) -> None:
        rng = self.rng
        shape = rng.random()
        count = 0 if shape < 0.12 else (2 if shape < 0.32 and size >= 2 else 1)
        self.split = rng.randint(1, size - 1) if count == 2 else size
        for _ in range(count):
            heritage = (
                self.mother_heritage if rng.random() < 0.8 else self.b.pick(self.b.heritages, self.b.heritage_cum)
            )
            born = mother_born + timedelta(days=rng.randint(-3 * YEAR, 8 * YEAR))
            self.fathers.append(
                self.b.person(
                    self.chunk,
                    given=rng.choice(heritage.male),
                    family=rng.choice(heritage.surnames),
                    sex="1",
                    born=born,
                    heritage=heritage,
                )
            )
        self.is_married = bool(self.fathers) and rng.random() < 0.45
        if self.is_married:
            self.mother.other_names = self.mother.legal_family_name
            self.mother.legal_family_name = self.fathers[-1].legal_family_name
            self._research(self.mother)

    def _research(self, person: PersonRow) -> None:
        person.search_name = normalise_name(
            person.legal_given_name, person.legal_family_name, person.preferred_name, person.other_names
        )
        person.search_phonetic = phonetic_key(person.search_name)

    def _kids(self, dobs: list[date], unborn: bool) -> None:
        b, rng = self.b, self.rng
        for n, born in enumerate(dobs):
            father = (0 if n < self.split else 1) if self.fathers else -1
            is_unborn = unborn and n == len(dobs) - 1
            fam = self.fathers[father] if father >= 0 and rng.random() < 0.7 else self.mother
            heritage = self.mother_heritage
            ethnicity = _mixed(self.mother.ethnicity, self.fathers[father].ethnicity) if father >= 0 else None
            sex = rng.choice("12")
            given = rng.choice(heritage.female if sex == "2" else heritage.male)
            person = b.person(
                self.chunk,
                given=given,
                family=fam.legal_family_name,
                sex=sex,
                born=None if is_unborn else born,
                heritage=heritage,
                ethnicity=ethnicity,
            )
            if is_unborn:
                person.expected_date_of_birth = b.today + timedelta(days=rng.randint(30, 180))
                person.legal_given_name = "Unborn"
                person.sex, person.gender = "0", "not_known"
                person.nhs_number = ""
                self._research(person)
            else:
                person.upn = b.upn(born)
            self.kids.append(Kid(person, father, is_unborn))

    def _deaths(self) -> None:
        for parent in (self.mother, *self.fathers):
            if self.rng.random() < 0.0005 and parent.date_of_birth:
                born = [k.person.date_of_birth for k in self.kids if k.person.date_of_birth]
                parent.date_of_death = self.b.between(max(born, default=self.b.today), self.b.today)

    # --- relationships ---------------------------------------------------------------------

    def relate(
        self,
        source: PersonRow,
        target: PersonRow,
        kind: str,
        nature: str = "biological",
        *,
        pr: bool = False,
        trusted: bool = False,
        starts_on: date | None = None,
        ends_on: date | None = None,
    ) -> None:
        row = RelationshipRow(
            self.b.ids.take("relationship"), source.id, target.id, kind, nature, pr, trusted, starts_on, ends_on
        )
        self.chunk.relationships.append(row)

    def _relationships(self) -> None:
        rng = self.rng
        for kid in self.kids:
            born = kid.person.date_of_birth
            self.relate(self.mother, kid.person, "parent", pr=True, starts_on=born)
            if kid.father >= 0:
                self.relate(self.fathers[kid.father], kid.person, "parent", pr=rng.random() < 0.9, starts_on=born)
        for i, older in enumerate(self.kids):
            for younger in self.kids[i + 1 :]:
                kind = "sibling" if older.father == younger.father else "half_sibling"
                self.relate(older.person, younger.person, kind)
        self._partners()
        self._wider_family()

    def _partners(self) -> None:
        """The mother's partners; a second partner is step-parent to the older children."""
        first_born = self.kids[0].person.date_of_birth or self.b.today
        for n, father in enumerate(self.fathers):
            if n == 0:
                starts = first_born - timedelta(days=self.rng.randint(200, 4 * YEAR))
            else:
                starts = self.partner_dates[0][1] or first_born
            ends = None
            if n + 1 < len(self.fathers):
                split_born = self.kids[self.split].person.date_of_birth or self.b.today
                ends = self.b.between(first_born, split_born - timedelta(days=300))
            self.partner_dates.append((starts, ends))
            self.relate(self.mother, father, "partner", "social", starts_on=starts, ends_on=ends)
        if len(self.fathers) == 2:
            legal = self.rng.random() < 0.15
            starts = self.partner_dates[1][0]
            for kid in self.kids[: self.split]:
                nature = "legal" if legal else "social"
                self.relate(self.fathers[1], kid.person, "step_parent", nature, pr=legal, starts_on=starts)

    def _wider_family(self) -> None:
        rng = self.rng
        mother = self.mother
        if rng.random() < 0.4:
            self._grandparent(mother, "2", list(self.kids), 40)
        if rng.random() < 0.15:
            self._grandparent(mother, "1", list(self.kids), 42)
        if self.fathers and rng.random() < 0.18:
            mine = [k for k in self.kids if k.father == 0]
            self._grandparent(self.fathers[0], "2", mine, 38)
        if rng.random() < 0.15:
            self._aunt_or_uncle()
        if rng.random() < 0.08:
            self._friend()

    def _grandparent(self, parent: PersonRow, sex: str, kids: list[Kid], gap_years: int) -> None:
        rng = self.rng
        heritage = self.mother_heritage
        born = (parent.date_of_birth or self.b.today) - timedelta(days=rng.randint(18 * YEAR, gap_years * YEAR))
        surname = parent.other_names or parent.legal_family_name
        given = rng.choice(heritage.female if sex == "2" else heritage.male)
        grandparent = self.b.person(self.chunk, given=given, family=surname, sex=sex, born=born, heritage=heritage)
        if rng.random() < 0.0005:
            grandparent.date_of_death = self.b.between(born + timedelta(days=50 * YEAR), self.b.today)
        self.relate(grandparent, parent, "parent", starts_on=parent.date_of_birth)
        trusted = rng.random() < 0.3
        for kid in kids:
            self.relate(grandparent, kid.person, "grandparent", trusted=trusted, starts_on=kid.person.date_of_birth)
        self.wider.append(grandparent)

    def _aunt_or_uncle(self) -> None:
        rng = self.rng
        heritage = self.mother_heritage
        sex = rng.choice("12")
        born = (self.mother.date_of_birth or self.b.today) + timedelta(days=rng.randint(-8 * YEAR, 8 * YEAR))
        given = rng.choice(heritage.female if sex == "2" else heritage.male)
        family = self.mother.other_names or self.mother.legal_family_name
        aunt = self.b.person(self.chunk, given=given, family=family, sex=sex, born=born, heritage=heritage)
        self.relate(aunt, self.mother, "sibling")
        trusted = rng.random() < 0.25
        for kid in self.kids:
            self.relate(aunt, kid.person, "aunt_uncle", trusted=trusted, starts_on=kid.person.date_of_birth)
        self.wider.append(aunt)

    def _friend(self) -> None:
        b, rng = self.b, self.rng
        heritage = b.pick(b.heritages, b.heritage_cum)
        sex = "2" if rng.random() < 0.7 else "1"
        born = b.today - timedelta(days=rng.randint(25 * YEAR, 70 * YEAR))
        given = rng.choice(heritage.female if sex == "2" else heritage.male)
        friend = b.person(
            self.chunk, given=given, family=rng.choice(heritage.surnames), sex=sex, born=born, heritage=heritage
        )
        kind = rng.choice(("friend", "neighbour"))
        trusted = rng.random() < 0.7
        since = b.days_ago(90, 8 * YEAR)
        for kid in self.kids:
            if not kid.unborn:
                self.relate(friend, kid.person, kind, "social", trusted=trusted, starts_on=since)
        self.wider.append(friend)


class Home:
    """The family's household over time and everyone's address history."""

    def __init__(self, family: Family) -> None:
        self.f = family
        self.b = family.b
        self.rng = family.rng
        self.chunk = family.chunk

    def address(self) -> tuple[str, str, str]:
        rng = self.rng
        line_2 = rng.choice(names.FLAT_PREFIXES) if rng.random() < 0.25 else ""
        return f"{rng.randint(1, 180)} {rng.choice(names.STREETS)}", line_2, self.b.postcode()

    def live(self, person: PersonRow, place: tuple[str, str, str], starts: date, ends: date | None) -> None:
        if ends is not None and ends < starts:
            ends = starts
        line_1, line_2, postcode = place
        row = AddressRow(self.b.ids.take("address"), person.id, line_1, line_2, names.TOWN, postcode, starts, ends)
        self.chunk.addresses.append(row)

    def member(self, person: PersonRow, starts: date, ends: date | None) -> None:
        if ends is not None and ends < starts:
            ends = starts
        self.chunk.members.append(
            HouseholdMemberRow(self.b.ids.take("member"), self.household, person.id, starts, ends)
        )

    def build(self) -> None:
        f = self.f
        self.household = self.b.ids.take("household")
        self.chunk.households.append(HouseholdRow(self.household, f"{f.mother.legal_family_name} household"))
        born = [k.person.date_of_birth for k in f.kids if k.person.date_of_birth]
        home_since = min(born, default=self.b.today) - timedelta(days=self.rng.randint(0, 3 * YEAR))
        moved_on = self.between_or_none(home_since)
        current, previous = self.address(), self.address()
        for kid in f.kids:
            if kid.person.date_of_birth:
                self._residence(kid.person, kid.person.date_of_birth, None, current, previous, moved_on)
        self._residence(f.mother, home_since, None, current, previous, moved_on)
        self._partners_at_home(current, previous, moved_on)
        for person in f.wider:
            self.live(person, self.address(), self.b.days_ago(YEAR, 20 * YEAR), None)

    def between_or_none(self, since: date) -> date | None:
        """A date the family moved house, for about a quarter of families."""
        if self.rng.random() >= 0.25 or (self.b.today - since).days < 60:
            return None
        return self.b.between(since + timedelta(days=30), self.b.today - timedelta(days=30))

    def _residence(
        self,
        person: PersonRow,
        starts: date,
        ends: date | None,
        current: tuple[str, str, str],
        previous: tuple[str, str, str],
        moved_on: date | None,
    ) -> None:
        self.member(person, starts, ends)
        if moved_on is not None and starts < moved_on and (ends is None or ends > moved_on):
            self.live(person, previous, starts, moved_on)
            self.live(person, current, moved_on, ends)
        else:
            self.live(person, previous if ends is not None and moved_on and ends <= moved_on else current, starts, ends)
        if ends is not None:
            self.live(person, self.address(), ends, None)

    def _partners_at_home(
        self, current: tuple[str, str, str], previous: tuple[str, str, str], moved_on: date | None
    ) -> None:
        """Fathers living with the mother; about one family in ten has a recent change."""
        f = self.f
        for (starts, ends), father in zip(f.partner_dates, f.fathers, strict=True):
            if self.rng.random() < 0.35 and ends is None and len(f.fathers) == 1:
                continue  # a father who never lived with the family
            if ends is None and self.rng.random() < 0.06:
                ends = self.b.days_ago(30, 3 * YEAR)  # moved out recently
                ends = max(ends, starts)
                self._relationship_ended(father, ends)
            self._residence(father, starts, ends, current, previous, moved_on)
        if len(f.fathers) < 2 and self.rng.random() < 0.04:
            self._new_partner(current)

    def _relationship_ended(self, father: PersonRow, ends: date) -> None:
        for row in reversed(self.chunk.relationships):
            if row.kind == "partner" and row.to_person_id == father.id and row.from_person_id == self.f.mother.id:
                row.ends_on = max(ends, row.starts_on or ends)
                return

    def _new_partner(self, current: tuple[str, str, str]) -> None:
        f, rng = self.f, self.rng
        heritage = f.b.pick(f.b.heritages, f.b.heritage_cum)
        born = (f.mother.date_of_birth or f.b.today) + timedelta(days=rng.randint(-5 * YEAR, 5 * YEAR))
        partner = f.b.person(
            self.chunk,
            given=rng.choice(heritage.male),
            family=rng.choice(heritage.surnames),
            sex="1",
            born=born,
            heritage=heritage,
        )
        moved_in = self.b.days_ago(14, 2 * YEAR)
        f.relate(f.mother, partner, "partner", "social", starts_on=moved_in)
        for kid in f.kids:
            if not kid.unborn:
                f.relate(partner, kid.person, "step_parent", "social", starts_on=moved_in)
        self.member(partner, moved_in, None)
        self.live(partner, current, moved_in, None)


class Journey:
    """The children's episodes, allocations, visits and child records."""

    def __init__(self, family: Family) -> None:
        self.f = family
        self.b = family.b
        self.rng = family.rng
        self.chunk = family.chunk

    def build(self) -> None:
        f, b = self.f, self.b
        state = b.pick(b.states, b.state_cum)
        born = [k.person.date_of_birth for k in f.kids if k.person.date_of_birth]
        earliest = max(born, default=b.today - timedelta(days=60))
        chain = self.plan_chain(self.rng.choice(CHAINS[state]), is_open=state in OPEN_STATES, earliest=earliest)
        history: list[tuple[str, date, date | None]] = []
        if chain and state in OPEN_STATES and self.rng.random() < 0.25:
            history = self.plan_chain(self.rng.choice(CHAINS["assessment_closed"]), is_open=False, earliest=earliest)
            if history and history[-1][2] and history[-1][2] >= chain[0][1]:
                history = []
        restricted = state in OPEN_STATES and self.rng.random() < 0.024
        born_kids = sum(1 for kid in f.kids if not kid.unborn)
        team_plan = self.plan_allocations(chain, history, is_open=state in OPEN_STATES, children=born_kids)
        for kid in f.kids:
            kid.child_id = b.ids.take("child")
            if kid.unborn:
                pre_birth = self.plan_chain(PRE_BIRTH_CHAIN, is_open=True, earliest=b.today - timedelta(days=120))
                pre_birth_plan = self.plan_allocations(pre_birth, [], is_open=True, children=1)
                ChildJourney(self, kid, [pre_birth], pre_birth_plan, restricted).build()
            else:
                ChildJourney(self, kid, [history, chain], team_plan, restricted).build()

    def plan_chain(
        self, steps: Sequence[Step], *, is_open: bool, earliest: date
    ) -> list[tuple[str, date, date | None]]:
        """Dates for a chain of stages, ending today (open) or some time ago, never before `earliest`."""
        if not steps:
            return []
        rng, today = self.rng, self.b.today
        durations = [rng.randint(lo, hi) for _, lo, hi in steps]
        gaps = [rng.randint(0, 2) for _ in steps[1:]] + [0]
        span = sum(durations) + sum(gaps)
        end = today if is_open else today - timedelta(days=rng.randint(7, 7 * YEAR))
        start = end - timedelta(days=span)
        if start < earliest:
            start = earliest
            room = max(0, (today - earliest).days - (0 if is_open else 1))
            if span > room:
                durations = [d * room // span for d in durations]
                gaps = [g * room // span for g in gaps]
        dates: list[tuple[str, date, date | None]] = []
        cursor = start
        for (stage, _, _), duration, gap in zip(steps, durations, gaps, strict=True):
            ends = cursor + timedelta(days=duration)
            dates.append((stage, cursor, ends))
            cursor = ends + timedelta(days=gap)
        if is_open:
            stage, starts, _ = dates[-1]
            dates[-1] = (stage, starts, None)
        return dates

    def plan_allocations(
        self,
        chain: list[tuple[str, date, date | None]],
        history: list[tuple[str, date, date | None]],
        *,
        is_open: bool,
        children: int,
    ) -> list[tuple[int, date, date | None]]:
        """(practitioner, starts, ends) for the family's workers: earlier ones closed, the current open."""
        plan = self._closed_allocation(history)
        worked = [step for step in chain if step[0] != "contact"]
        if not worked:
            return plan
        group = GROUP_OF_STAGE[worked[-1][0]]
        starts = worked[0][1]
        if not is_open:
            practitioner = self.rng.choice(self.b.staff.practitioners[group])
            return [*plan, (practitioner, starts, worked[-1][2])]
        current = self.b.practitioner(group)
        self.b.loads[current] += children
        if self.rng.random() < 0.2 and (self.b.today - starts).days >= 14:
            changed = self.b.between(starts + timedelta(days=7), self.b.today - timedelta(days=3))
            earlier_group = "front_door" if self.rng.random() < 0.5 and len(worked) > 1 else group
            earlier = self.rng.choice(self.b.staff.practitioners[earlier_group])
            plan.append((earlier, starts, changed))
            starts = changed
        return [*plan, (current, starts, None)]

    def _closed_allocation(self, history: list[tuple[str, date, date | None]]) -> list[tuple[int, date, date | None]]:
        worked = [step for step in history if step[0] != "contact"]
        if not worked:
            return []
        group = GROUP_OF_STAGE[worked[-1][0]]
        return [(self.rng.choice(self.b.staff.practitioners[group]), worked[0][1], worked[-1][2])]


class ChildJourney:
    """One child's record, episodes, legal statuses, placements, allocations and visits."""

    def __init__(
        self,
        journey: Journey,
        kid: Kid,
        chains: list[list[tuple[str, date, date | None]]],
        allocations: list[tuple[int, date, date | None]],
        restricted: bool,
    ) -> None:
        self.j = journey
        self.b = journey.b
        self.rng = journey.rng
        self.chunk = journey.chunk
        self.kid = kid
        self.chains = chains
        self.plan = allocations
        self.restricted = restricted

    def build(self) -> None:
        b = self.b
        stage = ""
        for chain in self.chains:
            stage = self._episodes(chain) or stage
        team_id, lead_id = self._allocations()
        is_open = any(ends is None for _, _, ends in self.plan)
        restricted = self.restricted and is_open
        row = ChildRow(
            id=self.kid.child_id,
            person_id=self.kid.person.id,
            team_id=team_id,
            lead_practitioner_id=lead_id if is_open else None,
            is_open=is_open,
            current_stage=stage if is_open else "",
            is_restricted=restricted,
            la_child_id=f"KITH{self.kid.child_id:07d}",
            created_at=b.stamp,
        )
        self.chunk.children.append(row)
        if is_open and lead_id is not None:
            self._visits(stage)
            if restricted and team_id is not None:
                for user_id in (lead_id, b.staff.manager_of_team[team_id]):
                    self.chunk.restricted.append(RestrictedAccessRow(b.ids.take("restricted"), row.id, user_id))

    def _episodes(self, chain: list[tuple[str, date, date | None]]) -> str:
        """Write the chain's episodes, linked by `follows`; return the open stage, if any."""
        previous: int | None = None
        open_stage = ""
        for n, (stage, starts, ends) in enumerate(chain):
            last = n == len(chain) - 1
            episode = EpisodeRow(
                id=self.b.ids.take("episode"),
                child_id=self.kid.child_id,
                stage=stage,
                starts_on=starts,
                ends_on=ends,
                follows_id=previous,
                referral_source=self.b.pick_code(REFERRAL_SOURCES) if stage in ("referral", "contact") else "",
                primary_need=self.b.pick_code(PRIMARY_NEEDS) if stage in ("cin", "cp", "lac") else "",
                closure_reason=self._closure(stage, chain[n + 1][0] if not last else "") if ends is not None else "",
                category_of_abuse=self.b.pick_code(CATEGORIES) if stage == "cp" else "",
                summary=self._summary(stage),
                version=1,
            )
            if stage == "cp":
                episode.primary_need = "N1"
            self.chunk.episodes.append(episode)
            previous = episode.id
            if ends is None:
                open_stage = stage
            if stage == "lac":
                self._care(episode)
        return open_stage

    def _summary(self, stage: str) -> str:
        if self.kid.unborn and stage == "assessment":
            return "Pre-birth assessment."
        return self.rng.choice(names.SUMMARIES[stage])

    def _closure(self, stage: str, next_stage: str) -> str:
        """The DfE reason a closed episode ended; none where the journey carried on."""
        if next_stage:
            return "RC9" if stage == "assessment" and next_stage == "early_help" else ""
        if stage == "assessment":
            return "RC8" if self.rng.random() < 0.75 else "RC9"
        if stage == "lac":
            return self.b.pick_code((("RC4", 35), ("RC3", 20), ("RC7", 45)))
        if stage in SOCIAL_CARE:
            return "RC7"
        return ""

    def _care(self, episode: EpisodeRow) -> None:
        """Legal statuses and placements over the looked-after episode."""
        b, rng = self.b, self.rng
        ends = episode.ends_on
        last = ends or b.today
        statuses = self._legal_statuses(last)
        for status, (starts, stops) in zip(
            statuses, self._periods(episode.starts_on, ends, len(statuses)), strict=True
        ):
            self.chunk.legal_statuses.append(
                LegalStatusPeriodRow(b.ids.take("legal_status"), episode.id, status, starts, stops)
            )
        count = rng.choices((1, 2, 3, 4), weights=(45, 30, 15, 10))[0]
        for starts, stops in self._periods(episode.starts_on, ends, count):
            kind = "A5" if statuses[-1] == "E1" and stops is None else b.pick_code(FOSTER_TYPES)
            area = names.POSTCODE_AREA if rng.random() < 0.7 else names.OUT_OF_AREA_POSTCODE_AREA
            self.chunk.placements.append(
                PlacementRow(b.ids.take("placement"), episode.id, kind, b.postcode(area), starts, stops)
            )

    def _legal_statuses(self, last: date) -> list[str]:
        if self.rng.random() < 0.3:
            return ["V2"]  # accommodated by agreement (section 20)
        born = self.kid.person.date_of_birth
        young = born is not None and age_on(born, last) < 5
        return ["C1", "C2", "E1"] if young and self.rng.random() < 0.3 else ["C1", "C2"]

    def _periods(self, starts: date, ends: date | None, count: int) -> list[tuple[date, date | None]]:
        """`count` back-to-back periods from `starts` to `ends` (the last open if `ends` is None)."""
        last = ends or self.b.today
        days = max(0, (last - starts).days)
        cuts = sorted(self.rng.randint(0, days) for _ in range(count - 1))
        bounds = [starts, *(starts + timedelta(days=c) for c in cuts)]
        periods: list[tuple[date, date | None]] = []
        for n, begin in enumerate(bounds):
            periods.append((begin, bounds[n + 1] if n + 1 < len(bounds) else ends))
        return periods

    def _allocations(self) -> tuple[int | None, int | None]:
        """Write the allocation history; return the team and worker of the latest allocation."""
        b = self.b
        team_id: int | None = None
        lead_id: int | None = None
        for practitioner, starts, ends in self.plan:
            team_id = b.staff.team_of[practitioner]
            lead_id = practitioner
            self.chunk.allocations.append(
                AllocationRow(b.ids.take("allocation"), self.kid.child_id, practitioner, team_id, starts, ends)
            )
        return team_id, lead_id

    def _visits(self, stage: str) -> None:
        b, rng = self.b, self.rng
        low, high = VISITS_BY_STAGE.get(stage, (0, 0))
        if self.kid.unborn:
            low, high = 1, 2
        first = max(self.plan[0][1], b.today - timedelta(days=180))
        last = b.today - timedelta(days=1)
        if first > last:
            return
        for visited in sorted(b.between(first, last) for _ in range(rng.randint(low, high))):
            by = next(
                (p for p, s, e in reversed(self.plan) if s <= visited and (e is None or e >= visited)), self.plan[-1][0]
            )
            self.chunk.visits.append(self._visit(visited, by, stage))

    def _visit(self, visited: date, by: int, stage: str) -> VisitRow:
        b, rng = self.b, self.rng
        person = self.kid.person
        age = age_on(person.date_of_birth, visited) if person.date_of_birth else -1
        roll = rng.random()
        seen = "not_seen" if self.kid.unborn or roll < 0.08 else ("seen_alone" if roll < 0.55 and age >= 5 else "seen")
        place = "placement" if stage == "lac" else rng.choice(("home", "home", "home", "school", "office", "community"))
        words = ""
        if seen != "not_seen" and age >= 4 and rng.random() < 0.85:
            words = rng.choice(names.CHILD_WORDS).format(carer=rng.choice(names.CARERS))
        reason = ""
        if seen == "not_seen":
            reason = "Unborn baby: visited Mum." if self.kid.unborn else rng.choice(names.NOT_SEEN_REASONS)
        return VisitRow(
            id=b.ids.take("visit"),
            child_id=self.kid.child_id,
            visited_on=visited,
            place=place,
            who_was_present=f"{person.preferred_name or person.legal_given_name}, Mum" if seen == "seen" else "",
            child_seen=seen,
            not_seen_reason=reason,
            what_i_saw=rng.choice(names.WHAT_I_SAW),
            what_i_heard=rng.choice(names.WHAT_I_HEARD),
            what_i_smelled=rng.choice(names.WHAT_I_SMELLED),
            what_i_felt=rng.choice(names.WHAT_I_FELT),
            child_words=words,
            analysis=rng.choice(names.ANALYSIS),
            next_steps=rng.choice(names.NEXT_STEPS),
            recorded_by_id=by,
            recorded_at=min(
                b.stamp,
                datetime.combine(visited, time(16, rng.randint(0, 59)), tzinfo=UTC)
                + timedelta(hours=rng.randint(0, 30)),
            ),
        )
