"""Services, stages, DfE codes and the shares they are drawn with."""

from __future__ import annotations

# group: (service name, team label, practitioners' job title, share of children open to it)
GROUPS: dict[str, tuple[str, str, str, float]] = {
    "early_help": ("Early help", "Early help team", "Early help practitioner", 0.025),
    "front_door": ("Front door and assessment", "Assessment team", "Social worker", 0.018),
    "safeguarding": ("Safeguarding and family support", "Family support team", "Social worker", 0.034),
    "children_in_care": ("Children in care", "Children in care team", "Social worker", 0.007),
}
GROUP_OF_STAGE = {
    "early_help": "early_help",
    "referral": "front_door",
    "assessment": "front_door",
    "s47": "front_door",
    "cin": "safeguarding",
    "cp": "safeguarding",
    "lac": "children_in_care",
}
PRACTITIONERS_PER_TEAM = 8
OPEN_CHILDREN_PER_PRACTITIONER = 17.5

# The state a family is in today, as shares of children (families drawn with these weights give
# the same shares of children). Open states first; the rest have closed history or none.
FAMILY_STATES: tuple[tuple[str, float], ...] = (
    ("early_help", 0.025),
    ("referral", 0.003),
    ("assessment", 0.008),
    ("s47", 0.002),
    ("cin", 0.030),
    ("cp", 0.004),
    ("lac", 0.007),
    ("contact_closed", 0.15),
    ("early_help_closed", 0.08),
    ("assessment_closed", 0.08),
    ("cin_closed", 0.03),
    ("cp_closed", 0.005),
    ("lac_closed", 0.003),
    ("unknown", 0.569),
)
OPEN_STATES = frozenset({"early_help", "referral", "assessment", "s47", "cin", "cp", "lac"})

# (stage, shortest, longest days). For an open chain the last step's range is how long ago it began.
Step = tuple[str, int, int]
CHAINS: dict[str, tuple[tuple[Step, ...], ...]] = {
    "early_help": ((("contact", 0, 0), ("early_help", 0, 270)),),
    "referral": ((("contact", 0, 0), ("referral", 0, 5)),),
    "assessment": ((("contact", 0, 0), ("referral", 0, 2), ("assessment", 0, 40)),),
    "s47": ((("contact", 0, 0), ("referral", 0, 1), ("s47", 0, 12)),),
    "cin": ((("contact", 0, 0), ("referral", 0, 2), ("assessment", 10, 45), ("cin", 0, 720)),),
    "cp": ((("referral", 0, 1), ("assessment", 5, 30), ("s47", 5, 15), ("cp", 0, 540)),),
    "lac": (
        (("referral", 0, 1), ("assessment", 10, 45), ("lac", 0, 2200)),
        (("referral", 0, 1), ("assessment", 5, 30), ("s47", 5, 15), ("cp", 60, 400), ("lac", 0, 1500)),
    ),
    "contact_closed": ((("contact", 0, 0),),),
    "early_help_closed": ((("contact", 0, 0), ("early_help", 60, 360)),),
    "assessment_closed": (
        (("contact", 0, 0), ("referral", 0, 2), ("assessment", 10, 45)),
        (("contact", 0, 0), ("referral", 0, 2), ("assessment", 10, 45), ("early_help", 60, 300)),
    ),
    "cin_closed": ((("contact", 0, 0), ("referral", 0, 2), ("assessment", 10, 45), ("cin", 90, 540)),),
    "cp_closed": ((("referral", 0, 1), ("assessment", 5, 30), ("s47", 5, 15), ("cp", 120, 540), ("cin", 90, 270)),),
    "lac_closed": ((("referral", 0, 1), ("assessment", 10, 45), ("lac", 180, 1500)),),
    "unknown": ((),),
}
PRE_BIRTH_CHAIN: tuple[Step, ...] = (("referral", 0, 2), ("assessment", 0, 50))
SOCIAL_CARE = frozenset({"referral", "assessment", "s47", "cin", "cp", "lac"})
VISITS_BY_STAGE = {
    "early_help": (2, 5),
    "assessment": (2, 4),
    "s47": (1, 3),
    "cin": (3, 6),
    "cp": (4, 8),
    "lac": (3, 6),
}

REFERRAL_SOURCES = (
    ("6", 28),
    ("2A", 18),
    ("3A", 4),
    ("3B", 4),
    ("3E", 3),
    ("3F", 4),
    ("5A", 6),
    ("5D", 6),
    ("1A", 5),
    ("1C", 2),
    ("1D", 3),
    ("4", 3),
    ("7", 2),
    ("8", 6),
    ("9", 2),
    ("10", 2),
)
# N0 ("not stated") is left out: the census and the SSDA903 want the need the work is for.
PRIMARY_NEEDS = (("N1", 56), ("N2", 8), ("N3", 4), ("N4", 8), ("N5", 14), ("N6", 3), ("N7", 1), ("N8", 6))
# Stages before a plan that record the need they were taken on for (a plan's stage draws its own).
NEED_ASSESSED = frozenset({"referral", "assessment", "s47"})
CATEGORIES = (("NEG", 50), ("EMO", 38), ("PHY", 7), ("SAB", 3), ("MUL", 2))
# Placement types the SSDA903 accepts this year (Z1, "other placements", is no longer one).
FOSTER_TYPES = (("U6", 40), ("U4", 20), ("U3", 12), ("U1", 6), ("K2", 10), ("R1", 2), ("P1", 6), ("T0", 4))
DISABILITIES = ("AUT", "LD", "COMM", "BEH", "MOB", "HEAR", "VIS", "DDA")
FAMILY_SIZES = ((1, 30), (2, 32), (3, 22), (4, 11), (5, 5))

YEAR = 365
