"""Linking partners' records of people to the children and adults in Kith, with Splink.

Each partner's person reference (a pupil, a police nominal, a patient) is one *subject*, described
by its most recent record. Subjects are linked to Kith's people (`link_only`):

- Exact match on NHS number or unique pupil number where both sides have it: the identifier
  decides, whatever else differs.
- Otherwise probabilistically, on first name (with known-as names and nicknames), last name
  (with previous surnames), date of birth (with day and month the wrong way round), postcode
  (any address Kith has had for the person, not only the current one) and sex. The model is
  trained without labels: u from random pairs, m by expectation maximisation.
- A subject whose best candidate is strong, and clearly stronger than the next (twins differ
  only in first name), is linked. One that is plausible but not certain goes to the review
  queue with its candidates, where a practitioner confirms or rejects; those decisions come
  back in the export and every later run keeps to them.

Every link carries its match weight and, for each comparison, the level that applied and the
weight it added ("first name: a known-as name or nickname of the other (+7.2)"). The weights are
Splink's log2 Bayes factors: they explain a link, they are never a score about a person.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.exceptions import SplinkException

from kith.intelligence.engine import Engine
from kith.intelligence.feeds import FEEDS
from kith.intelligence.load import FeedStore, stored_rows, trimmed
from kith.intelligence.names import ACCENTED, CANONICAL, PLAIN

Progress = Callable[[str], None]

LINKS_SCHEMA = pa.schema(
    [
        ("feed", pa.string()),
        ("person_ref", pa.string()),
        ("person_id", pa.int64()),
        ("status", pa.string()),  # linked | review
        ("match_key", pa.string()),  # nhs_number | upn | probabilistic | confirmed | uncertain
        ("match_weight", pa.float64()),
        ("match_probability", pa.float64()),
        ("comparisons", pa.string()),  # "title|level|weight" lines
        ("rank", pa.int64()),
        ("subject_given_name", pa.string()),
        ("subject_family_name", pa.string()),
        ("subject_date_of_birth", pa.date32()),
        ("subject_postcode", pa.string()),
        ("subject_rows", pa.int64()),
    ]
)
SUBJECTS_SCHEMA = pa.schema([("feed", pa.string()), ("person_ref", pa.string()), ("rows", pa.int64())])


@dataclass(frozen=True)
class LinkageSettings:
    """Where the lines are drawn, in match weight (log2 of the Bayes factor)."""

    accept_weight: float = 10.0  # at or above, and clear of the next candidate: linked
    review_weight: float = 2.0  # at or above but not linked: reviewed by a practitioner
    margin: float = 5.0  # how far the best must be ahead of the next candidate to be linked
    review_candidates: int = 3
    max_pairs_for_u: float = 2e6
    u_chunks: int = 1
    em_max_iterations: int = 12
    seed: int = 1


@dataclass(frozen=True)
class Level:
    creator: ComparisonLevelCreator
    words: str


@dataclass(frozen=True)
class Comparison:
    title: str
    column: str  # Splink's output column name (gamma_<column>, mw_<column>)
    levels: tuple[Level, ...]  # the null level first, then most to least alike

    def splink(self) -> cl.CustomComparison:
        creators: list[ComparisonLevelCreator | dict[str, Any]] = [
            level.creator.configure(label_for_charts=level.words) for level in self.levels
        ]
        return cl.CustomComparison(comparison_levels=creators, output_column_name=self.column)

    def gamma_words(self) -> dict[int, str]:
        """Splink numbers a comparison's levels: -1 for the null level, then down to 0."""
        ranked = self.levels[1:]
        return {-1: self.levels[0].words} | {len(ranked) - 1 - i: level.words for i, level in enumerate(ranked)}


def _exact(column: str) -> tuple[Level, ...]:
    return (
        Level(cll.NullLevel(column), "missing on one side"),
        Level(cll.ExactMatchLevel(column), "the same"),
        Level(cll.ElseLevel(), "different"),
    )


COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "first name",
        "given_name",
        (
            Level(cll.NullLevel("given_name"), "missing on one side"),
            Level(cll.ExactMatchLevel("given_name"), "the same"),
            Level(
                cll.CustomLevel(
                    "given_name_l = preferred_name_r OR preferred_name_l = given_name_r "
                    "OR given_canonical_l = given_canonical_r"
                ),
                "a known-as name or nickname of the other",
            ),
            Level(cll.LevenshteinLevel("given_name", 1), "one letter different"),
            Level(cll.LevenshteinLevel("given_name", 2), "two letters different"),
            Level(
                cll.CustomLevel("given_name_l = family_name_r OR family_name_l = given_name_r"),
                "the other's last name (first and last names swapped)",
            ),
            Level(cll.ElseLevel(), "different"),
        ),
    ),
    Comparison(
        "last name",
        "family_name",
        (
            Level(cll.NullLevel("family_name"), "missing on one side"),
            Level(cll.ExactMatchLevel("family_name"), "the same"),
            Level(
                cll.CustomLevel("family_name_l = other_names_r OR other_names_l = family_name_r"),
                "a previous or other last name of the other",
            ),
            Level(cll.LevenshteinLevel("family_name", 1), "one letter different"),
            Level(cll.LevenshteinLevel("family_name", 2), "two letters different"),
            Level(
                cll.CustomLevel("given_name_l = family_name_r OR family_name_l = given_name_r"),
                "the other's first name (first and last names swapped)",
            ),
            Level(cll.ElseLevel(), "different"),
        ),
    ),
    Comparison(
        "date of birth",
        "date_of_birth",
        (
            Level(cll.NullLevel("date_of_birth"), "missing on one side"),
            Level(cll.ExactMatchLevel("date_of_birth"), "the same"),
            Level(
                cll.CustomLevel(
                    "year(date_of_birth_l) = year(date_of_birth_r) "
                    "AND month(date_of_birth_l) = day(date_of_birth_r) "
                    "AND day(date_of_birth_l) = month(date_of_birth_r)"
                ),
                "day and month the wrong way round",
            ),
            Level(
                cll.AbsoluteDateDifferenceLevel("date_of_birth", threshold=31, metric="day", input_is_string=False),
                "within a month",
            ),
            Level(
                cll.AbsoluteDateDifferenceLevel("date_of_birth", threshold=1, metric="year", input_is_string=False),
                "within a year",
            ),
            Level(cll.ElseLevel(), "different"),
        ),
    ),
    Comparison(
        "postcode",
        "postcode",
        (
            Level(cll.NullLevel("postcode"), "missing on one side"),
            Level(cll.ExactMatchLevel("postcode"), "the same"),
            Level(cll.ArrayIntersectLevel("postcodes", min_intersection=1), "an earlier address Kith has"),
            Level(cll.ExactMatchLevel("district"), "the same postcode district"),
            Level(cll.ElseLevel(), "different"),
        ),
    ),
    Comparison("sex", "sex", _exact("sex")),
    Comparison("NHS number", "nhs_number", _exact("nhs_number")),
    Comparison("unique pupil number", "upn", _exact("upn")),
)

# Pairs are only scored when they agree on one of these. Together they let through a typo in
# any one field, a nickname, a move, a missing date of birth and swapped names, while keeping the
# pairs to score to a few per partner record rather than everyone born on the same day.
BLOCKING_FOR_PREDICTION = (
    block_on("nhs_number"),
    block_on("upn"),
    block_on("date_of_birth", "initial"),
    block_on("date_of_birth", "family_name"),
    CustomRule("l.date_of_birth = r.date_of_birth AND l.initial = r.family_initial"),
    block_on("given_canonical", "family_name"),
    block_on("family_name", "postcode"),
    block_on("given_canonical", "postcode"),
)


def settings(linkage: LinkageSettings) -> SettingsCreator:
    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="uid",
        comparisons=[comparison.splink() for comparison in COMPARISONS],
        blocking_rules_to_generate_predictions=list(BLOCKING_FOR_PREDICTION),
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        max_iterations=linkage.em_max_iterations,
    )


# --- The two sides -------------------------------------------------------------------------------


def standard_name(value: ir.StringValue) -> ir.StringValue:
    """Upper case, accents dropped, anything but letters and spaces removed, spaces squeezed."""
    cleaned = value.upper().translate(ACCENTED, PLAIN).re_replace("[^A-Z ]", "").re_replace(" +", " ")
    cleaned = trimmed(cleaned)
    return ibis.ifelse(cleaned == "", ibis.null("string"), cleaned)


def _canonical(engine: Engine, names: ir.Table, column: str) -> ir.Table:
    """`names` with `given_canonical`: the formal name a nickname stands for, or the name itself."""
    lookup = engine.from_arrow(
        pa.table(
            {"nick": list(CANONICAL), "formal": list(CANONICAL.values())},
            schema=pa.schema([("nick", pa.string()), ("formal", pa.string())]),
        ),
        "nicknames",
    )
    joined = names.left_join(lookup, names[column] == lookup["nick"])
    return joined.mutate(given_canonical=ibis.coalesce(joined["formal"], joined[column])).drop("nick", "formal")


