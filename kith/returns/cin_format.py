"""The CIN census as data, XML and the validator's tables.

A census is a `Census`: the header and one dict per child, nested as the XML nests
(`CINdetails` holding `Assessments`, `CINPlanDates`, `Section47`, `ChildProtectionPlans` with
`Reviews`), every value the text the XML carries (or None when the element is left out). From
it come the XML in the element order the year's schema requires, the tables the DfE's validator
reads (the same tables its own slow XML reader would make), and, for an import, the other way:
XML to a `Census`.

The schema for 2023-24 is the one supplied (`schemas/CIN_schema_2024.xsd`). Later years are
derived from it by their published changes: from 2024-25 <Sex> (M, F, U) replaces
<GenderCurrent>, and 2026-27 adds the optional pre-proceedings block. Put the DfE's own XSD for a
year in `schemas/CIN_schema_<year>.xsd` and it is used instead.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from kith.returns.rules import PRE_PROCEEDINGS_FROM, SEX_ELEMENT_FROM

SCHEMAS = Path(__file__).parent / "schemas"
XS = "http://www.w3.org/2001/XMLSchema"

Value = str | None
Row = dict[str, Any]

HEADER_COLLECTION = ("Collection", "Year", "ReferenceDate")
HEADER_SOURCE = ("SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime")
CHARACTERISTICS = ("Ethnicity",)
CIN_DETAILS_BEFORE = (
    "CINreferralDate",
    "ReferralSource",
    "PrimaryNeedCode",
    "CINclosureDate",
    "ReasonForClosure",
    "DateOfInitialCPC",
)
ASSESSMENT = ("AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate")
CIN_PLAN = ("CINPlanStartDate", "CINPlanEndDate")
SECTION_47 = ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired")
CP_PLAN = ("CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP")


def identifiers(year: int) -> tuple[str, ...]:
    sex = "Sex" if year >= SEX_ELEMENT_FROM else "GenderCurrent"
    return (
        "LAchildID",
        "UPN",
        "FormerUPN",
        "UPNunknown",
        "PersonBirthDate",
        "ExpectedPersonBirthDate",
        sex,
        "PersonDeathDate",
    )


@dataclass
class Census:
    year: int
    header: dict[str, Value]
    children: list[Row] = field(default_factory=list)


# --- XML out -------------------------------------------------------------------------------------


def _put(parent: etree._Element, name: str, value: Value) -> None:
    if value is not None and value != "":
        etree.SubElement(parent, name).text = value


def _put_all(parent: etree._Element, names: tuple[str, ...], row: Row) -> None:
    for name in names:
        _put(parent, name, row.get(name))


def to_xml(census: Census) -> bytes:
    """The census as XML, elements in the schema's order."""
    message = etree.Element("Message")
    header = etree.SubElement(message, "Header")
    _put_all(etree.SubElement(header, "CollectionDetails"), HEADER_COLLECTION, census.header)
    _put_all(etree.SubElement(header, "Source"), HEADER_SOURCE, census.header)
    children = etree.SubElement(message, "Children")
    names = identifiers(census.year)
    for row in census.children:
        child = etree.SubElement(children, "Child")
        _put_all(etree.SubElement(child, "ChildIdentifiers"), names, row)
        characteristics = etree.SubElement(child, "ChildCharacteristics")
        _put_all(characteristics, CHARACTERISTICS, row)
        if row.get("Disabilities"):
            disabilities = etree.SubElement(characteristics, "Disabilities")
            for code in row["Disabilities"]:
                etree.SubElement(disabilities, "Disability").text = code
        for details in row["CINdetails"]:
            _details_xml(etree.SubElement(child, "CINdetails"), details)
    return etree.tostring(message, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _details_xml(element: etree._Element, details: Row) -> None:
    _put_all(element, CIN_DETAILS_BEFORE, details)
    for assessment in details["Assessments"]:
        block = etree.SubElement(element, "Assessments")
        _put_all(block, ASSESSMENT, assessment)
        if assessment.get("AssessmentFactors"):
            factors = etree.SubElement(block, "FactorsIdentifiedAtAssessment")
            for code in assessment["AssessmentFactors"]:
                etree.SubElement(factors, "AssessmentFactors").text = code
    for plan in details["CINPlanDates"]:
        _put_all(etree.SubElement(element, "CINPlanDates"), CIN_PLAN, plan)
    for enquiry in details["Section47"]:
        _put_all(etree.SubElement(element, "Section47"), SECTION_47, enquiry)
    _put(element, "ReferralNFA", details.get("ReferralNFA"))
    for plan in details["ChildProtectionPlans"]:
        block = etree.SubElement(element, "ChildProtectionPlans")
        _put_all(block, CP_PLAN, plan)
        if plan.get("Reviews"):
            reviews = etree.SubElement(block, "Reviews")
            for on in plan["Reviews"]:
                etree.SubElement(reviews, "CPPreviewDate").text = on


# --- XML in --------------------------------------------------------------------------------------


class NotACensus(ValueError):
    """The file is not a CIN census XML file; the message says why."""


def _text(element: etree._Element | None, name: str) -> Value:
    if element is None:
        return None
    found = element.find(name)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def from_xml(content: bytes) -> Census:
    """Read a census file. Raises NotACensus for anything that is not one."""
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise NotACensus(f"The file is not valid XML: {error}") from error
    if root.tag != "Message" or root.find("Children") is None:
        raise NotACensus("The file is not a CIN census: it has no <Message> with <Children>")
    header_element = root.find("Header")
    header: dict[str, Value] = {}
    details = header_element.find("CollectionDetails") if header_element is not None else None
    source = header_element.find("Source") if header_element is not None else None
    header.update({name: _text(details, name) for name in HEADER_COLLECTION})
    header.update({name: _text(source, name) for name in HEADER_SOURCE})
    reference = header.get("ReferenceDate") or ""
    year = int(reference[:4]) if reference[:4].isdigit() else SEX_ELEMENT_FROM
    census = Census(year=year, header=header)
    for child in root.find("Children").findall("Child"):  # type: ignore[union-attr]
        census.children.append(_child_from_xml(child))
    return census


def _child_from_xml(child: etree._Element) -> Row:
    ids = child.find("ChildIdentifiers")
    row: Row = {name: _text(ids, name) for name in identifiers(SEX_ELEMENT_FROM)}
    row["GenderCurrent"] = _text(ids, "GenderCurrent")
    characteristics = child.find("ChildCharacteristics")
    row["Ethnicity"] = _text(characteristics, "Ethnicity")
    disabilities = characteristics.find("Disabilities") if characteristics is not None else None
    row["Disabilities"] = [(d.text or "").strip() for d in disabilities] if disabilities is not None else []
    row["CINdetails"] = [_details_from_xml(d) for d in child.findall("CINdetails")]
    return row


def _details_from_xml(element: etree._Element) -> Row:
    details: Row = {name: _text(element, name) for name in CIN_DETAILS_BEFORE}
    details["ReferralNFA"] = _text(element, "ReferralNFA")
    details["Assessments"] = []
    for block in element.findall("Assessments"):
        assessment: Row = {name: _text(block, name) for name in ASSESSMENT}
        factors = block.find("FactorsIdentifiedAtAssessment")
        assessment["AssessmentFactors"] = (
            [(f.text or "").strip() for f in factors.findall("AssessmentFactors")] if factors is not None else []
        )
        details["Assessments"].append(assessment)
    details["CINPlanDates"] = [{n: _text(b, n) for n in CIN_PLAN} for b in element.findall("CINPlanDates")]
    details["Section47"] = [{n: _text(b, n) for n in SECTION_47} for b in element.findall("Section47")]
    details["ChildProtectionPlans"] = []
    for block in element.findall("ChildProtectionPlans"):
        plan: Row = {name: _text(block, name) for name in CP_PLAN}
        reviews = block.find("Reviews")
        plan["Reviews"] = (
            [(r.text or "").strip() for r in reviews.findall("CPPreviewDate")] if reviews is not None else []
        )
        details["ChildProtectionPlans"].append(plan)
    return details


# --- The validator's tables ----------------------------------------------------------------------

TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "Header": HEADER_COLLECTION + HEADER_SOURCE,
    "ChildIdentifiers": (
        "LAchildID",
        "UPN",
        "FormerUPN",
        "UPNunknown",
        "PersonBirthDate",
        "ExpectedPersonBirthDate",
        "GenderCurrent",
        "Sex",
        "PersonDeathDate",
    ),
    "ChildCharacteristics": ("LAchildID", "Ethnicity"),
    "Disabilities": ("LAchildID", "Disability"),
    "CINdetails": ("LAchildID", "CINdetailsID", *CIN_DETAILS_BEFORE, "ReferralNFA"),
    "Assessments": ("LAchildID", "CINdetailsID", "AssessmentID", *ASSESSMENT, "AssessmentFactors"),
    "AssessmentFactorsList": ("LAchildID", "CINdetailsID", "AssessmentID", "AssessmentFactor"),
    "CINplanDates": ("LAchildID", "CINdetailsID", *CIN_PLAN),
    "Section47": ("LAchildID", "CINdetailsID", *SECTION_47),
    "ChildProtectionPlans": ("LAchildID", "CINdetailsID", "CPPID", *CP_PLAN),
    "Reviews": ("LAchildID", "CINdetailsID", "CPPID", "CPPreviewDate"),
}

