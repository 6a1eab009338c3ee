"""Known-as names: the nicknames partner agencies often hold instead of a legal first name.

Linkage compares first names through this table as well as letter by letter, so "Billy" at the
school and "William" in Kith are the same first name; the synthetic feeds use it to put
nicknames in. Names are upper case without accents, as linkage standardises them.
"""

from __future__ import annotations

NICKNAMES: dict[str, tuple[str, ...]] = {
    "ALEXANDER": ("ALEX", "SASHA", "ZANDER"),
    "ALEXANDRA": ("ALEX", "LEXI", "SASHA"),
    "ANTHONY": ("TONY", "ANT"),
    "BENJAMIN": ("BEN", "BENJI"),
    "CALLUM": ("CAL",),
    "CHARLES": ("CHARLIE", "CHAS"),
    "CHARLOTTE": ("LOTTIE", "CHARLIE", "LOTTE"),
    "CHRISTOPHER": ("CHRIS", "KIT"),
    "DANIEL": ("DANNY", "DAN"),
    "DAVID": ("DAVE", "DAVEY"),
    "EDWARD": ("ED", "EDDIE", "TED"),
    "ELEANOR": ("ELLIE", "NELL"),
    "ELIZABETH": ("LIZ", "BETH", "LIZZIE", "BETTY"),
    "EMILY": ("EMS", "EM"),
    "FREDERICK": ("FRED", "FREDDIE"),
    "GABRIEL": ("GABE",),
    "HARRISON": ("HARRY",),
    "HENRY": ("HARRY", "HAL"),
    "ISABELLA": ("BELLA", "IZZY", "ISSY"),
    "ISABELLE": ("BELLE", "IZZY"),
    "JACOB": ("JAKE",),
    "JAMES": ("JIM", "JIMMY", "JAMIE"),
    "JAYDEN": ("JAY",),
    "JESSICA": ("JESS", "JESSIE"),
    "JONATHAN": ("JON", "JONNY"),
    "JOSEPH": ("JOE", "JOEY"),
    "JOSHUA": ("JOSH",),
    "KATARZYNA": ("KASIA",),
    "KATHERINE": ("KATE", "KATIE", "KAT"),
    "LEONARDO": ("LEO",),
    "MALGORZATA": ("GOSIA",),
    "MARGARET": ("MAGGIE", "PEGGY", "MEG"),
    "MATTHEW": ("MATT", "MATTY"),
    "MICHAEL": ("MIKE", "MICKY"),
    "MUHAMMAD": ("MO", "MOE"),
    "NATHANIEL": ("NATE", "NAT"),
    "NICHOLAS": ("NICK", "NICKY"),
    "OLIVER": ("OLLIE", "OLLY"),
    "OLIVIA": ("LIV", "LIVVY"),
    "REBECCA": ("BECKY", "BEX"),
    "RICHARD": ("RICH", "RICKY", "DICK"),
    "ROBERT": ("ROB", "BOB", "BOBBY", "ROBBIE"),
    "SAMANTHA": ("SAM", "SAMMY"),
    "SAMUEL": ("SAM", "SAMMY"),
    "SOPHIA": ("SOPHIE",),
    "STEPHEN": ("STEVE", "STEVIE"),
    "THEODORE": ("THEO", "TEDDY"),
    "THOMAS": ("TOM", "TOMMY"),
    "VICTORIA": ("VICKY", "TORI"),
    "WILLIAM": ("BILLY", "WILL", "LIAM", "BILL"),
    "ZACHARY": ("ZAC", "ZACH"),
}

# A nickname shared by two formal names ("SAM") is left out of the canonical map: it is then
# compared as written, which is what a person reading the two records would do.
_SEEN: dict[str, set[str]] = {}
for _formal, _nicknames in NICKNAMES.items():
    for _nickname in _nicknames:
        _SEEN.setdefault(_nickname, set()).add(_formal)

CANONICAL: dict[str, str] = {nick: next(iter(formals)) for nick, formals in _SEEN.items() if len(formals) == 1}

# Letters with accents, and what linkage compares them as (the accented names in the synthetic
# borough: Chloé, Zoë, Siân, Łukasz, Núñez, Nguyễn...).
ACCENTED = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŁŃŚŹŻĆĘĄŒßỄỆẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỊỈỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸĐŞŢĞİŘŠŽČĎŇŤŮĚ"
PLAIN = "AAAAAACEEEEIIIINOOOOOOUUUUYLNSZZCEAOSEEAAAAAAAAAAAAEEEEEEIIOOOOOOOOOOOOUUUUUUUYYYYDSTGIRSZCDNTUE"
assert len(ACCENTED) == len(PLAIN)
