"""The measures a standard can use: a small vocabulary, parsed from the definition file and checked.

A measure is written like a call, for example

    within(from = opened, to = family_network_meeting, by = timescale.family_network_meeting_working_days)
    every(event = visit_seen, since = stage_start, interval = 10 working_days)
    every(event = looked_after_review, since = stage_start, first = 20 working_days, second = 3 months,
          interval = 6 months)
    all(of = plan_actions, when_empty = 10 working_days)
    exists(condition = open_plan, since = stage_start, by = 10 working_days)

Four kinds:
- `within(from, to, by)`: a one-off step: the event `to` happens within `by` of the anchor `from`;
- `every(event, since, interval[, first][, second][, requires])`: a recurring step: the event
  happens `first` after the anchor, then `second` after the first, then every `interval` (and,
  with `requires`, the named condition holds as well);
- `all(of[, when_empty])`: every item of a collection is done by its own date (and, with
  `when_empty`, the collection has an item within that long of its start);
- `exists(condition, since, by)`: a condition on the record holds within `by` of the anchor.

Intervals are `N working_days`, `N days`, `N weeks` or `N months`, or `timescale.<name>`: one of
the council's timescales (kith.core.timescales), whose name ends in its unit. Anchors, events,
collections and conditions are the names in the tables below; anything else is refused with
the column where it went wrong. Nothing here touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Literal

from kith.core.timescales import Timescales

Unit = Literal["working_days", "days", "weeks", "months"]
UNITS: tuple[Unit, ...] = ("working_days", "days", "weeks", "months")


@dataclass(frozen=True)
class Name:
    """A name in the vocabulary: what it means in plain words, and where its evidence is."""

    description: str
    evidence_url: str = ""
    missing_url: str = ""


ANCHORS: dict[str, Name] = {
    "opened": Name("the day the child was opened to children's social care (the current opening)"),
    "involved": Name("the start of the current involvement with the child (early help or social care)"),
    "stage_start": Name("the start of the child's current stage"),
    "strategy_discussion": Name(
        "the latest strategy discussion in the current opening whose section 47 enquiry did not find a "
        "conference unnecessary"
    ),
    "initial_conference": Name("the latest initial child protection conference that started a plan"),
    "latest_decision": Name("the latest decision about the child: an authorised assessment, a conference or a review"),
    "plan_start": Name("the start of the child's current plan"),
}

EVENTS: dict[str, Name] = {
    "visit_seen": Name("a visit at which the child was seen", "journey:child", "journey:record-visit"),
    "visit_seen_alone": Name("a visit at which the child was seen alone", "journey:child", "journey:record-visit"),
    "child_words": Name(
        "the child's own words recorded (at a visit or on their own pages)", "journey:child", "journey:record-visit"
    ),
    "family_network_meeting": Name("a family network meeting held", "meetings:list", "meetings:plan"),
    "strategy_discussion": Name("a strategy discussion held", "meetings:list", "meetings:plan"),
    "initial_conference": Name("an initial child protection conference held", "meetings:list", "meetings:plan"),
    "core_group": Name("a core group held", "meetings:list", "meetings:plan"),
    "review_conference": Name("a review child protection conference held", "meetings:list", "meetings:plan"),
    "cin_review": Name("a child in need review held", "meetings:list", "meetings:plan"),
    "looked_after_review": Name("a looked after review held", "meetings:list", "meetings:plan"),
    "assessment_completed": Name("a child and family assessment authorised", "assessments:list", "assessments:list"),
    "early_help_assessment_completed": Name(
        "an early help assessment authorised", "assessments:list", "assessments:list"
    ),
    "plan_review": Name("a review of the plan held", "plans:current", "plans:current"),
    "explanation_to_child": Name("an explanation given to the child", "voice:explanations", "voice:explanations"),
    "genogram_review": Name("the genogram reviewed with the family", "people:family", "people:genogram-review"),
    "management_oversight": Name("management oversight recorded", "standards:oversight", "standards:record-oversight"),
    "supervision": Name(
        "the child's case discussed in supervision (their own or a group's)",
        "standards:supervision",
        "standards:record-supervision",
    ),
}

COLLECTIONS: dict[str, Name] = {
    "conference_contributions": Name(
        "agencies' contributions to the latest conference, each shared with the family before the day",
        "meetings:list",
        "meetings:list",
    ),
    "plan_actions": Name("the actions of the child's plan, each done by its date", "plans:current", "plans:current"),
    "plan_review": Name("the next review of the child's plan, by its date", "plans:current", "plans:current"),
}

CONDITIONS: dict[str, Name] = {
    "genogram_minimum": Name(
        "the genogram meets the minimum: both parents' sides explored, brothers and sisters and the household recorded",
        "people:family",
        "people:family",
    ),
    "open_plan": Name("the child has a current plan", "plans:current", "plans:start"),
}

TIMESCALE_UNITS: dict[str, Unit] = {"_working_days": "working_days", "_weeks": "weeks", "_months": "months"}


class MeasureError(ValueError):
    """A measure that cannot be used: `column` (1-based) is where the problem is, if known."""

    def __init__(self, reason: str, column: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.column = column


# --- Values -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """A length of time: `amount` of `unit`, or the council's timescale of that name."""

    unit: Unit
    amount: int = 0
    timescale: str = ""

    def resolve(self, scales: Timescales) -> tuple[Unit, int]:
        """The unit and number of units, with the council's timescale read where named."""
        if self.timescale:
            return self.unit, int(getattr(scales, self.timescale))
        return self.unit, self.amount

    def words(self, scales: Timescales) -> str:
        unit, amount = self.resolve(scales)
        label = {"working_days": "working day", "days": "day", "weeks": "week", "months": "month"}[unit]
        return f"{amount} {label}{'' if amount == 1 else 's'}"


