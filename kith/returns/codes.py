"""Codes of the returns app: what a run is, how far it has got, and the Department for
Education's SSDA903 codes for what Kith records only for the return (missing episodes, UASC,
outcomes, adoption, previous permanence, reviews of looked-after children)."""

from __future__ import annotations

from django.db import models


class RunKind(models.TextChoices):
    CIN_CENSUS = "cin_census", "CIN census"
    SSDA903 = "ssda903", "SSDA903 return"
    ANNEX_A = "annex_a", "Ofsted Annex A"
    IMPORT = "import", "Import of a council's returns"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


class IssueKind(models.TextChoices):
    """What the DfE's validator said about a rule: an error must be fixed before the return is
    accepted; a query must be checked and explained; a rule that crashed inside the validator
    proves nothing, so it is never counted as passed."""

    ERROR = "error", "Error"
    QUERY = "query", "Query"
    COULD_NOT_RUN = "could_not_run", "Rule could not run"


class ImportOutcome(models.TextChoices):
    IMPORTED = "imported", "Imported"
    MERGED = "merged", "Merged with a child already in Kith"
    UNCHANGED = "unchanged", "Already in Kith, nothing changed"
    REJECTED = "rejected", "Rejected"


class MissingKind(models.TextChoices):
    MISSING = "M", "Missing"
    AWAY = "A", "Away from placement without authorisation"


class ReasonNewEpisode(models.TextChoices):
    STARTED = "S", "Started to be looked after"
    LEGAL = "L", "Change of legal status only"
    PLACE = "P", "Change of placement only"
    BOTH = "B", "Change of legal status and placement at the same time"
    TEMPORARY = "T", "Change of placement only, to or from a temporary placement"
    PROVIDER = "U", "Change of legal status and placement provider"


class PlacementProvider(models.TextChoices):
    PR0 = "PR0", "Parent or other person with parental responsibility"
    PR1 = "PR1", "Own provision by the local authority"
    PR2 = "PR2", "Other local authority provision"
    PR3 = "PR3", "Other public provision"
    PR4 = "PR4", "Private provision"
    PR5 = "PR5", "Voluntary or third sector provision"


class ReasonCeased(models.TextChoices):
    E11 = "E11", "Adopted: application for an adoption order unopposed"
    E12 = "E12", "Adopted: consent dispensed with by the court"
    E13 = "E13", "Left care to live with parents, relatives or others, no parental responsibility"
    E14 = "E14", "Accommodation on remand ended"
    E15 = "E15", "Age assessment determined child is aged 18 or over"
    E16 = "E16", "Child moved abroad"
    E17 = "E17", "Aged 18 or over and remained with current carers"
    E2 = "E2", "Died"
    E3 = "E3", "Care taken over by another local authority in the UK"
    E41 = "E41", "Residence order or child arrangements order granted"
    E45 = "E45", "Special guardianship order made to former foster carers"
    E46 = "E46", "Special guardianship order made to carers other than former foster carers"
    E47 = "E47", "Special guardianship order made to relatives or friends, not foster carers"
    E48 = "E48", "Special guardianship order made to relatives or friends, former foster carers"
    E4A = "E4A", "Returned home to live with parents or others with parental responsibility, as part of the care plan"
    E4B = "E4B", "Returned home to live with parents or others with parental responsibility, not part of the care plan"
    E5 = "E5", "Moved into independent living with supportive accommodation"
    E6 = "E6", "Moved into independent living with no formalised support"
    E7 = "E7", "Transferred to residential care funded by adult social care"
    E8 = "E8", "Period of being looked after ceased for any other reason"
    E9 = "E9", "Sentenced to custody"


class ReviewParticipation(models.TextChoices):
    PN0 = "PN0", "Child aged under 4 at the time of the review"
    PN1 = "PN1", "Child physically attended and spoke for themselves"
    PN2 = "PN2", "Child physically attended and an advocate spoke for them"
    PN3 = "PN3", "Child attended and conveyed their views symbolically"
    PN4 = "PN4", "Child physically attended but did not speak"
    PN5 = "PN5", "Child did not attend but briefed an advocate to speak for them"
    PN6 = "PN6", "Child did not attend but conveyed their feelings by a facilitative medium"
    PN7 = "PN7", "Child did not attend or contribute"


class PreviousPermanenceKind(models.TextChoices):
    P1 = "P1", "Adoption"
    P2 = "P2", "Special guardianship order"
    P3 = "P3", "Residence order or child arrangements order"
    P4 = "P4", "Adoption abroad"
    Z1 = "Z1", "Not known"


class PlacedCeasedReason(models.TextChoices):
    RD1 = "RD1", "The child's needs changed"
    RD2 = "RD2", "The court did not make an order"
    RD3 = "RD3", "Prospective adopters could not be found"
    RD4 = "RD4", "Any other reason"


class InTouch(models.TextChoices):
    YES = "YES", "Yes"
    NO = "NO", "No"
    DIED = "DIED", "Died"
    REFU = "REFU", "Refused contact"
    NREQ = "NREQ", "No longer requires services"
    RHOM = "RHOM", "Returned home for more than 7 days"


# Codes written as is: the 903 tables' own vocabularies for outcomes and adoption.
OC3_ACTIVITY = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0")
OC3_ACCOMMODATION = (*(f"{c}{n}" for c in "BCDEGHKRSTUVWXYZ" for n in "12"), "0")
ADOPTER_SEX = ("M1", "F1", "MM", "FF", "MF")
ADOPTER_LEGAL_STATUS = ("L0", "L11", "L12", "L2", "L3", "L4")
SDQ_REASONS = ("SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5")
# Why a social worker episode began (SSDA903 SWEpisodes).
SW_REASONS = ("FCONTA", "MANAGE", "ORGRST", "ABSENC", "LEFTRL", "PCCHAN", "CHCHAN", "TSPROC", "SWDIED", "OTHERS")
