"""The borough's generator: shared randomness, ids and people, a chunk of families at a time."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from kith.demo import names
from kith.demo.borough import postcodes
from kith.demo.borough.catalogue import DISABILITIES, FAMILY_STATES
from kith.demo.borough.families import Family
from kith.demo.borough.identifiers import Ids, nhs_number_for, upn_for
from kith.demo.borough.rows import Chunk, PersonRow
from kith.demo.borough.staff import plan_staff
from kith.demo.names import Heritage
from kith.people.rules import age_on, normalise_name, phonetic_key

T = TypeVar("T")


def _weights(pairs: Sequence[tuple[T, float]]) -> tuple[list[T], list[float]]:
    values = [v for v, _ in pairs]
    cumulative: list[float] = []
    total = 0.0
    for _, weight in pairs:
        total += weight
        cumulative.append(total)
    return values, cumulative


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
        # The family network (twins, partnerships, ties, ecomap, network members) draws from its
        # own stream, so adding to it never reshuffles the families and journeys already generated.
        self.network_rng = random.Random(seed * 7919 + 1)
        # Assessments, plans, meetings, explanations, oversight and supervision (practice.py) draw
        # from a third stream, for the same reason.
        self.practice_rng = random.Random(seed * 104729 + 3)
        # What only the statutory returns need (care.py, and the primary need of stages before a
        # plan) draws from a fourth.
        self.returns_rng = random.Random(seed * 1299709 + 5)
        self.ids = Ids(first_ids)
        self.stamp = datetime.combine(today, time(9, 0), tzinfo=UTC)
        self.la_code = la_code
        self.schools = [2001 + n for n in range(max(2, children // 2500))]
        self.upn_serials: dict[tuple[int, int], int] = {}
        self.heritages, self.heritage_cum = _weights([(h, h.weight) for h in names.HERITAGES])
        self.states, self.state_cum = _weights(FAMILY_STATES)
        self.staff = plan_staff(self, service_ids)
        self.loads = {pid: 0 for ids in self.staff.practitioners.values() for pid in ids}

    # --- helpers ---------------------------------------------------------------------------

    def pick(self, values: Sequence[T], cumulative: Sequence[float]) -> T:
        return self.rng.choices(values, cum_weights=cumulative)[0]

    def pick_code(self, pairs: Sequence[tuple[str, float]], rng: random.Random | None = None) -> str:
        return (rng or self.rng).choices([c for c, _ in pairs], weights=[w for _, w in pairs])[0]

    def days_ago(self, lo: int, hi: int) -> date:
        return self.today - timedelta(days=self.rng.randint(lo, hi))

    def between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def postcode(self, *, elsewhere: bool = False) -> str:
        """A real postcode in the borough (or, `elsewhere`, in another council's area): the
        SSDA903's validator finds the placement's council and distance from home by it."""
        # Four draws, as the made-up postcodes this replaced took, so the rest of the borough
        # (drawn from the same stream) is what it was.
        rng, letters = self.rng, names.POSTCODE_UNIT_LETTERS
        draws = (rng.randint(1, 14), rng.randint(1, 9), letters.index(rng.choice(letters)), rng.choice(letters))
        n = ((draws[0] * 9 + draws[1]) * len(letters) + draws[2]) * len(letters) + letters.index(draws[3])
        choices = postcodes.ELSEWHERE if elsewhere else postcodes.HOME
        return choices[n % len(choices)]

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
