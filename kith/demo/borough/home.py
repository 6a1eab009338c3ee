"""The family's home: its household over time and everyone's address history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from kith.demo import names
from kith.demo.borough.catalogue import YEAR
from kith.demo.borough.rows import AddressRow, HouseholdMemberRow, HouseholdRow, PersonRow

if TYPE_CHECKING:
    from kith.demo.borough.families import Family


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
