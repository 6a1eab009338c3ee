"""Department for Education codes on the child's journey (CIN census and SSDA903)."""

from __future__ import annotations

from django.db import models


class Stage(models.TextChoices):
    """The stages of the continuum, in the order a child usually meets them."""

    CONTACT = "contact", "Contact"
    EARLY_HELP = "early_help", "Early help"
    REFERRAL = "referral", "Referral"
    ASSESSMENT = "assessment", "Child and family assessment"
    CHILD_IN_NEED = "cin", "Child in need"
    SECTION_47 = "s47", "Section 47 enquiry"
    CHILD_PROTECTION = "cp", "Child protection plan"
    LOOKED_AFTER = "lac", "Looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"


# Stages that open a child to children's social care (early help and contacts do not).
SOCIAL_CARE_STAGES = frozenset(
    {
        Stage.REFERRAL,
        Stage.ASSESSMENT,
        Stage.CHILD_IN_NEED,
        Stage.SECTION_47,
        Stage.CHILD_PROTECTION,
        Stage.LOOKED_AFTER,
        Stage.CARE_LEAVER,
    }
)


class ReferralSource(models.TextChoices):
    S1A = "1A", "Individual: family member, relative or carer"
    S1B = "1B", "Individual: acquaintance"
    S1C = "1C", "Individual: self"
    S1D = "1D", "Individual: other"
    S2A = "2A", "Schools"
    S2B = "2B", "Education services"
    S3A = "3A", "Health: GP"
    S3B = "3B", "Health: health visitor"
    S3C = "3C", "Health: school nurse"
    S3D = "3D", "Health: other primary health services"
    S3E = "3E", "Health: A&E"
    S3F = "3F", "Health: other"
    S4 = "4", "Housing"
    S5A = "5A", "Local authority services: social care"
    S5B = "5B", "Local authority services: other internal"
    S5C = "5C", "Local authority services: external"
    S5D = "5D", "Local authority services: early help"
    S6 = "6", "Police"
    S7 = "7", "Other legal agency"
    S8 = "8", "Other"
    S9 = "9", "Anonymous"
    S10 = "10", "Unknown"


class PrimaryNeed(models.TextChoices):
    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental illness or disability"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"
    N9 = "N9", "Cases other than children in need"
    N0 = "N0", "Not stated"


class ClosureReason(models.TextChoices):
    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to services of another local authority"
    RC6 = "RC6", "Transferred to adult social care"
    RC7 = "RC7", "Services ceased for any other reason, including child no longer in need"
    RC8 = "RC8", "Case closed after assessment, no further action"
    RC9 = "RC9", "Case closed after assessment, referred to early help"


class CategoryOfAbuse(models.TextChoices):
    NEGLECT = "NEG", "Neglect"
    PHYSICAL = "PHY", "Physical abuse"
    EMOTIONAL = "EMO", "Emotional abuse"
    SEXUAL = "SAB", "Sexual abuse"
    MULTIPLE = "MUL", "Multiple"


class LegalStatus(models.TextChoices):
    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order granted"
    E1 = "E1", "Placement order granted"
    J1 = "J1", "Remanded to local authority accommodation or youth detention"
    J2 = "J2", "Placed in local authority accommodation under PACE"
    J3 = "J3", "Sentenced to a youth rehabilitation order with residence or fostering requirement"
    L1 = "L1", "Under police protection and in local authority accommodation"
    L2 = "L2", "Emergency protection order"
    L3 = "L3", "Under child assessment order and in local authority accommodation"
    V2 = "V2", "Single period of accommodation under section 20"
    V3 = "V3", "Accommodated under an agreed series of short-term breaks (single placements)"
    V4 = "V4", "Accommodated under an agreed series of short-term breaks (multiple placements)"


class PlacementType(models.TextChoices):
    A3 = "A3", "Placed for adoption with parental consent with current foster carer"
    A4 = "A4", "Placed for adoption with parental consent not with current foster carer"
    A5 = "A5", "Placed for adoption with placement order with current foster carer"
    A6 = "A6", "Placed for adoption with placement order not with current foster carer"
    H5 = "H5", "Semi-independent living accommodation"
    K1 = "K1", "Secure children's home"
    K2 = "K2", "Children's home"
    P1 = "P1", "Placed with own parent or other person with parental responsibility"
    P2 = "P2", "Independent living"
    P3 = "P3", "Residential employment"
    R1 = "R1", "Residential care home"
    R2 = "R2", "NHS or health trust establishment"
    R3 = "R3", "Family centre or mother and baby unit"
    R5 = "R5", "Young offender institution or prison"
    S1 = "S1", "All residential schools, except where dual-registered as a school and children's home"
    T0 = "T0", "Temporary placement (all types)"
    U1 = "U1", "Foster placement with relative or friend, long-term fostering"
    U2 = "U2", "Foster placement with relative or friend who is also an approved adopter (FFA)"
    U3 = "U3", "Foster placement with relative or friend, not long-term or FFA"
    U4 = "U4", "Foster placement with other foster carer, long-term fostering"
    U5 = "U5", "Foster placement with other foster carer who is also an approved adopter (FFA)"
    U6 = "U6", "Foster placement with other foster carer, not long-term or FFA"
    Z1 = "Z1", "Other placements"


class ChildSeen(models.TextChoices):
    SEEN_ALONE = "seen_alone", "Seen alone"
    SEEN = "seen", "Seen with others"
    NOT_SEEN = "not_seen", "Not seen"


class VisitPlace(models.TextChoices):
    HOME = "home", "The child's home"
    SCHOOL = "school", "School or nursery"
    PLACEMENT = "placement", "Where the child is placed"
    OFFICE = "office", "An office or family centre"
    COMMUNITY = "community", "Somewhere in the community"
    VIRTUAL = "virtual", "Video call"