@dataclass(frozen=True)
class Within:
    anchor: str
    event: str
    by: Interval


@dataclass(frozen=True)
class Every:
    event: str
    since: str
    interval: Interval
    first: Interval | None = None
    second: Interval | None = None
    requires: str = ""


@dataclass(frozen=True)
class AllOf:
    collection: str
    when_empty: Interval | None = None


@dataclass(frozen=True)
class Exists:
    condition: str
    since: str
    by: Interval


Measure = Within | Every | AllOf | Exists


# --- Parsing ------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<number>-?\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)|(?P<punct>[(),=]))"
)


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "name", "punct", "end"
    text: str
    column: int  # 1-based


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            column = position + len(text[position:]) - len(text[position:].lstrip()) + 1
            raise MeasureError(f"'{text[column - 1]}' is not allowed here", column)
        kind = match.lastgroup or ""
        start = match.start(kind)
        tokens.append(_Token(kind, match.group(kind), start + 1))
        position = match.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


@dataclass
class _Call:
    kind: str
    column: int
    params: dict[str, tuple[list[_Token], int]]


def _call(text: str) -> _Call:
    tokens = _tokens(text)
    at = 0

    def expect(kind: str, text: str = "") -> _Token:
        nonlocal at
        token = tokens[at]
        if token.kind != kind or (text and token.text != text):
            wanted = f"'{text}'" if text else f"a {kind}"
            found = f"'{token.text}'" if token.text else "the end"
            raise MeasureError(f"Expected {wanted} but found {found}", token.column)
        at += 1
        return token

    head = expect("name")
    expect("punct", "(")
    params: dict[str, tuple[list[_Token], int]] = {}
    while tokens[at].text != ")":
        name = expect("name")
        if name.text in params:
            raise MeasureError(f"'{name.text}' is given twice", name.column)
        expect("punct", "=")
        value: list[_Token] = []
        while tokens[at].kind in ("number", "name"):
            value.append(tokens[at])
            at += 1
        if not value:
            raise MeasureError(f"Give a value for '{name.text}'", tokens[at].column)
        params[name.text] = (value, name.column)
        if tokens[at].text == ",":
            at += 1
        elif tokens[at].text != ")":
            found = f"'{tokens[at].text}'" if tokens[at].text else "the end"
            raise MeasureError(f"Expected ',' or ')' but found {found}", tokens[at].column)
    expect("punct", ")")
    if tokens[at].kind != "end":
        raise MeasureError(f"Nothing may follow the closing bracket, but found '{tokens[at].text}'", tokens[at].column)
    return _Call(head.text, head.column, params)


_TIMESCALES = {f.name for f in fields(Timescales)}


def _interval(value: list[_Token]) -> Interval:
    first = value[0]
    if len(value) == 1 and first.kind == "name" and first.text.startswith("timescale."):
        name = first.text.removeprefix("timescale.")
        if name not in _TIMESCALES:
            raise MeasureError(f"'{name}' is not one of the council's timescales", first.column)
        for suffix, unit in TIMESCALE_UNITS.items():
            if name.endswith(suffix):
                return Interval(unit, timescale=name)
        raise MeasureError(f"The timescale '{name}' has no unit in its name", first.column)
    if len(value) == 2 and first.kind == "number" and value[1].kind == "name":
        unit_text = value[1].text
        if unit_text not in UNITS:
            raise MeasureError(f"'{unit_text}' is not a unit: use {', '.join(UNITS)}", value[1].column)
        amount = int(first.text)
        if amount < 1:
            raise MeasureError("An interval must be 1 or more", first.column)
        return Interval(unit_text, amount)  # type: ignore[arg-type]
    raise MeasureError("An interval is a number and a unit, like 10 working_days, or timescale.<name>", first.column)


