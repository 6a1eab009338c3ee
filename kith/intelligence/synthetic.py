"""Synthetic partner feeds made from a Kith export, with the true links known.

Deterministic: the same export, seed, `today` and row count give the same files, byte for byte.
Each partner holds its own record of a person (its person reference) made once from the Kith
person with the noise partner records really have, and then many records about them:

- typos (a letter dropped, doubled, swapped or mistyped), in first or last names;
- nicknames and known-as names ("Billy" for William, "Jay" for Jayden);
- first and last names swapped; a previous surname (a mother's maiden name);
- an old address (the family has moved since) or an address Kith never had;
- missing or mistyped dates of birth, missing sex, missing postcodes;
- identifiers missing the way they are in practice (police rarely hold NHS numbers);
- people Kith does not know at all (families from a neighbouring borough), some with the same
  names as people Kith does know; and twins, who share everything but a first name.

A few rows are deliberately malformed (an impossible date, a code not in the list) so that
quarantine has something to do, and some records are older than their feed's retention period.

Who appears where follows the family's history in Kith: children with a social care history
are more likely to miss school, be reported missing or live where the police are called, so
the matrix and cohorts have realistic shapes. `truth.parquet` says, for every partner person
reference, which Kith person it really is (or none).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from kith.intelligence.export import export_path
from kith.intelligence.feeds import FEEDS, Feed
from kith.intelligence.load import ARROW_TYPES
from kith.intelligence.names import NICKNAMES

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
SCHOOL_NAMES = (
    "Riverside",
    "St Mary's",
    "Hillside",
    "Oakfield",
    "Northgate",
    "Kithborough",
    "Abbey Park",
    "Millbrook",
    "Beacon Hill",
    "St John's",
    "Ironstone",
    "Westfield",
)
TRUTH_SCHEMA = pa.schema([("feed", pa.string()), ("person_ref", pa.string()), ("person_id", pa.int64())])

# The share of all rows each feed has.
SHARES = {
    "school_attendance": 0.40,
    "school_exclusions": 0.03,
    "police_notifications": 0.12,
    "health_events": 0.31,
    "housing_homelessness": 0.03,
    "youth_justice": 0.04,
    "adult_services": 0.07,
}
NHS_HELD = {"health_events": 0.92, "adult_services": 0.85, "youth_justice": 0.55, "police_notifications": 0.12}
UPN_HELD = {"school_attendance": 0.97, "school_exclusions": 0.97, "youth_justice": 0.35}


@dataclass(frozen=True)
class Noise:
    """How often each kind of noise is put into a partner's record of a person."""

    typo: float = 0.08
    nickname: float = 0.10
    known_as: float = 0.30  # uses the preferred name Kith has, where it has one
    swapped_names: float = 0.02
    previous_surname: float = 0.03
    old_address: float = 0.10
    unknown_address: float = 0.03
    missing_date_of_birth: float = 0.03
    mistyped_date_of_birth: float = 0.03
    missing_sex: float = 0.05
    missing_postcode: float = 0.04
    strangers: float = 0.05  # people Kith does not know, as a share of people in a feed
    bad_rows: float = 0.001


@dataclass
class Person:
    person_id: int
    given: str
    family: str
    preferred: str
    other: str
    born: date | None
    sex: str
    nhs: str
    upn: str
    postcodes: list[str]  # oldest first; the last is current
    is_child: bool = False
    risk: int = 0  # 0 no history with children's services, 1 some, 2 child protection or care
    children: list[int] = field(default_factory=list)  # person ids, for parents


@dataclass
class Summary:
    rows: dict[str, int]
    people: dict[str, int]
    strangers: dict[str, int]
    files: list[Path]
    truth: Path


# --- Reading the export ------------------------------------------------------------------------


def _read(directory: Path, table: str, columns: list[str]) -> list[dict[str, Any]]:
    return pq.read_table(export_path(directory, table), columns=columns).to_pylist()