def _district(postcode: ir.StringValue) -> ir.StringValue:
    return postcode.re_extract("^([A-Z]{1,2}[0-9][A-Z0-9]?) ", 1).nullif("")


def feed_subjects(engine: Engine, store: FeedStore) -> ir.Table:
    """One row per partner person reference: its latest record's identity, and how many rows."""
    parts = []
    for feed in FEEDS:
        rows = stored_rows(engine, store, feed)
        latest = ibis.row_number().over(
            ibis.window(group_by=rows["person_ref"], order_by=[rows[feed.event_date].desc(), rows["record_id"].desc()])
        )
        counted = rows.mutate(
            _latest=latest, _rows=rows["record_id"].count().over(ibis.window(group_by=rows["person_ref"]))
        )
        first = counted.filter(counted["_latest"] == 0)
        parts.append(
            first.select(
                feed=ibis.literal(feed.name),
                person_ref=first["person_ref"],
                raw_given_name=first["given_name"],
                raw_family_name=first["family_name"],
                date_of_birth=first["date_of_birth"],
                sex=first["sex"],
                postcode=first["postcode"],
                nhs_number=first["nhs_number"] if "nhs_number" in feed.column_names else ibis.null("string"),
                upn=first["upn"] if "upn" in feed.column_names else ibis.null("string"),
                rows=first["_rows"].cast("int64"),
            )
        )
    return ibis.union(*parts)


def subjects_for_splink(engine: Engine, subjects: ir.Table) -> ir.Table:
    named = subjects.mutate(
        given_name=standard_name(subjects["raw_given_name"]), family_name=standard_name(subjects["raw_family_name"])
    )
    named = _canonical(engine, named, "given_name")
    return named.select(
        uid=named["feed"] + ":" + named["person_ref"],
        given_name=named["given_name"],
        family_name=named["family_name"],
        preferred_name=ibis.null("string"),
        other_names=ibis.null("string"),
        given_canonical=named["given_canonical"],
        initial=named["given_name"].substr(0, 1),
        family_initial=named["family_name"].substr(0, 1),
        date_of_birth=named["date_of_birth"],
        sex=ibis.ifelse(named["sex"].isin(("1", "2")), named["sex"], ibis.null("string")),
        postcode=named["postcode"],
        postcodes=ibis.ifelse(named["postcode"].isnull(), ibis.null("array<string>"), ibis.array([named["postcode"]])),
        district=_district(named["postcode"]),
        nhs_number=named["nhs_number"],
        upn=named["upn"],
    )


def kith_people_for_splink(engine: Engine, persons: ir.Table, addresses: ir.Table) -> ir.Table:
    """Kith's people with every postcode they have had, and the current one."""
    current_rank = ibis.row_number().over(
        ibis.window(
            group_by=addresses["person_id"],
            order_by=[addresses["ends_on"].isnull().desc(), addresses["starts_on"].desc()],
        )
    )
    ranked = addresses.mutate(_rank=current_rank)
    current = ranked.filter(ranked["_rank"] == 0).select("person_id", current_postcode=ranked["postcode"])
    history = addresses.group_by("person_id").aggregate(postcodes=addresses["postcode"].collect(distinct=True))
    people = persons.left_join(current, "person_id").select(persons, "current_postcode")
    people = people.left_join(history, "person_id").select(people, "postcodes")
    named = people.mutate(
        given_name=standard_name(people["given_name"]),
        family_name=standard_name(people["family_name"]),
        preferred_name=standard_name(people["preferred_name"]),
        other_names=standard_name(people["other_names"].split(" ")[0]),
    )
    named = _canonical(engine, named, "given_name")
    return named.select(
        uid=named["person_id"].cast("string"),
        given_name=named["given_name"],
        family_name=named["family_name"],
        preferred_name=named["preferred_name"],
        other_names=named["other_names"],
        given_canonical=named["given_canonical"],
        initial=named["given_name"].substr(0, 1),
        family_initial=named["family_name"].substr(0, 1),
        date_of_birth=named["date_of_birth"],
        sex=ibis.ifelse(named["sex"].isin(("1", "2")), named["sex"], ibis.null("string")),
        postcode=named["current_postcode"],
        postcodes=named["postcodes"],
        district=_district(named["current_postcode"]),
        nhs_number=named["nhs_number"].nullif(""),
        upn=named["upn"].nullif(""),
    )


