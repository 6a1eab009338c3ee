"""Department for Education codes used on a person (CIN census and SSDA903)."""

from __future__ import annotations

from django.db import models


class Sex(models.TextChoices):
    MALE = "1", "Male"
    FEMALE = "2", "Female"
    NOT_KNOWN = "0", "Not known"
    NOT_STATED = "9", "Not stated"


class Gender(models.TextChoices):
    SAME_AS_SEX = "same", "Same as sex recorded at birth"
    BOY_OR_MAN = "man", "Boy or man"
    GIRL_OR_WOMAN = "woman", "Girl or woman"
    NON_BINARY = "non_binary", "Non-binary"
    OTHER = "other", "In another way"
    NOT_STATED = "not_stated", "Prefers not to say"
    NOT_KNOWN = "not_known", "Not known"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy or Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Caribbean"
    BAFR = "BAFR", "African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism or Asperger syndrome"
    DDA = "DDA", "Other disability"


class RelationshipKind(models.TextChoices):
    """What `from_person` is to `to_person`."""

    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    STEP_SIBLING = "step_sibling", "Step-sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
    COUSIN = "cousin", "Cousin"
    PARTNER = "partner", "Partner"
    CARER = "carer", "Carer"
    FOSTER_CARER = "foster_carer", "Foster carer"
    FRIEND = "friend", "Friend"
    NEIGHBOUR = "neighbour", "Neighbour"
    PROFESSIONAL = "professional", "Professional"
    OTHER = "other", "Other"


class RelationshipNature(models.TextChoices):
    BIOLOGICAL = "biological", "Biological"
    ADOPTIVE = "adoptive", "Adoptive"
    LEGAL = "legal", "Legal"
    SOCIAL = "social", "Social"


class DateAccuracy(models.TextChoices):
    """How sure a date is: families often know only a year, or roughly when."""

    EXACT = "exact", "Exact date"
    YEAR = "year", "Year only"
    ABOUT = "about", "About that year"


class PartnershipStatus(models.TextChoices):
    MARRIED = "married", "Married"
    CIVIL_PARTNERS = "civil_partners", "Civil partners"
    COHABITING = "cohabiting", "Living together"
    DATING = "dating", "In a relationship, not living together"
    SEPARATED = "separated", "Separated"
    DIVORCED = "divorced", "Divorced or civil partnership dissolved"


class Twin(models.TextChoices):
    TWIN = "twin", "Twins"
    IDENTICAL = "identical", "Identical twins"


class EmotionalTie(models.TextChoices):
    CLOSE = "close", "Close"
    DISTANT = "distant", "Distant"
    CONFLICTED = "conflicted", "Conflicted"
    HOSTILE = "hostile", "Hostile"
    CUT_OFF = "cut_off", "Cut off"
    ABUSIVE = "abusive", "Abusive"


class TieDirection(models.TextChoices):
    BOTH = "both", "Both ways"
    FROM_TO = "from_to", "From the first person to the second"
    TO_FROM = "to_from", "From the second person to the first"


class ConnectionKind(models.TextChoices):
    """Who or what is around the child on the ecomap."""

    PERSON = "person", "Person"
    FRIENDS = "friends", "Friends"
    SCHOOL = "school", "School or nursery"
    GP = "gp", "GP"
    HEALTH_VISITOR = "health_visitor", "Health visitor or school nurse"
    HEALTH = "health", "Other health service"
    YOUTH_CLUB = "youth_club", "Youth club or activity"
    FAITH_GROUP = "faith_group", "Faith group"
    COMMUNITY_GROUP = "community_group", "Community group"
    POLICE = "police", "Police"
    SOCIAL_CARE = "social_care", "Social care"
    HOUSING = "housing", "Housing"
    WORK = "work", "Work or college"
    OTHER_AGENCY = "other_agency", "Other agency"


class ConnectionStrength(models.TextChoices):
    STRONG = "strong", "Strong"
    TENUOUS = "tenuous", "Tenuous"
    STRESSFUL = "stressful", "Stressful"


class SupportFlow(models.TextChoices):
    NONE = "none", "No support either way"
    TO_CHILD = "to_centre", "Support goes to the child"
    FROM_CHILD = "from_centre", "Support goes from the child"
    BOTH = "both", "Both ways"


class NetworkRole(models.TextChoices):
    SUPPORT = "support", "Support network"
    SAFETY = "safety", "Safety network"
    BOTH = "both", "Support and safety network"


class NetworkStatus(models.TextChoices):
    """Where we are in finding and asking someone: we presume a network exists and can be found."""

    TO_FIND = "to_find", "Still to be found"
    TO_ASK = "to_ask", "Found, not yet asked"
    ASKED = "asked", "Asked, waiting for an answer"
    AGREED = "agreed", "Agreed to be part of the network"
    DECLINED = "declined", "Said no for now"