def read_people(directory: Path) -> dict[int, Person]:
    """Kith's people from the export, with their address history, children and risk."""
    addresses: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for row in _read(directory, "addresses", ["person_id", "postcode", "starts_on"]):
        addresses[row["person_id"]].append((row["starts_on"], row["postcode"]))
    people: dict[int, Person] = {}
    columns = [
        "person_id",
        "given_name",
        "family_name",
        "preferred_name",
        "other_names",
        "date_of_birth",
        "sex",
        "nhs_number",
        "upn",
        "is_deceased",
    ]
    for row in _read(directory, "persons", columns):
        if row["is_deceased"]:
            continue
        pid = row["person_id"]
        people[pid] = Person(
            person_id=pid,
            given=row["given_name"] or "",
            family=row["family_name"] or "",
            preferred=row["preferred_name"] or "",
            other=row["other_names"] or "",
            born=row["date_of_birth"],
            sex=row["sex"] or "0",
            nhs=row["nhs_number"] or "",
            upn=row["upn"] or "",
            postcodes=[code for _, code in sorted(addresses.get(pid, []))],
        )
    child_of = {row["child_id"]: row["person_id"] for row in _read(directory, "children", ["child_id", "person_id"])}
    for pid in child_of.values():
        if pid in people:
            people[pid].is_child = True
    for row in _read(directory, "episodes", ["child_id", "stage"]):
        person = people.get(child_of.get(row["child_id"], -1))
        if person is not None:
            person.risk = max(person.risk, 2 if row["stage"] in ("cp", "lac", "s47") else 1)
    for row in _read(directory, "relationships", ["from_person_id", "to_person_id", "kind"]):
        parent, child = people.get(row["from_person_id"]), people.get(row["to_person_id"])
        if row["kind"] in ("parent", "step_parent") and parent and child and child.is_child:
            parent.children.append(child.person_id)
    for person in people.values():
        if person.children:
            person.risk = max(people[c].risk for c in person.children)
    return people


def age_on(born: date | None, today: date) -> int:
    if born is None:
        return -1
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


# --- Noise --------------------------------------------------------------------------------------


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]  # a letter dropped
    if kind == 1:
        return word[:i] + word[i] + word[i:]  # a letter doubled
    if kind == 2:
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]  # two letters swapped
    return word[:i] + rng.choice(LETTERS.lower()) + word[i + 1 :]  # a letter mistyped


def nickname(rng: random.Random, given: str) -> str:
    choices = NICKNAMES.get(given.upper())
    return rng.choice(choices).title() if choices else given


def nhs_number(n: int) -> str:
    """A valid NHS number in the 998 range, which the synthetic borough never uses."""
    body = f"998{n % 1_000_000:06d}"
    check = (11 - sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True)) % 11) % 11
    return body + str(check) if check != 10 else nhs_number(n + 1)


def postcode(rng: random.Random, area: str = "KB") -> str:
    return f"{area}{rng.randint(1, 14)} {rng.randint(1, 9)}{rng.choice(UNIT_LETTERS)}{rng.choice(UNIT_LETTERS)}"


def mistyped_date(rng: random.Random, born: date) -> date:
    if born.day <= 12 and born.day != born.month and rng.random() < 0.4:
        return born.replace(day=born.month, month=born.day)  # day and month the wrong way round
    shifted = born + timedelta(days=rng.choice((-1, 1, -10, 10, 365, -365)))
    return shifted


