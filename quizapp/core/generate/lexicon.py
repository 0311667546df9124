"""A small built-in lexical resource: country names, and personal titles."""
from __future__ import annotations

COUNTRIES = tuple(
    """Afghanistan; Albania; Algeria; Angola; Argentina; Armenia; Australia; Austria; Azerbaijan;
    Bangladesh; Belarus; Belgium; Bolivia; Bosnia and Herzegovina; Brazil; Bulgaria; Cambodia;
    Cameroon; Canada; Chile; China; Colombia; Croatia; Cuba; Cyprus; Czech Republic; Denmark;
    Ecuador; Egypt; England; Estonia; Ethiopia; Finland; France; Georgia; Germany; Ghana; Greece;
    Guatemala; Haiti; Honduras; Hungary; Iceland; India; Indonesia; Iran; Iraq; Ireland; Israel;
    Italy; Jamaica; Japan; Jordan; Kazakhstan; Kenya; Kuwait; Laos; Latvia; Lebanon; Libya;
    Lithuania; Malaysia; Mali; Mexico; Mongolia; Morocco; Mozambique; Myanmar; Nepal;
    Netherlands; New Zealand; Nicaragua; Niger; Nigeria; North Korea; Norway; Pakistan; Panama;
    Paraguay; Peru; Philippines; Poland; Portugal; Qatar; Romania; Russia; Rwanda;
    Saudi Arabia; Scotland; Senegal; Serbia; Singapore; Slovakia; Slovenia; Somalia; South Africa;
    South Korea; Spain; Sri Lanka; Sudan; Sweden; Switzerland; Syria; Taiwan; Tanzania;
    Thailand; Tunisia; Turkey; Uganda; Ukraine; United Arab Emirates; United Kingdom;
    United States; Uruguay; Uzbekistan; Venezuela; Vietnam; Wales; Yemen; Zambia;
    Zimbabwe""".replace(
        "\n", " "
    ).split(";")
)
COUNTRIES = tuple(c.strip() for c in COUNTRIES)
COUNTRY_ALIASES = {
    "us": "united states", "usa": "united states", "america": "united states",
    "united states of america": "united states", "uk": "united kingdom",
    "britain": "united kingdom", "great britain": "united kingdom", "dprk": "north korea",
    "rok": "south korea", "ussr": "soviet union", "soviet union": "soviet union",
    "burma": "myanmar", "holland": "netherlands",
}
TITLES = frozenset(
    """president mr mrs ms dr sir lady lord king queen prince princess general gen
    senator sen governor gov chairman leader premier minister prime pope saint st
    professor prof captain capt emperor empress tsar czar sultan caliph dame admiral
    colonel duke duchess archduke bishop archbishop cardinal chancellor vice""".split()
)
_KEYS = {c.lower() for c in COUNTRIES}


def country_key(compact_name: str) -> str | None:
    """The canonical lower-case country name for a compacted name, or None."""
    name = COUNTRY_ALIASES.get(compact_name, compact_name)
    return name if name in _KEYS or name == "soviet union" else None


# Acronyms a learner may spell out (or the reverse): "WMD programs" = "weapons of mass
# destruction programs". Only well-known ones; an article's own "(DMZ)" is read off the text.
ACRONYMS = {
    "WMD": "weapons of mass destruction", "UN": "United Nations", "U.N.": "United Nations",
    "EU": "European Union", "NATO": "North Atlantic Treaty Organization",
    "DMZ": "Demilitarized Zone", "US": "United States", "U.S.": "United States",
    "UK": "United Kingdom", "USSR": "Soviet Union", "DNA": "deoxyribonucleic acid",
    "NASA": "National Aeronautics and Space Administration", "GDP": "gross domestic product",
    "OPEC": "Organization of the Petroleum Exporting Countries", "AI": "artificial intelligence",
    "NFL": "National Football League", "WHO": "World Health Organization",
    "WWI": "World War I", "WWII": "World War II",
}
# Other names of one thing a learner may type ("World War I" for "First World War").
SYNONYMS = {
    "first world war": ("World War I", "the Great War", "WWI"),
    "second world war": ("World War II", "WWII"), "world war i": ("First World War",),
    "world war ii": ("Second World War",),
}


# The region of each country in COUNTRIES: a generated country distractor comes from the
# answer's region ("Ecuador" for "Peru", never "Uzbekistan").
_REGIONS = {
    "europe": """Albania; Armenia; Austria; Azerbaijan; Belarus; Belgium; Bosnia and Herzegovina;
        Bulgaria; Croatia; Cyprus; Czech Republic; Denmark; Estonia; Finland; France; Georgia;
        Germany; Greece; Hungary; Iceland; Ireland; Italy; Latvia; Lithuania; Netherlands;
        Norway; Poland; Portugal; Romania; Russia; Serbia; Slovakia; Slovenia; Spain; Sweden;
        Switzerland; Ukraine; United Kingdom; England; Scotland; Wales""",
    "americas": """Argentina; Bolivia; Brazil; Canada; Chile; Colombia; Cuba; Ecuador; Guatemala;
        Haiti; Honduras; Jamaica; Mexico; Nicaragua; Panama; Paraguay; Peru; United States;
        Uruguay; Venezuela""",
    "middle east and north africa": """Algeria; Egypt; Iran; Iraq; Israel; Jordan; Kuwait;
        Lebanon; Libya; Morocco; Qatar; Saudi Arabia; Syria; Tunisia; Turkey;
        United Arab Emirates; Yemen""",
    "africa": """Angola; Cameroon; Ethiopia; Ghana; Kenya; Mali; Mozambique; Niger; Nigeria;
        Rwanda; Senegal; Somalia; South Africa; Sudan; Tanzania; Uganda; Zambia; Zimbabwe""",
    "asia and oceania": """Afghanistan; Australia; Bangladesh; Cambodia; China; India; Indonesia;
        Japan; Kazakhstan; Laos; Malaysia; Mongolia; Myanmar; Nepal; New Zealand; North Korea;
        Pakistan; Philippines; Singapore; South Korea; Sri Lanka; Taiwan; Thailand; Uzbekistan;
        Vietnam""",
}
REGION_OF = {c.strip().lower(): region for region, names in _REGIONS.items()
             for c in names.split(";")}
