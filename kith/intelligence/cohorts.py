"""Cohorts for early help conversations, and the equity report that watches who is listed.

A cohort entry is a child whose profile shows a pattern configured for cohorts and who has no
open involvement with early help or social care: a family to offer a conversation to, not a
referral. Entries are grouped by locality (postcode district), school and family hub, and each
carries its own explanation: the patterns in words and the factors behind them, with agency and
date.

The equity report sets the rate at which children are listed beside the rate for all children,
by ethnicity, sex, disability and area, so that disproportionality is seen and questioned. It
counts; it does not adjust or explain away.
"""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from kith.intelligence.engine import Engine
from kith.intelligence.feeds import FEEDS_BY_NAME, add_months
from kith.intelligence.load import FeedStore, stored_rows
from kith.intelligence.matrix import Kith, MatrixConfig

COHORT_SCHEMA = pa.schema(
    [
        ("child_id", pa.int64()),
        ("la_child_id", pa.string()),
        ("locality", pa.string()),
        ("family_hub", pa.string()),
        ("school", pa.string()),
        ("patterns", pa.string()),  # the cohort patterns' words, joined by "; "
        ("explanation", pa.string()),  # the factors behind them, joined by "; "
    ]
)
EQUITY_SCHEMA = pa.schema(
    [
        ("dimension", pa.string()),  # all | ethnicity | sex | disability | area
        ("grouping", pa.string()),
        ("population", pa.int64()),
        ("listed", pa.int64()),
    ]
)
NO_AREA = "No address recorded"


def current_district(kith: Kith) -> ir.Table:
    """Each person's postcode district from their current address."""
    a = kith.addresses
    order = ibis.window(group_by=a["person_id"], order_by=[a["ends_on"].isnull().desc(), a["starts_on"].desc()])
    ranked = a.mutate(_rank=ibis.row_number().over(order))
    current = ranked.filter(ranked["_rank"] == 0)
    return current.select(
        "person_id", district=current["postcode"].re_extract("^([A-Z]{1,2}[0-9][A-Z0-9]?) ", 1).nullif("")
    )


def latest_school(engine: Engine, store: FeedStore, links: ir.Table, kith: Kith) -> ir.Table:
    """Each child's school from the latest attendance record linked to them."""
    feed = FEEDS_BY_NAME["school_attendance"]
    rows = stored_rows(engine, store, feed)
    linked = links.filter((links["status"] == "linked") & (links["feed"] == feed.name)).select(
        "person_ref", "person_id"
    )
    joined = rows.inner_join(linked, "person_ref").inner_join(
        kith.children.select("child_id", "person_id"), "person_id"
    )
    order = ibis.window(
        group_by=joined["child_id"], order_by=[joined["term_ends_on"].desc(), joined["record_id"].desc()]
    )
    ranked = joined.mutate(_rank=ibis.row_number().over(order))
    latest = ranked.filter(ranked["_rank"] == 0)
    return latest.select("child_id", school=latest["school_name"])


def cohort(
    engine: Engine,
    store: FeedStore,
    links: ir.Table,
    kith: Kith,
    evidence: ir.Table,
    patterns: ir.Table,
    config: MatrixConfig,
) -> ir.Table:
    """Children to offer an early help conversation to, each with its explanation (COHORT_SCHEMA)."""
    chosen = patterns.filter(patterns["cohort"])
    listed = chosen.group_by("child_id").aggregate(patterns=chosen["words"].collect(distinct=True).sort().join("; "))
    children = kith.children
    if config.leave_out_open:
        children = children.filter(~children["is_open"].fill_null(False))
    listed = listed.inner_join(children.select("child_id", "person_id", "la_child_id"), "child_id")
    concerns = evidence.filter(evidence["factor_group"] != "protective")
    per_factor = concerns.group_by(["child_id", "factor"]).aggregate(
        latest=concerns["event_on"].max(),
        records=concerns.count(),
        agencies=concerns["agency"].collect(distinct=True).sort().join(" and "),
    )
    titles = {f.code: f.title for f in config.factors}
    title = ibis.cases(
        *[(per_factor["factor"] == code, text) for code, text in titles.items()], else_=per_factor["factor"]
    )
    records = ibis.ifelse(per_factor["records"] == 1, "1 record", per_factor["records"].cast("string") + " records")
    when = ibis.ifelse(per_factor["latest"].isnull(), "", ", latest " + per_factor["latest"].cast("string"))
    line = title + " (" + per_factor["agencies"] + ": " + records + when + ")"
    explained = (
        per_factor.mutate(line=line)
        .group_by("child_id")
        .aggregate(explanation=ibis._.line.collect(distinct=True).sort().join("; "))
    )
    places = current_district(kith)
    hubs = pa.table({"district": list(config.family_hubs), "family_hub": list(config.family_hubs.values())})
    hub_table = engine.from_arrow(
        hubs.cast(pa.schema([("district", pa.string()), ("family_hub", pa.string())])), "hubs"
    )
    joined = (
        listed.left_join(explained, "child_id")
        .select(listed, "explanation")
        .left_join(places, "person_id")
        .select(listed, "explanation", "district")
    )
    joined = joined.left_join(hub_table, "district").select(joined, "family_hub")
    joined = joined.left_join(latest_school(engine, store, links, kith), "child_id").select(joined, "school")
    return joined.select(
        child_id=joined["child_id"],
        la_child_id=joined["la_child_id"],
        locality=joined["district"].fill_null(NO_AREA),
        family_hub=joined["family_hub"].fill_null("No family hub set for this area"),
        school=joined["school"].fill_null("Not known to the school feeds"),
        patterns=joined["patterns"],
        explanation=joined["explanation"].fill_null(""),
    )


def equity(kith: Kith, cohort: ir.Table, *, today: date) -> ir.Table:
    """How many children there are and how many are listed, by ethnicity, sex, disability and area."""
    persons = kith.persons
    born_after = add_months(today, -18 * 12)
    people = kith.children.inner_join(persons, "person_id")
    people = people.filter(
        people["date_of_birth"].notnull()
        & (people["date_of_birth"] > born_after)
        & ~people["is_deceased"].fill_null(False)
    )
    people = people.left_join(current_district(kith), "person_id").select(people, "district")
    listed_ids = cohort.select("child_id", _listed=ibis.literal(1))
    people = people.left_join(listed_ids, "child_id").select(people, "_listed")
    frame = people.select(
        is_listed=people["_listed"].fill_null(0),
        all=ibis.literal("All children"),
        ethnicity=people["ethnicity"].fill_null("NOBT"),
        sex=people["sex"].fill_null("0"),
        disability=ibis.ifelse(people["disabilities"].fill_null("") != "", "Disabled", "Not recorded as disabled"),
        area=people["district"].fill_null(NO_AREA),
    )
    parts = []
    for dimension in ("all", "ethnicity", "sex", "disability", "area"):
        grouped = frame.group_by(grouping=frame[dimension]).aggregate(
            population=frame.count(), listed=frame["is_listed"].sum()
        )
        parts.append(
            grouped.select(
                dimension=ibis.literal(dimension),
                grouping=grouped["grouping"],
                population=grouped["population"].cast("int64"),
                listed=grouped["listed"].cast("int64"),
            )
        )
    return ibis.union(*parts)