class Identities:
    """A partner's record of the people it knows: one noisy identity per person reference."""

    def __init__(self, rng: random.Random, noise: Noise, feed: Feed, today: date) -> None:
        self.rng = rng
        self.noise = noise
        self.feed = feed
        self.today = today
        self.prefix = "".join(word[0] for word in feed.name.split("_")).upper()
        self.serial = 0
        self.truth: list[tuple[str, str, int | None]] = []

    def _ref(self) -> str:
        self.serial += 1
        return f"{self.prefix}{self.serial:07d}"

    def of(self, person: Person) -> dict[str, Any]:
        rng, noise = self.rng, self.noise
        given, family = person.given, person.family
        if person.preferred and rng.random() < noise.known_as:
            given = person.preferred
        elif rng.random() < noise.nickname:
            given = nickname(rng, given)
        if person.other and rng.random() < noise.previous_surname:
            family = person.other.split()[0]
        if rng.random() < noise.typo:
            given = typo(rng, given)
        if rng.random() < noise.typo:
            family = typo(rng, family)
        if rng.random() < noise.swapped_names:
            given, family = family, given
        born = person.born
        if born and rng.random() < noise.missing_date_of_birth:
            born = None
        elif born and rng.random() < noise.mistyped_date_of_birth:
            born = mistyped_date(rng, born)
        codes = person.postcodes
        place = codes[-1] if codes else ""
        if len(codes) > 1 and rng.random() < noise.old_address:
            place = rng.choice(codes[:-1])
        elif rng.random() < noise.unknown_address:
            place = postcode(rng)
        if rng.random() < noise.missing_postcode:
            place = ""
        ref = self._ref()
        self.truth.append((self.feed.name, ref, person.person_id))
        return {
            "person_ref": ref,
            "given_name": given,
            "family_name": family,
            "date_of_birth": born,
            "sex": "" if rng.random() < noise.missing_sex else person.sex,
            "postcode": place,
            "nhs_number": person.nhs if rng.random() < NHS_HELD.get(self.feed.name, 0) else "",
            "upn": person.upn if rng.random() < UPN_HELD.get(self.feed.name, 0) else "",
        }

    def stranger(self, like: Person) -> dict[str, Any]:
        """Someone Kith does not know: a name made from Kith's names, born near `like`."""
        rng = self.rng
        born = (like.born or self.today - timedelta(days=3650)) + timedelta(days=rng.randint(-900, 900))
        namesake = rng.random() < 0.02  # the same name and date of birth, from another borough
        born = like.born if namesake and like.born else min(born, self.today - timedelta(days=1))
        ref = self._ref()
        self.truth.append((self.feed.name, ref, None))
        return {
            "person_ref": ref,
            "given_name": like.given,
            "family_name": like.family if namesake or rng.random() < 0.3 else typo(rng, like.family + "s"),
            "date_of_birth": born,
            "sex": like.sex,
            "postcode": postcode(rng, "KZ" if rng.random() < 0.7 else "KB"),
            "nhs_number": nhs_number(rng.randrange(1_000_000))
            if rng.random() < NHS_HELD.get(self.feed.name, 0)
            else "",
            "upn": "",
        }


# --- What each partner records ------------------------------------------------------------------

Event = dict[str, Any]


def _when(rng: random.Random, today: date, months: int = 30) -> date:
    return today - timedelta(days=rng.randint(1, months * 30))


def _term_ends(today: date) -> list[date]:
    ends = []
    for year in range(today.year - 3, today.year + 1):
        ends += [date(year, 4, 1), date(year, 7, 20), date(year, 12, 18)]
    return [d for d in ends if d < today][-8:]


def attendance(rng: random.Random, person: Person, today: date) -> Iterator[Event]:
    school = _school(rng, person, today)
    persistent = rng.random() < (0.08, 0.25, 0.45)[person.risk]
    sen = rng.choices(("N", "K", "E"), weights=(83, 13, 4))[0]
    carer = rng.random() < 0.01 * (1 + person.risk)
    for ends in _term_ends(today):
        if not 5 <= age_on(person.born, ends) <= 16:
            continue
        possible = rng.randint(110, 140)
        rate = rng.uniform(0.55, 0.89) if persistent and rng.random() < 0.7 else rng.uniform(0.91, 1.0)
        yield school | {
            "term_ends_on": ends,
            "sessions_possible": possible,
            "sessions_missed": int(possible * (1 - rate)),
            "sen_provision": sen,
            "young_carer": carer,
        }


def _school(rng: random.Random, person: Person, today: date) -> Event:
    number = int(person.upn[4:8]) if len(person.upn) == 13 and person.upn[4:8].isdigit() else rng.randint(2001, 2040)
    kind = "Primary School" if age_on(person.born, today) < 11 else "Academy"
    return {"school_urn": f"1{number:05d}", "school_name": f"{SCHOOL_NAMES[number % len(SCHOOL_NAMES)]} {kind}"}