def _name(value: list[_Token], table: dict[str, Name], what: str) -> str:
    if len(value) != 1 or value[0].kind != "name":
        raise MeasureError(f"Give the name of {what}", value[0].column)
    name = value[0].text
    if name not in table:
        raise MeasureError(f"'{name}' is not a known {what}: use one of {', '.join(sorted(table))}", value[0].column)
    return name


SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # kind: (required parameters, optional parameters)
    "within": (frozenset({"from", "to", "by"}), frozenset()),
    "every": (frozenset({"event", "since", "interval"}), frozenset({"first", "second", "requires"})),
    "all": (frozenset({"of"}), frozenset({"when_empty"})),
    "exists": (frozenset({"condition", "since", "by"}), frozenset()),
}

_KINDS = {
    "from": ("anchor", ANCHORS),
    "since": ("anchor", ANCHORS),
    "to": ("event", EVENTS),
    "event": ("event", EVENTS),
    "of": ("collection", COLLECTIONS),
    "condition": ("condition", CONDITIONS),
    "requires": ("condition", CONDITIONS),
}


def parse_measure(text: str) -> Measure:
    """Read a measure, or raise MeasureError saying what is wrong and in which column."""
    call = _call(text)
    if call.kind not in SIGNATURES:
        raise MeasureError(f"'{call.kind}' is not a measure: use {', '.join(SIGNATURES)}", call.column)
    required, optional = SIGNATURES[call.kind]
    for name, (_, column) in call.params.items():
        if name not in required | optional:
            allowed = ", ".join(sorted(required | optional))
            raise MeasureError(f"'{name}' is not a parameter of {call.kind}: use {allowed}", column)
    missing = sorted(required - set(call.params))
    if missing:
        raise MeasureError(f"{call.kind} needs {', '.join(missing)}", call.column)
    values: dict[str, str | Interval] = {}
    for name, (value, _) in call.params.items():
        if name in _KINDS:
            what, table = _KINDS[name]
            values[name] = _name(value, table, what)
        else:
            values[name] = _interval(value)
    return _build(call.kind, values)


def _build(kind: str, v: dict[str, str | Interval]) -> Measure:
    def interval(name: str) -> Interval | None:
        value = v.get(name)
        return value if isinstance(value, Interval) else None

    def text(name: str) -> str:
        value = v.get(name, "")
        return value if isinstance(value, str) else ""

    if kind == "within":
        return Within(anchor=text("from"), event=text("to"), by=interval("by"))  # type: ignore[arg-type]
    if kind == "every":
        return Every(
            event=text("event"),
            since=text("since"),
            interval=interval("interval"),  # type: ignore[arg-type]
            first=interval("first"),
            second=interval("second"),
            requires=text("requires"),
        )
    if kind == "all":
        return AllOf(collection=text("of"), when_empty=interval("when_empty"))
    return Exists(condition=text("condition"), since=text("since"), by=interval("by"))  # type: ignore[arg-type]


def default_urls(measure: Measure) -> tuple[str, str]:
    """Where the evidence for a measure is, and where its missing step is taken, by default."""
    if isinstance(measure, Within | Every):
        name = EVENTS[measure.event]
    elif isinstance(measure, AllOf):
        name = COLLECTIONS[measure.collection]
    else:
        name = CONDITIONS[measure.condition]
    return name.evidence_url, name.missing_url


def measure_words(measure: Measure, scales: Timescales) -> str:
    """The measure in plain words, for the standards page."""
    if isinstance(measure, Within):
        return f"{_cap(EVENTS[measure.event].description)} within {measure.by.words(scales)} of " + (
            ANCHORS[measure.anchor].description
        )
    if isinstance(measure, Every):
        words = f"{_cap(EVENTS[measure.event].description)} at least every {measure.interval.words(scales)}"
        if measure.first:
            words += f", the first within {measure.first.words(scales)} of {ANCHORS[measure.since].description}"
        else:
            words += f", counted from {ANCHORS[measure.since].description}"
        if measure.second:
            words += f", the second within {measure.second.words(scales)} of the first"
        if measure.requires:
            words += f"; and {CONDITIONS[measure.requires].description}"
        return words
    if isinstance(measure, AllOf):
        words = _cap(COLLECTIONS[measure.collection].description)
        if measure.when_empty:
            words += f"; there is at least one within {measure.when_empty.words(scales)} of its start"
        return words
    return f"{_cap(CONDITIONS[measure.condition].description)} within {measure.by.words(scales)} of " + (
        ANCHORS[measure.since].description
    )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
