"""One family: the mother, fathers, children and wider network, and how they are related."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from kith.demo.borough.catalogue import FAMILY_SIZES, YEAR
from kith.demo.borough.home import Home
from kith.demo.borough.journey import Journey
from kith.demo.borough.network import Network
from kith.demo.borough.practice import Practice
from kith.demo.borough.rows import Chunk, PersonRow, RelationshipRow
from kith.people.rules import normalise_name, phonetic_key

if TYPE_CHECKING:
    from kith.demo.borough.generator import Borough


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
        self.first_relationship = len(chunk.relationships)
        self.first_address = len(chunk.addresses)

    def build(self) -> int:
        self._people()
        self._relationships()
        Home(self).build()
        Journey(self).build()
        Network(self).build()
        Practice(self).build()
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
        self._fathers(size, mother_born, eldest)
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
            # About one birth in seventy is twins.
            dobs.append(dobs[-1] + timedelta(days=0 if self.b.network_rng.random() < 0.014 else gap))
        return dobs

    def _fathers(self, size: int, mother_born: date, eldest: date) -> None:
        rng = self.rng
        shape = rng.random()
        count = 0 if shape < 0.12 else (2 if shape < 0.32 and size >= 2 else 1)
        self.split = rng.randint(1, size - 1) if count == 2 else size
        for _ in range(count):
            heritage = (
                self.mother_heritage if rng.random() < 0.8 else self.b.pick(self.b.heritages, self.b.heritage_cum)
            )
            # A father is at least 16 when the eldest child is born.
            born = min(
                mother_born + timedelta(days=rng.randint(-3 * YEAR, 8 * YEAR)), eldest - timedelta(days=16 * YEAR)
            )
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
                parent.is_deceased = True

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
    ) -> RelationshipRow:
        row = RelationshipRow(
            self.b.ids.take("relationship"), source.id, target.id, kind, nature, pr, trusted, starts_on, ends_on
        )
        self.chunk.relationships.append(row)
        return row

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
                row = self.relate(older.person, younger.person, kind)
                born = older.person.date_of_birth
                if born is not None and born == younger.person.date_of_birth and kind == "sibling":
                    same_sex = older.person.sex == younger.person.sex
                    row.twin = "identical" if same_sex and self.b.network_rng.random() < 0.3 else "twin"
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
            row = self.relate(self.mother, father, "partner", "social", starts_on=starts, ends_on=ends)
            row.partnership_status = self._partnership_status(current=ends is None)
            if ends is not None and self.b.network_rng.random() < 0.35:
                # Ties between former partners: the picture a practitioner draws with the family.
                row.emotional_tie = self.b.network_rng.choice(("hostile", "conflicted", "cut_off", "abusive"))
                row.tie_direction = "to_from" if row.emotional_tie == "abusive" else "both"
        if len(self.fathers) == 2:
            legal = self.rng.random() < 0.15
            starts = self.partner_dates[1][0]
            for kid in self.kids[: self.split]:
                nature = "legal" if legal else "social"
                self.relate(self.fathers[1], kid.person, "step_parent", nature, pr=legal, starts_on=starts)

    def _partnership_status(self, *, current: bool) -> str:
        rng = self.b.network_rng
        if current:
            return "married" if self.is_married else rng.choice(("cohabiting", "cohabiting", "dating"))
        return "divorced" if rng.random() < 0.3 else "separated"

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
        # Families often know a grandparent's age only roughly.
        grandparent.date_of_birth_accuracy = self.b.network_rng.choice(("exact", "year", "about", "about"))
        grandparent.is_deceased = grandparent.date_of_death is not None
        link = self.relate(grandparent, parent, "parent", starts_on=parent.date_of_birth)
        if self.b.network_rng.random() < 0.3:
            link.emotional_tie = self.b.network_rng.choice(("close", "close", "distant", "conflicted"))
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