# --- Training and scoring -------------------------------------------------------------------------


@dataclass
class LinkageResult:
    links: ir.Table  # LINKS_SCHEMA: linked subjects and review candidates
    subjects: ir.Table  # SUBJECTS_SCHEMA: every subject seen
    model: dict[str, Any]  # the trained Splink model, for the record


def train_and_score(
    engine: Engine, kith: ir.Table, partners: ir.Table, linkage: LinkageSettings, report: Progress
) -> tuple[ir.Table, dict[str, Any]]:
    """Train the model without labels and score the candidate pairs; returns the pairs above
    the review line (less the margin, so a runner-up just below it is still seen)."""
    # Splink warns about levels it could not train (none of the pairs fell in them); the trained
    # model, with every m and u, is kept in model.json for anyone who wants the detail.
    logging.getLogger("splink").setLevel(logging.ERROR)
    api = engine.splink_api()
    left = api.register(engine.table_name(kith), table_name="kith_people")
    right = api.register(engine.table_name(partners), table_name="partner_subjects")
    linker = Linker([left, right], settings(linkage), log_level=None)
    report("estimating how often records agree by chance")
    _try(
        lambda: linker.training.estimate_probability_two_random_records_match(
            [block_on("nhs_number"), block_on("upn")], recall=0.6
        )
    )
    linker.training.estimate_u_using_random_sampling(
        max_pairs=linkage.max_pairs_for_u, seed=linkage.seed, num_chunks=linkage.u_chunks, min_count_per_level=None
    )
    # Two sessions, each blind to what it blocks on: the first (same NHS number) learns names,
    # dates of birth and addresses; the second (same last name and date of birth: true matches,
    # twins, siblings and coincidences) learns the identifiers and first names.
    for rule, words in (
        (block_on("nhs_number"), "NHS number"),
        (block_on("family_name", "date_of_birth"), "last name and date of birth"),
    ):
        report(f"learning how often true matches agree (blocked on {words})")
        _try(partial(linker.training.estimate_parameters_using_expectation_maximisation, rule))
    report("scoring candidate pairs")
    predictions = linker.inference.predict(threshold_match_weight=linkage.review_weight - linkage.margin)
    return engine.table_for_splink_output(predictions.physical_name), linker.misc.save_model_to_json()


def _try(step: Callable[[], object]) -> None:
    """A training step that finds no pairs to learn from (a small partnership, no partner holding
    NHS numbers) leaves Splink's starting values in place: the links say what they were."""
    try:
        step()
    except SplinkException as error:
        logging.getLogger(__name__).warning("Linkage training step skipped: %s", str(error).splitlines()[0])


def _comparisons_text(pairs: ir.Table) -> ir.StringValue:
    lines = []
    for comparison in COMPARISONS:
        gamma = pairs[f"gamma_{comparison.column}"]
        words = ibis.cases(*[(gamma == value, text) for value, text in comparison.gamma_words().items()], else_="")
        weight = pairs[f"mw_{comparison.column}"].round(2).cast("string")
        lines.append(ibis.literal(comparison.title) + "|" + words + "|" + weight)
    return ibis.literal("\n").join(lines)