def exclusions(rng: random.Random, person: Person, today: date) -> Iterator[Event]:
    school = _school(rng, person, today)
    for _ in range(max(1, round(rng.expovariate(1 / 1.6)))):
        permanent = rng.random() < 0.04
        yield school | {
            "starts_on": _when(rng, today, 40),
            "exclusion_type": "permanent" if permanent else "suspension",
            "days": 0 if permanent else rng.randint(1, 5),
            "reason": rng.choices(
                ("DB", "PA", "PP", "VA", "VP", "BU", "DA", "DM", "OT"), (35, 8, 15, 12, 8, 6, 5, 4, 7)
            )[0],
        }


def police(rng: random.Random, person: Person, today: date) -> Iterator[Event]:
    age = age_on(person.born, today)
    for _ in range(max(1, round(rng.expovariate(1 / 2.2)))):
        if person.is_child and age >= 11 and rng.random() < 0.35:
            kind, role = "missing_episode", "missing_person"
        elif person.is_child and age >= 12 and rng.random() < 0.25:
            kind, role = "arrest", "arrested"
        elif person.is_child:
            kind, role = "domestic_abuse", "child_in_household"
        elif rng.random() < 0.2:
            kind, role = "arrest", "arrested"
        else:
            kind, role = "domestic_abuse", rng.choice(("victim", "victim", "perpetrator"))
        outcome = ""
        if kind == "arrest":
            outcome = rng.choices(
                ("no_further_action", "released_under_investigation", "charged", "remanded", "custody"),
                (40, 25, 20, 8, 7),
            )[0]
        yield {
            "notification_type": kind,
            "occurred_on": _when(rng, today),
            "role": role,
            "offence": rng.choice(("theft", "assault", "criminal damage", "possession of drugs"))
            if kind == "arrest"
            else "",
            "outcome": outcome,
            "exploitation_concern": kind == "missing_episode" and rng.random() < 0.2,
        }


def health(rng: random.Random, person: Person, today: date) -> Iterator[Event]:
    age = age_on(person.born, today)
    for _ in range(max(1, round(rng.expovariate(1 / 2.5)))):
        if person.is_child and age <= 4 and rng.random() < 0.6:
            concern = rng.choices(
                (
                    "",
                    "missed_contacts",
                    "parental_mental_health",
                    "parental_substance_misuse",
                    "domestic_abuse_disclosed",
                    "obesity",
                ),
                (70, 10, 8, 4, 4, 4),
            )[0]
            yield {"event_type": "health_visiting", "event_on": _when(rng, today), "concern": concern}
        elif not person.is_child and person.sex == "2" and age < 45 and rng.random() < 0.2:
            yield {
                "event_type": "maternity_booking",
                "event_on": _when(rng, today),
                "concern": rng.choice(("", "", "smoking")),
            }
        elif person.is_child and person.sex == "2" and 15 <= age <= 17 and rng.random() < 0.05:
            yield {"event_type": "maternity_booking", "event_on": _when(rng, today), "concern": ""}
        else:
            weights = (55, 20, 6 * (person.risk + 1), 5 * (person.risk + 1), 6, 4, 3, 6)
            concern = rng.choices(
                ("", "injury", "self_harm", "alcohol_or_drugs", "assault", "obesity", "smoking", "long_term_condition"),
                weights,
            )[0]
            if person.is_child and age < 11 and concern in ("self_harm", "alcohol_or_drugs", "smoking"):
                concern = "injury"
            yield {"event_type": "ed_attendance", "event_on": _when(rng, today), "concern": concern}


def housing(rng: random.Random, person: Person, today: date) -> Iterator[Event]:
    for _ in range(max(1, round(rng.expovariate(1 / 1.3)))):
        yield {
            "approached_on": _when(rng, today),
            "duty": rng.choices(("prevention", "relief", "main_duty", "none"), (45, 30, 15, 10))[0],
            "household_has_children": not person.is_child,
            "temporary_accommodation": rng.random() < 0.3,
        }