Tables = dict[str, list[list[Any]]]


def to_tables(census: Census) -> Tables:
    """The tables the validator reads, rows as lists in TABLE_COLUMNS order, numbered as its own
    XML reader numbers them (CINdetailsID, AssessmentID and CPPID from 1 within their parent)."""
    tables: Tables = {name: [] for name in TABLE_COLUMNS}
    tables["Header"].append([census.header.get(c) for c in TABLE_COLUMNS["Header"]])
    for child in census.children:
        cid = child.get("LAchildID")
        tables["ChildIdentifiers"].append([cid, *(child.get(c) for c in TABLE_COLUMNS["ChildIdentifiers"][1:])])
        tables["ChildCharacteristics"].append([cid, child.get("Ethnicity")])
        tables["Disabilities"].extend([cid, code] for code in child.get("Disabilities") or [])
        for n, details in enumerate(child["CINdetails"], start=1):
            _details_tables(tables, cid, n, details)
    return tables


def _details_tables(tables: Tables, cid: Value, n: int, details: Row) -> None:
    tables["CINdetails"].append([cid, n, *(details.get(c) for c in CIN_DETAILS_BEFORE), details.get("ReferralNFA")])
    for a, assessment in enumerate(details["Assessments"], start=1):
        factors = assessment.get("AssessmentFactors") or []
        tables["Assessments"].append(
            [cid, n, a, *(assessment.get(c) for c in ASSESSMENT), list(factors) if factors else None]
        )
        tables["AssessmentFactorsList"].extend([cid, n, a, code] for code in factors)
    tables["CINplanDates"].extend([cid, n, *(p.get(c) for c in CIN_PLAN)] for p in details["CINPlanDates"])
    tables["Section47"].extend([cid, n, *(s.get(c) for c in SECTION_47)] for s in details["Section47"])
    for p, plan in enumerate(details["ChildProtectionPlans"], start=1):
        tables["ChildProtectionPlans"].append([cid, n, p, *(plan.get(c) for c in CP_PLAN)])
        tables["Reviews"].extend([cid, n, p, on] for on in plan.get("Reviews") or [])