def decide(
    engine: Engine, pairs: ir.Table, subjects: ir.Table, decisions: ir.Table, linkage: LinkageSettings
) -> ir.Table:
    """Turn scored pairs into links and review candidates (LINKS_SCHEMA)."""
    kith_on_left = pairs["source_dataset_l"] == "kith_people"
    scored = pairs.select(
        uid=ibis.ifelse(kith_on_left, pairs["uid_r"], pairs["uid_l"]),
        person_id=ibis.ifelse(kith_on_left, pairs["uid_l"], pairs["uid_r"]).cast("int64"),
        match_weight=pairs["match_weight"],
        match_probability=pairs["match_probability"],
        by_nhs=pairs["gamma_nhs_number"] == 1,
        by_upn=pairs["gamma_upn"] == 1,
        comparisons=_comparisons_text(pairs),
    )
    keyed_decisions = decisions.select(
        uid=decisions["feed"] + ":" + decisions["person_ref"], person_id="person_id", decision="decision"
    )
    rejected = keyed_decisions.filter(keyed_decisions["decision"] == "rejected").select("uid", "person_id")
    confirmed = keyed_decisions.filter(keyed_decisions["decision"] == "confirmed").select("uid", "person_id")
    scored = scored.anti_join(rejected, ["uid", "person_id"])
    window = ibis.window(group_by=scored["uid"], order_by=[scored["match_weight"].desc(), scored["person_id"]])
    ranked = scored.mutate(rank=ibis.row_number().over(window), next_weight=scored["match_weight"].lead().over(window))
    best = ranked.filter(ranked["rank"] == 0)
    clear = best["next_weight"].isnull() | (best["match_weight"] - best["next_weight"] >= linkage.margin)
    auto_key = ibis.cases(
        (best["by_nhs"], "nhs_number"),
        (best["by_upn"], "upn"),
        ((best["match_weight"] >= linkage.accept_weight) & clear, "probabilistic"),
        else_=ibis.null("string"),
    )
    decided = best.mutate(auto_key=auto_key)
    linked = decided.filter(decided["auto_key"].notnull()).anti_join(confirmed, "uid")
    linked = linked.select(
        "uid",
        "person_id",
        "match_weight",
        "match_probability",
        "comparisons",
        "rank",
        status=ibis.literal("linked"),
        match_key=linked["auto_key"],
    )
    # A confirmed link stands whatever the scores; its weight is shown when the pair was scored.
    confirmed_scored = confirmed.left_join(scored, ["uid", "person_id"])
    confirmed_links = confirmed_scored.select(
        uid=confirmed["uid"],
        person_id=confirmed["person_id"],
        match_weight=confirmed_scored["match_weight"],
        match_probability=confirmed_scored["match_probability"],
        comparisons=confirmed_scored["comparisons"].fill_null(""),
        rank=ibis.literal(0).cast("int64"),
        status=ibis.literal("linked"),
        match_key=ibis.literal("confirmed"),
    )
    settled = ibis.union(linked.select("uid"), confirmed.select("uid")).distinct()
    in_doubt = decided.filter(decided["auto_key"].isnull() & (decided["match_weight"] >= linkage.review_weight)).select(
        "uid"
    )
    in_doubt = in_doubt.anti_join(settled, "uid")
    review = ranked.semi_join(in_doubt, "uid")
    review = review.filter(
        (review["rank"] < linkage.review_candidates)
        & (review["match_weight"] >= linkage.review_weight - linkage.margin)
    )
    review = review.select(
        "uid",
        "person_id",
        "match_weight",
        "match_probability",
        "comparisons",
        "rank",
        status=ibis.literal("review"),
        match_key=ibis.literal("uncertain"),
    )
    chosen = ibis.union(linked, confirmed_links, review)
    with_subject = chosen.inner_join(subjects, chosen["uid"] == (subjects["feed"] + ":" + subjects["person_ref"]))
    return with_subject.select(
        feed=subjects["feed"],
        person_ref=subjects["person_ref"],
        person_id=chosen["person_id"],
        status=chosen["status"],
        match_key=chosen["match_key"],
        match_weight=chosen["match_weight"].round(4),
        match_probability=chosen["match_probability"].round(6),
        comparisons=chosen["comparisons"],
        rank=chosen["rank"].cast("int64"),
        subject_given_name=subjects["raw_given_name"],
        subject_family_name=subjects["raw_family_name"],
        subject_date_of_birth=subjects["date_of_birth"],
        subject_postcode=subjects["postcode"],
        subject_rows=subjects["rows"],
    )


def link(
    engine: Engine,
    store: FeedStore,
    persons: ir.Table,
    addresses: ir.Table,
    decisions: ir.Table,
    linkage: LinkageSettings,
    report: Progress,
) -> LinkageResult:
    report("gathering partners' records of people")
    subjects = engine.materialise("subjects", feed_subjects(engine, store))
    if engine.count(subjects) == 0:
        report("no partner records to link")
        empty = engine.from_arrow(LINKS_SCHEMA.empty_table(), "links")
        return LinkageResult(links=empty, subjects=subjects.select("feed", "person_ref", "rows"), model={})
    partners = engine.materialise("partners", subjects_for_splink(engine, subjects))
    kith = engine.materialise("kith_people", kith_people_for_splink(engine, persons, addresses))
    pairs, model = train_and_score(engine, kith, partners, linkage, report)
    report("deciding links and the review queue")
    links = engine.materialise("links", decide(engine, pairs, subjects, decisions, linkage))
    return LinkageResult(links=links, subjects=subjects.select("feed", "person_ref", "rows"), model=model)


def write_model(model: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(model, indent=1, default=str))