def youth_justice(rng: random.Random, person: Person, today: date) -> Iterator[Event]:
    for _ in range(max(1, round(rng.expovariate(1 / 2.0)))):
        gravity = rng.choices(range(1, 9), (10, 30, 25, 15, 10, 6, 3, 1))[0]
        disposal = (
            "custody"
            if gravity >= 7 and rng.random() < 0.3
            else rng.choice(("community_resolution", "caution", "referral_order", "youth_rehabilitation_order"))
        )
        yield {
            "outcome_on": _when(rng, today, 40),
            "offence_category": rng.choice(
                ("theft and handling", "violence against the person", "criminal damage", "drugs", "public order")
            ),
            "gravity": gravity,
            "disposal": disposal,
            "exploitation_concern": rng.random() < 0.15,
        }


def adult_services(rng: random.Random, person: Person, today: date) -> Iterator[Event]:
    for _ in range(max(1, round(rng.expovariate(1 / 1.8)))):
        starts = _when(rng, today)
        ends = starts + timedelta(days=rng.randint(30, 400)) if rng.random() < 0.5 else None
        yield {
            "service": rng.choices(("mental_health", "substance_misuse", "alcohol"), (60, 25, 15))[0],
            "starts_on": starts,
            "ends_on": ends if ends is None or ends < today else None,
        }


Generator = Callable[[random.Random, Person, date], Iterator[Event]]
# Who each partner knows: (generator, who is eligible, how much a social care history weighs).
PARTNERS: dict[str, tuple[Generator, Callable[[Person, date], bool], tuple[float, float, float]]] = {
    "school_attendance": (attendance, lambda p, t: p.is_child and 5 <= age_on(p.born, t) <= 17, (1, 1, 1)),
    "school_exclusions": (exclusions, lambda p, t: p.is_child and 6 <= age_on(p.born, t) <= 16, (1, 4, 8)),
    "police_notifications": (
        police,
        lambda p, t: age_on(p.born, t) >= 0 and (p.is_child or bool(p.children)),
        (1, 5, 12),
    ),
    "health_events": (health, lambda p, t: age_on(p.born, t) >= 0 and (p.is_child or bool(p.children)), (1, 2, 3)),
    "housing_homelessness": (
        housing,
        lambda p, t: (p.is_child and 16 <= age_on(p.born, t) <= 17) or bool(p.children),
        (1, 5, 10),
    ),
    "youth_justice": (youth_justice, lambda p, t: p.is_child and 10 <= age_on(p.born, t) <= 17, (1, 5, 12)),
    "adult_services": (adult_services, lambda p, t: bool(p.children) and age_on(p.born, t) >= 18, (1, 5, 10)),
}


# --- Putting it together ------------------------------------------------------------------------


def _in_turn(rng: random.Random, pool: list[Person], weights: tuple[float, float, float]) -> list[Person]:
    """The pool in the order a partner meets them: a weighted random order without repeats, in
    which those with a social care history come earlier (Efraimidis and Spirakis's method)."""
    return sorted(pool, key=lambda p: (rng.random() ** (1 / weights[p.risk]), -p.person_id), reverse=True)


def _bad(rng: random.Random, feed: Feed, row: dict[str, Any]) -> None:
    """Spoil one value so the row is quarantined."""
    column = rng.choice(
        [c for c in feed.columns if c.kind in ("date", "code", "nhs_number", "int") and c.required]
        or list(feed.columns)
    )
    row[column.name] = {"date": "2025-02-30", "int": "lots", "nhs_number": "1234567890"}.get(column.kind, "UNKNOWN")


