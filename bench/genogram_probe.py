"""Run inside Kith's environment (``python -m bench.genogram_probe``): time drawing genograms.

Two figures, printed as JSON:
- a 60-person family (four generations of a large family, with remarriages, step, adoptive and
  foster links, twins and emotional ties), built in memory: the build from the record's pairs,
  the layout and the SVG, the whole family shown;
- the synthetic borough's largest family, read from the database as the genogram page reads it
  (the reads, the build, the layout and the SVG).
Each is the median of repeated runs after a warm-up.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

import django


def _median_ms(work: Callable[[], object], runs: int) -> tuple[float, float]:
    work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2), round(max(times), 2)


def sixty_people() -> object:
    """A deterministic 60-person family as the record would hold it."""
    from kith.people.family import FamilyRecords, PersonFacts, RelationshipFacts

    people: dict[int, PersonFacts] = {}
    rels: list[RelationshipFacts] = []

    def add(pid: int, sex: str, born: date) -> int:
        people[pid] = PersonFacts(
            pid, f"P{pid}", "Family", "", sex, "not_known", born, "exact", None, None, "exact", pid % 29 == 0
        )
        return pid

    def rel(a: int, b: int, kind: str, **extra: object) -> None:
        fields: dict[str, object] = {
            "id": len(rels) + 1,
            "from_person_id": a,
            "to_person_id": b,
            "kind": kind,
            "nature": "biological",
            "has_parental_responsibility": False,
            "is_trusted_adult": False,
            "starts_on": None,
            "starts_on_accuracy": "exact",
            "ends_on": None,
            "ends_on_accuracy": "exact",
            "partnership_status": "",
            "twin": "",
            "emotional_tie": "",
            "tie_direction": "both",
            "version": 1,
            **extra,
        }
        rels.append(RelationshipFacts(**fields))  # type: ignore[arg-type]

    next_id = iter(range(1, 1000))
    couples = [(add(next(next_id), "1", date(1940, 1, 1)), add(next(next_id), "2", date(1942, 1, 1)))]
    rel(*couples[0], "partner", partnership_status="married")
    born = date(1962, 1, 1)
    for generation in range(3):
        new_couples = []
        for n, (dad, mum) in enumerate(couples):
            for k in range(3 if generation < 2 else 2):
                child = add(next(next_id), "12"[k % 2], born + timedelta(days=700 * k + n))
                rel(dad, child, "parent")
                rel(mum, child, "parent", nature="adoptive" if k == 2 and n % 3 == 1 else "biological")
                if len(people) >= 56:
                    break
                partner = add(next(next_id), "21"[k % 2], born + timedelta(days=300 * k))
                status = ("married", "cohabiting", "divorced", "separated")[(k + n) % 4]
                rel(child, partner, "partner", partnership_status=status, starts_on=born + timedelta(days=9000))
                new_couples.append((child, partner) if k % 2 == 0 else (partner, child))
                if (k + n) % 5 == 0:
                    rel(child, mum, "other", emotional_tie=("close", "conflicted", "hostile", "cut_off")[k % 4])
            if len(people) >= 56:
                break
        couples = new_couples[:6]
        born += timedelta(days=365 * 26)
    dad, mum = couples[0]
    extra = 0
    while len(people) < 56:  # top up with younger brothers and sisters of the twins
        sibling = add(next(next_id), "12"[extra % 2], born + timedelta(days=400 * (extra + 1)))
        rel(dad, sibling, "parent")
        rel(mum, sibling, "parent")
        extra += 1
    twin_a, twin_b = add(next(next_id), "2", born), add(next(next_id), "2", born)
    for twin in (twin_a, twin_b):
        rel(dad, twin, "parent")
        rel(mum, twin, "parent")
    rel(twin_a, twin_b, "sibling", twin="identical")
    step = add(next(next_id), "1", born - timedelta(days=9000))
    rel(step, twin_a, "step_parent", nature="social")
    foster = add(next(next_id), "2", born - timedelta(days=15000))
    rel(foster, twin_b, "foster_carer", nature="social")
    assert len(people) == 60, len(people)
    return FamilyRecords(subject_id=twin_a, people=people, relationships=rels, household={dad, mum, twin_a, twin_b})


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db.models import Count

    from kith.people.diagrams.genogram import render_genogram, within_generations
    from kith.people.family import genogram_of, load_family
    from kith.people.models import Child, Relationship

    today = date(2026, 11, 23)
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    family = sixty_people()

    def draw_sixty() -> str:
        build = genogram_of(family, today=today)  # type: ignore[arg-type]
        shown = within_generations(build.genogram, family.subject_id, up=6, down=6)  # type: ignore[attr-defined]
        return render_genogram(shown, href=lambda pid: f"#person-{pid}")

    sixty_drawn = draw_sixty().count('class="person"')
    sixty_ms, sixty_max = _median_ms(draw_sixty, runs)

    # The largest family: the parent with the most children is at its heart; of those, the
    # family with the most relationships recorded around it.
    parents = (
        Relationship.objects.filter(kind="parent")
        .values("from_person_id")
        .annotate(n=Count("id"))
        .order_by("-n", "from_person_id")[:20]
    )
    candidates = Child.objects.select_related("person").filter(
        person__relationships_to__kind="parent",
        person__relationships_to__from_person_id__in=[p["from_person_id"] for p in parents],
    )
    child = max(candidates, key=lambda c: (len(load_family(c).people), -c.pk), default=None)
    child = child or Child.objects.select_related("person").order_by("pk").first()
    assert child is not None, "the bench database has no children"

    def draw_largest() -> tuple[int, str]:
        records = load_family(child)
        build = genogram_of(records, today=today)
        shown = within_generations(build.genogram, child.person_id, up=6, down=6)
        return len(records.people), render_genogram(shown, href=lambda pid: f"#person-{pid}")

    largest_people = draw_largest()[0]
    largest_ms, largest_max = _median_ms(draw_largest, runs)
    print(
        json.dumps(
            {
                "sixty": {"ms": sixty_ms, "max_ms": sixty_max, "people": 60, "drawn": sixty_drawn, "runs": runs},
                "largest": {
                    "ms": largest_ms,
                    "max_ms": largest_max,
                    "people": largest_people,
                    "child_id": child.pk,
                    "runs": runs,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
