"""What the SSDA903 return needs about a looked-after child that the journey does not record.

The journey writes the looked-after episode, its legal statuses and its placements; the return
also needs, for each of its rows (a new row on every change of legal status or placement, as
`kith.returns.rules.care_rows` splits them), the placement provider and the Ofsted URN of the
provision, and why the placement changed; why care ended; the child's OC2 outcomes when they
have been looked after since the start of the collection year; and whether they had a
permanence order before. These rows are kith.returns' models (`CareEpisodeDetail`,
`CareEnding`, `HealthOutcome`, `PreviousPermanence`).

They draw from the borough's own stream for the returns, so adding to them never reshuffles the
families, journeys and practice already generated.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from kith.demo.borough import postcodes
from kith.demo.borough.rows import (
    CareEndingRow,
    CareEpisodeDetailRow,
    Chunk,
    EpisodeRow,
    HealthOutcomeRow,
    PersonRow,
    PlacedForAdoptionRow,
    PlacementRow,
    PreviousPermanenceRow,
)
from kith.people.rules import age_on
from kith.returns import rules as returns_rules

if TYPE_CHECKING:
    from kith.demo.borough.generator import Borough

# Who provides each kind of placement (SSDA903 PLACE_PROVIDER), with weights. Temporary
# placements (T0) carry no provider.
PROVIDERS: dict[str, tuple[tuple[str, float], ...]] = {
    "P1": (("PR0", 1),),
    "U1": (("PR1", 1),),
    "U2": (("PR1", 1),),
    "U3": (("PR1", 1),),
    "U4": (("PR1", 60), ("PR4", 32), ("PR5", 8)),
    "U5": (("PR1", 60), ("PR4", 32), ("PR5", 8)),
    "U6": (("PR1", 60), ("PR4", 32), ("PR5", 8)),
    "A3": (("PR1", 1),),
    "A4": (("PR1", 1),),
    "A5": (("PR1", 1),),
    "A6": (("PR1", 1),),
    "K1": (("PR1", 40), ("PR2", 60)),
    "K2": (("PR4", 75), ("PR1", 15), ("PR5", 10)),
    "R1": (("PR4", 1),),
    "R3": (("PR4", 1),),
    "S1": (("PR4", 70), ("PR5", 30)),
}
# Placements with no Ofsted-registered provision, so no URN (the DfE's list, rule 218).
NO_URN = frozenset({"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"})
# Synthetic Ofsted URNs (eight characters, as Ofsted writes them) for the providers the borough uses:
# its own fostering and adoption services, and a few homes and agencies of each kind.
OWN_FOSTERING = "SC900001"
OWN_ADOPTION = "SC900002"
PROVISION_URNS: dict[str, tuple[str, ...]] = {
    "PR1": tuple(f"SC9001{n:02d}" for n in range(6)),
    "PR2": tuple(f"SC9002{n:02d}" for n in range(8)),
    "PR4": tuple(f"SC9004{n:02d}" for n in range(40)),
    "PR5": tuple(f"SC9005{n:02d}" for n in range(12)),
}
AGENCY_URNS: dict[str, tuple[str, ...]] = {
    "PR4": tuple(f"SC9014{n:02d}" for n in range(12)),
    "PR5": tuple(f"SC9015{n:02d}" for n in range(4)),
}
# Why a placement changed (SSDA903 REASON_PLACE_CHANGE), with weights.
PLACE_CHANGE_REASONS = (
    ("CARPL", 40),
    ("CREQB", 12),
    ("CREQO", 10),
    ("LAREQ", 10),
    ("CHILD", 8),
    ("STAND", 4),
    ("CLOSE", 4),
    ("ALLEG", 3),
    ("APPRR", 2),
    ("OTHER", 7),
)
# Why care ended (SSDA903 REC): for a child under 17, and for one who left care at 17 or over.
ENDINGS_YOUNGER = (
    ("E4A", 38),
    ("E4B", 4),
    ("E13", 8),
    ("E41", 10),
    ("E45", 6),
    ("E46", 4),
    ("E47", 12),
    ("E48", 6),
    ("E8", 2),
)
ENDINGS_OLDER = (("E5", 40), ("E6", 8), ("E17", 22), ("E4A", 15), ("E13", 5), ("E8", 10))
# Why no SDQ score (SDQ1, "under 4 or over 17", never applies to the children who are scored).
SDQ_REASONS = ("SDQ2", "SDQ3", "SDQ4", "SDQ5")
# Foster placements: the only ones a child can leave care from to stay with their former foster
# carers (E45, E46: rule 516), and those own provision may be outside the borough for (1015).
FOSTERING = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
ADOPTION = frozenset({"A3", "A4", "A5", "A6"})
PLACED_CEASED_REASONS = (("RD1", 30), ("RD2", 10), ("RD3", 25), ("RD4", 35))


class Care:
    """The SSDA903 rows for one looked-after episode of one child."""

    def __init__(self, borough: Borough, chunk: Chunk, person: PersonRow, child_id: int) -> None:
        self.b = borough
        self.rng = borough.returns_rng
        self.chunk = chunk
        self.person = person
        self.child_id = child_id

    def pick(self, pairs: Sequence[tuple[str, float]]) -> str:
        return self.rng.choices([c for c, _ in pairs], weights=[w for _, w in pairs])[0]

    def record(
        self, episode: EpisodeRow, statuses: list[tuple[str, date, date | None]], placements: list[PlacementRow]
    ) -> None:
        rows = returns_rules.care_rows(
            starts_on=episode.starts_on,
            ends_on=episode.ends_on,
            legal_statuses=statuses,
            placements=[(p.placement_type, p.starts_on, p.ends_on, p.postcode) for p in placements],
        )
        provision = {p.starts_on: self._provision(p) for p in placements}
        for n, row in enumerate(rows):
            placed = max((on for on in provision if on <= row.starts_on), default=None)
            provider, urn = provision[placed] if placed is not None else ("", "")
            following = rows[n + 1] if n + 1 < len(rows) else None
            moved = following is not None and following.reason_new in ("P", "B", "T")
            temporary = "T0" in (row.placement, following.placement if following else "")
            self.chunk.care_details.append(
                CareEpisodeDetailRow(
                    id=self.b.ids.take("care_detail"),
                    episode_id=episode.id,
                    starts_on=row.starts_on,
                    reason_new_episode="",
                    place_provider=provider,
                    reason_place_change=self.pick(PLACE_CHANGE_REASONS) if moved and not temporary else "",
                    home_postcode="",
                    urn=urn,
                )
            )
        if episode.ends_on is not None:
            self._ending(episode, placements[-1].placement_type if placements else "")
        self._placed_for_adoption(episode, statuses)
        self._previous_permanence(episode)
        self._health(episode)

    def _provision(self, placement: PlacementRow) -> tuple[str, str]:
        """The provider and Ofsted URN of a placement."""
        kind = placement.placement_type
        pairs = PROVIDERS.get(kind)
        provider = self.pick(pairs) if pairs else ""
        if provider == "PR1" and kind not in FOSTERING | ADOPTION and placement.postcode not in postcodes.HOME:
            # The council's own homes are in the borough: a home elsewhere is another council's.
            provider = "PR2"
        if kind in NO_URN or not provider:
            return provider, ""
        if kind.startswith("A"):
            return provider, OWN_ADOPTION
        if kind.startswith("U"):
            if provider == "PR1":
                return provider, OWN_FOSTERING
            return provider, self.rng.choice(AGENCY_URNS.get(provider) or PROVISION_URNS[provider])
        return provider, self.rng.choice(PROVISION_URNS[provider])

    def _ending(self, episode: EpisodeRow, last_placement: str) -> None:
        assert episode.ends_on is not None
        born = self.person.date_of_birth
        older = born is not None and age_on(born, episode.ends_on) >= 17
        reason = self.pick(ENDINGS_OLDER if older else ENDINGS_YOUNGER)
        if reason in ("E45", "E46") and last_placement not in FOSTERING:
            reason = "E4A"  # staying with former foster carers needs a foster placement to leave (516)
        self.chunk.care_endings.append(CareEndingRow(self.b.ids.take("care_ending"), episode.id, reason))

    def _placed_for_adoption(self, episode: EpisodeRow, statuses: list[tuple[str, date, date | None]]) -> None:
        """A placement order (E1) follows the agency's decision that the child should be placed
        for adoption (rules 553, 551); a child who leaves care without being adopted has that
        decision reversed (557). The borough's children are never adopted (no E11 or E12)."""
        order_from = next((on for status, on, _ in statuses if status == "E1"), None)
        if order_from is None:
            return
        decided = max(episode.starts_on, order_from - timedelta(days=self.rng.randint(20, 120)))
        ceased = episode.ends_on
        self.chunk.placed_for_adoption.append(
            PlacedForAdoptionRow(
                id=self.b.ids.take("placed_for_adoption"),
                child_id=self.child_id,
                decided_on=decided,
                ceased_on=ceased,
                reason_ceased=self.pick(PLACED_CEASED_REASONS) if ceased is not None else "",
            )
        )

    def _previous_permanence(self, episode: EpisodeRow) -> None:
        """Most children had no permanence order before care; a few had a special guardianship or
        child arrangements order that broke down."""
        roll = self.rng.random()
        born = self.person.date_of_birth
        if roll >= 0.06 or born is None or (episode.starts_on - born).days < 400:
            self.chunk.previous_permanences.append(
                PreviousPermanenceRow(self.b.ids.take("previous_permanence"), self.child_id, "Z1", "", "")
            )
            return
        on = born + timedelta(days=self.rng.randint(180, (episode.starts_on - born).days - 90))
        self.chunk.previous_permanences.append(
            PreviousPermanenceRow(
                self.b.ids.take("previous_permanence"),
                self.child_id,
                "P2" if roll < 0.04 else "P3",
                self.b.la_code,
                on.strftime("%d/%m/%Y"),
            )
        )

    def _health(self, episode: EpisodeRow) -> None:
        """OC2, for a child looked after since the start of the current collection year."""
        year = returns_rules.current_collection_year(self.b.today)
        period = returns_rules.collection_period(year)
        born = self.person.date_of_birth
        if episode.ends_on is not None or episode.starts_on > period.start or born is None:
            return
        rng = self.rng
        age = age_on(born, period.end)
        scored = 4 <= age <= 17
        score = rng.randint(2, 32) if scored and rng.random() < 0.85 else None
        misuse = age >= 10 and rng.random() < 0.06
        # Whether an intervention was offered is asked only when none was received (rule 158).
        received = rng.random() < 0.6 if misuse else None
        self.chunk.health_outcomes.append(
            HealthOutcomeRow(
                id=self.b.ids.take("health_outcome"),
                child_id=self.child_id,
                collection_year=year,
                sdq_score=score,
                sdq_reason=rng.choice(SDQ_REASONS) if scored and score is None else "",
                convicted=rng.random() < 0.03 if age >= 10 else None,
                health_check=rng.random() < 0.9 if age < 5 else None,
                immunisations=rng.random() < 0.88,
                teeth_check=rng.random() < 0.8,
                health_assessment=rng.random() < 0.9,
                substance_misuse=misuse,
                intervention_received=received,
                intervention_offered=rng.random() < 0.8 if misuse and not received else None,
            )
        )