# --- The schema -------------------------------------------------------------------------------------


def _element(parent: etree._Element, name: str, xs_type: str | None = None) -> etree._Element:
    for element in parent.iter(f"{{{XS}}}element"):
        if element.get("name") == name:
            return element
    raise LookupError(name)


def _derive(year: int) -> etree._Element:
    tree = etree.parse(str(SCHEMAS / "CIN_schema_2024.xsd"))
    root = copy.deepcopy(tree.getroot())
    if year >= SEX_ELEMENT_FROM:
        gender = _element(root, "GenderCurrent")
        gender.set("name", "Sex")
        gender.set("type", "sextype")
        sex_type = etree.SubElement(root, f"{{{XS}}}simpleType", name="sextype")
        restriction = etree.SubElement(sex_type, f"{{{XS}}}restriction", base="nonEmptyString")
        for code in ("M", "F", "U"):
            etree.SubElement(restriction, f"{{{XS}}}enumeration", value=code)
        # A child's first plan has no previous plans: the count may be 0.
        _element(root, "NumberOfPreviousCPP").set("type", "xs:nonNegativeInteger")
    if year >= PRE_PROCEEDINGS_FROM:
        cp_plans = _element(root, "ChildProtectionPlans")
        block = etree.Element(f"{{{XS}}}element", name="PreProceedingsandFGDM", minOccurs="0", maxOccurs="unbounded")
        block_type = etree.SubElement(block, f"{{{XS}}}complexType")
        sequence = etree.SubElement(block_type, f"{{{XS}}}sequence")
        for name, xs_type in (
            ("PPStartDate", "xs:date"),
            ("LBPSentDate", "xs:date"),
            ("FGDMMeetingOffer", "xs:string"),
            ("FGDMMeetingFac", "xs:string"),
            ("InitialPPMeetingDate", "xs:date"),
            ("ReviewMeetingsCount", "xs:nonNegativeInteger"),
            ("StepDecisionDate", "xs:date"),
            ("PPOutcome", "xs:string"),
            ("CourtAppDate", "xs:date"),
            ("LetterInitCPDate", "xs:date"),
        ):
            etree.SubElement(sequence, f"{{{XS}}}element", name=name, type=xs_type, minOccurs="0")
        cp_plans.addnext(block)
    return root


@lru_cache(maxsize=8)
def schema_for(year: int) -> etree.XMLSchema:
    """The XSD the census of `year` is checked against."""
    own = SCHEMAS / f"CIN_schema_{year}.xsd"
    if own.exists():
        return etree.XMLSchema(etree.parse(str(own)))
    return etree.XMLSchema(_derive(year))


def schema_errors(content: bytes, year: int, limit: int = 50) -> list[str]:
    """What the schema says is wrong with the file (empty when it is valid)."""
    schema = schema_for(year)
    document = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True))
    if schema.validate(document):
        return []
    return [f"Line {e.line}: {e.message}" for e in list(schema.error_log)[:limit]]