def generate(
    export_dir: Path,
    out_dir: Path,
    *,
    rows: int,
    seed: int,
    today: date,
    file_format: str = "csv",
    noise: Noise | None = None,
    truth_path: Path | None = None,
) -> Summary:
    """Write one file per feed (`<feed>.csv` or `.parquet`) into `out_dir`, and the true links to
    `truth_path` (`truth.parquet` in `out_dir` unless given)."""
    noise = noise or Noise()
    people = read_people(export_dir)
    ordered = [people[pid] for pid in sorted(people)]
    out_dir.mkdir(parents=True, exist_ok=True)
    truth: list[tuple[str, str, int | None]] = []
    summary = Summary(rows={}, people={}, strangers={}, files=[], truth=truth_path or out_dir / "truth.parquet")
    for index, feed in enumerate(FEEDS):
        rng = random.Random(seed * 1009 + index)
        make, eligible, weights = PARTNERS[feed.name]
        share = SHARES[feed.name]
        pool = [p for p in ordered if eligible(p, today)]
        budget = max(1, round(rows * share))
        identities = Identities(rng, noise, feed, today)
        table: list[dict[str, Any]] = []
        strangers = chosen = 0
        for person in _in_turn(rng, pool, weights):
            if len(table) >= budget:
                break
            chosen += 1
            subjects = [identities.of(person)]
            if rng.random() < noise.strangers:
                subjects.append(identities.stranger(person))
                strangers += 1
            for subject in subjects:
                table += [subject | event for event in make(rng, person, today)]
        for n, row in enumerate(table):
            row["record_id"] = f"{identities.prefix}R{n + 1:08d}"
            if rng.random() < noise.bad_rows:
                _bad(rng, feed, row)
        path = out_dir / f"{feed.name}.{file_format}"
        _write(feed, table, path)
        truth += identities.truth
        summary.rows[feed.name] = len(table)
        summary.people[feed.name] = chosen
        summary.strangers[feed.name] = strangers
        summary.files.append(path)
    pq.write_table(
        pa.Table.from_pylist([{"feed": f, "person_ref": r, "person_id": p} for f, r, p in truth], schema=TRUTH_SCHEMA),
        summary.truth,
    )
    return summary


def _write(feed: Feed, table: list[dict[str, Any]], path: Path) -> None:
    """CSV files carry text as partners send it; Parquet files carry typed columns (a spoiled
    value that cannot be typed is written as a null, so the row fails a different check)."""
    if path.suffix == ".csv":
        columns = {
            c.name: pa.array(["" if row.get(c.name) is None else _text(row.get(c.name)) for row in table], pa.string())
            for c in feed.columns
        }
        pacsv.write_csv(pa.table(columns), path)
        return
    columns = {}
    for c in feed.columns:
        kind = ARROW_TYPES[c.kind]
        values = [row.get(c.name) for row in table]
        values = [v if _fits(v, kind) else None for v in values]
        columns[c.name] = pa.array([None if v == "" else v for v in values], kind)
    pq.write_table(pa.table(columns), path)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _fits(value: Any, kind: pa.DataType) -> bool:
    if value is None or value == "":
        return True
    if kind == pa.date32():
        return isinstance(value, date)
    if kind == pa.int64():
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == pa.bool_():
        return isinstance(value, bool)
    return isinstance(value, str)


# --- Measuring linkage against the truth ---------------------------------------------------------


@dataclass(frozen=True)
class LinkageScore:
    """Linkage measured against the known truth, over the partner person references the
    pipeline saw (after quarantine and retention): a person reference counts once."""

    subjects: int
    with_true_person: int
    linked: int
    linked_correctly: int
    in_review: int
    in_review_with_true_candidate: int

    @property
    def precision(self) -> float:
        return self.linked_correctly / self.linked if self.linked else 1.0

    @property
    def recall(self) -> float:
        return self.linked_correctly / self.with_true_person if self.with_true_person else 1.0


def score_links(truth: pa.Table, links: pa.Table, subjects: pa.Table) -> LinkageScore:
    true_person = {(r["feed"], r["person_ref"]): r["person_id"] for r in truth.to_pylist()}
    seen = [(r["feed"], r["person_ref"]) for r in subjects.select(["feed", "person_ref"]).to_pylist()]
    linked: dict[tuple[str, str], int] = {}
    review: dict[tuple[str, str], set[int]] = defaultdict(set)
    for row in links.select(["feed", "person_ref", "person_id", "status"]).to_pylist():
        key = (row["feed"], row["person_ref"])
        if row["status"] == "linked":
            linked[key] = row["person_id"]
        else:
            review[key].add(row["person_id"])
    return LinkageScore(
        subjects=len(seen),
        with_true_person=sum(1 for key in seen if true_person.get(key) is not None),
        linked=sum(1 for key in seen if key in linked),
        linked_correctly=sum(1 for key in seen if key in linked and linked[key] == true_person.get(key)),
        in_review=sum(1 for key in seen if key in review),
        in_review_with_true_candidate=sum(1 for key in seen if true_person.get(key) in review.get(key, set())),
    )
