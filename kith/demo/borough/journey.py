"""The children's journeys through services: episodes, care, allocations and visits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from kith.demo import names
from kith.demo.borough import postcodes
from kith.demo.borough.care import Care
from kith.demo.borough.catalogue import (
    CATEGORIES,
    CHAINS,
    FOSTER_TYPES,
    GROUP_OF_STAGE,
    NEED_ASSESSED,
    OPEN_STATES,
    PRE_BIRTH_CHAIN,
    PRIMARY_NEEDS,
    REFERRAL_SOURCES,
    SOCIAL_CARE,
    VISITS_BY_STAGE,
    YEAR,
    Step,
)
from kith.demo.borough.rows import (
    AllocationRow,
    ChildRow,
    EpisodeRow,
    LegalStatusPeriodRow,
    PlacementRow,
    RestrictedAccessRow,
    VisitRow,
)
from kith.people.rules import age_on

if TYPE_CHECKING:
    from kith.demo.borough.families import Family, Kid


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
        dates = self._conference_on_a_weekday(dates, latest=today if is_open else today - timedelta(days=1))
        if is_open:
            stage, starts, _ = dates[-1]
            dates[-1] = (stage, starts, None)
        return dates

    @staticmethod
    def _conference_on_a_weekday(
        dates: list[tuple[str, date, date | None]], *, latest: date
    ) -> list[tuple[str, date, date | None]]:
        """A child protection plan starts at its initial conference, which is never held at a
        weekend (the census's rule 8875): move the plan, and what follows it, to the Monday, or
        where that would pass `latest` back to the Friday, shortening the enquiry before it."""
        for n, (stage, starts, _ends) in enumerate(dates):
            if stage != "cp" or starts.weekday() < 5:
                continue
            forward = timedelta(days=7 - starts.weekday())
            last = dates[-1][2] or dates[-1][1]
            if last + forward <= latest:
                dates[n:] = [(s, b + forward, e + forward if e else e) for s, b, e in dates[n:]]
                continue
            friday = starts - timedelta(days=starts.weekday() - 4)
            dates[n] = (stage, friday, max(friday, dates[n][2] or friday))
            for m in range(n - 1, -1, -1):
                s, b, e = dates[m]
                dates[m] = (s, min(b, friday), min(e or friday, friday))
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
            elif stage in NEED_ASSESSED:
                # The need the referral was taken on for: the census asks for it on every referral
                # that went further than the referral itself (rule 8610).
                episode.primary_need = self.b.pick_code(PRIMARY_NEEDS, self.b.returns_rng)
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
        periods: list[tuple[str, date, date | None]] = []
        for status, (starts, stops) in zip(
            statuses, self._periods(episode.starts_on, ends, len(statuses)), strict=True
        ):
            self.chunk.legal_statuses.append(
                LegalStatusPeriodRow(b.ids.take("legal_status"), episode.id, status, starts, stops)
            )
            periods.append((status, starts, stops))
        count = rng.choices((1, 2, 3, 4), weights=(45, 30, 15, 10))[0]
        drawn: list[tuple[date, date | None, str, str]] = []
        for starts, stops in self._periods(episode.starts_on, ends, count):
            kind = "A6" if statuses[-1] == "E1" and stops is None else b.pick_code(FOSTER_TYPES)
            drawn.append((starts, stops, kind, b.postcode(elsewhere=rng.random() >= 0.7)))
        placements: list[PlacementRow] = []
        for starts, stops, kind, postcode in self._placed(drawn, statuses, periods):
            placement = PlacementRow(b.ids.take("placement"), episode.id, kind, postcode, starts, stops)
            self.chunk.placements.append(placement)
            placements.append(placement)
        Care(b, self.chunk, self.kid.person, self.kid.child_id).record(episode, periods, placements)

    def _placed(
        self,
        drawn: list[tuple[date, date | None, str, str]],
        statuses: list[str],
        periods: list[tuple[str, date, date | None]],
    ) -> list[tuple[date, date | None, str, str]]:
        """The drawn placements made coherent, as the DfE's rules want them: care never starts or
        ends in a temporary placement (rules 380, 381) and after one the child goes back to where
        they were (383); a child accommodated by agreement alone is not placed with parents (378);
        a child is placed for adoption only under the placement order (408); and no one is
        placed at their own home but with their parents (392d)."""
        family_addresses = self.chunk.addresses[self.j.f.first_address :]
        homes = {a.postcode for a in family_addresses if a.person_id == self.kid.person.id}
        order_from = next((on for status, on, _ in periods if status == "E1"), None)
        lasting = [n for n, (starts, stops, _k, _p) in enumerate(drawn) if stops is None or stops > starts]
        placed: list[tuple[date, date | None, str, str]] = []
        for n, (starts, stops, kind, postcode) in enumerate(drawn):
            misplaced = (
                (kind == "T0" and (not lasting or n in (lasting[0], lasting[-1])))
                or (kind == "P1" and statuses == ["V2"])
                or (kind == "A6" and (order_from is None or starts < order_from))
            )
            if misplaced:
                kind = "U6"
            before = [p for m, p in enumerate(placed) if m in lasting]
            if len(before) > 1 and before[-1][2] == "T0":
                kind, postcode = before[-2][2], before[-2][3]
            elif kind == "T0" and not before:
                kind = "U6"
            if postcode in homes and kind != "P1":
                choices = postcodes.ELSEWHERE if postcode not in postcodes.HOME else postcodes.HOME
                postcode = choices[(choices.index(postcode) + 1) % len(choices)]
            placed.append((starts, stops, kind, postcode))
        return placed

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
