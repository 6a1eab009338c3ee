"""The family's wider world: the ecomap's connections, the support network and genogram reviews."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from kith.demo import names
from kith.demo.borough.catalogue import YEAR
from kith.demo.borough.rows import ChildRow, ConnectionRow, GenogramReviewRow, NetworkMemberRow
from kith.people.rules import age_on

if TYPE_CHECKING:
    from kith.demo.borough.families import Family, Kid

SCHOOL_KINDS = ("Primary School", "Primary Academy", "Church of England Primary School")
SECONDARY_KINDS = ("Academy", "High School", "School")
CLUBS = ("Saturday football club", "Youth club", "Scouts", "Dance class", "Boxing club", "Drama group")
FAITH = ("St Mark's Church", "Kithborough Mosque", "Gurdwara", "Kingdom Hall", "Community church")


class Network:
    """Connections, network members and genogram reviews for each child of one family."""

    def __init__(self, family: Family) -> None:
        self.f = family
        self.b = family.b
        self.rng = family.b.network_rng
        self.chunk = family.chunk

    def build(self) -> None:
        records = {row.id: row for row in self.chunk.children[-len(self.f.kids) :]}
        self.mine = self.chunk.relationships[self.f.first_relationship :]
        troubled = any(r.emotional_tie in ("hostile", "abusive") for r in self.mine)
        for kid in self.f.kids:
            record = records.get(kid.child_id)
            if record is None or kid.unborn:
                continue
            self._connections(kid, troubled)
            self._members(kid)
            if record.is_open and record.lead_practitioner_id is not None and self.rng.random() < 0.6:
                self._review(kid, record)

    def _days_ago(self, lo: int, hi: int) -> date:
        return self.b.today - timedelta(days=self.rng.randint(lo, hi))

    def _street_word(self) -> str:
        return self.rng.choice(names.STREETS).split()[0]

    def _connect(self, kid: Kid, kind: str, name: str, strength: str, flow: str, detail: str = "") -> None:
        since = self._days_ago(60, 6 * YEAR)
        row = ConnectionRow(
            self.b.ids.take("connection"), kid.child_id, kind, name, None, detail, strength, flow, since, None
        )
        self.chunk.connections.append(row)

    def _connections(self, kid: Kid, troubled: bool) -> None:
        rng = self.rng
        born = kid.person.date_of_birth
        age = age_on(born, self.b.today) if born else 0
        self._connect(
            kid, "gp", f"{self._street_word()} Medical Centre", rng.choice(("tenuous", "strong")), "to_centre"
        )
        if age < 5:
            self._connect(kid, "health_visitor", "Health visiting team", "strong", "to_centre")
        if 4 <= age < 11:
            school = f"{self._street_word()} {rng.choice(SCHOOL_KINDS)}"
            self._connect(
                kid,
                "school",
                school,
                rng.choice(("strong", "strong", "tenuous", "stressful")),
                "to_centre",
                f"Year {age - 4}",
            )
        elif 11 <= age < 16:
            school = f"Kithborough {self._street_word()} {rng.choice(SECONDARY_KINDS)}"
            self._connect(
                kid, "school", school, rng.choice(("strong", "tenuous", "stressful")), "both", f"Year {age - 4}"
            )
        elif age >= 16:
            self._connect(kid, "work", "Kithborough College", rng.choice(("strong", "tenuous")), "to_centre")
        if age >= 7 and rng.random() < 0.25:
            self._connect(kid, "youth_club", rng.choice(CLUBS), "strong", "both")
        if rng.random() < 0.1:
            self._connect(kid, "faith_group", rng.choice(FAITH), rng.choice(("strong", "tenuous")), "to_centre")
        if troubled and rng.random() < 0.6:
            self._connect(kid, "police", "Police: domestic abuse team", "stressful", "none")

    def _members(self, kid: Kid) -> None:
        """Trusted adults in the wider family are asked to join the network; some are still to be found."""
        b, rng = self.b, self.rng
        trusted = {
            r.from_person_id
            for r in self.chunk.relationships[-60:]
            if r.to_person_id == kid.person.id and r.is_trusted_adult
        }
        for person in self.f.wider:
            if person.id not in trusted:
                continue
            status = rng.choice(("agreed", "agreed", "asked", "to_ask"))
            asked = self._days_ago(5, 300) if status in ("agreed", "asked") else None
            role = rng.choice(("support", "safety", "both"))
            self.chunk.network_members.append(
                NetworkMemberRow(
                    b.ids.take("network_member"),
                    kid.child_id,
                    person.id,
                    "",
                    role,
                    "Picks the children up from school and has them to stay at weekends."
                    if role != "safety"
                    else "Checks in every evening and is someone the children can call.",
                    status,
                    rng.random() < 0.5,
                    f"07700 9{rng.randint(0, 99999):05d}",
                    "",
                    "",
                    asked,
                    asked or self._days_ago(5, 300),
                    None,
                )
            )
        if not self.f.fathers or rng.random() < 0.15:
            self.chunk.network_members.append(
                NetworkMemberRow(
                    b.ids.take("network_member"),
                    kid.child_id,
                    None,
                    "Father's side of the family",
                    "support",
                    "",
                    "to_find",
                    False,
                    "",
                    "",
                    "",
                    None,
                    self._days_ago(5, 200),
                    None,
                )
            )

    def _review(self, kid: Kid, record: ChildRow) -> None:
        b, rng = self.b, self.rng
        reviewed = self._days_ago(3, 320)
        siblings = len([k for k in self.f.kids if not k.unborn]) > 1
        self.chunk.genogram_reviews.append(
            GenogramReviewRow(
                b.ids.take("genogram_review"),
                kid.child_id,
                reviewed,
                record.lead_practitioner_id or 0,
                True,
                bool(self.f.fathers) or rng.random() < 0.5,
                not siblings,
                "Went through the genogram with the family.",
                b.stamp - timedelta(days=(b.today - reviewed).days),
            )
        )
