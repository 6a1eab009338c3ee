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
    LEGAL = "legal", "Legal"
    SOCIAL = "social", "Social"
