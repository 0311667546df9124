"""Accepted answers: the article's own fuller and shorter forms, acronyms, synonyms."""
from __future__ import annotations

import re

from quizapp.core.generate.answers import Answer
from quizapp.core.generate.lexicon import ACRONYMS, SYNONYMS, TITLES
from quizapp.core.generate.names import aliases_of, compact, dedupe

NUMBER_WORDS = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}


def as_number(text: str) -> float | None:
    """Parse "55", "1,200", "3.5" or "seven" into a number, else None."""
    t = text.strip().lower().replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return float(t)
    return float(NUMBER_WORDS[t]) if t in NUMBER_WORDS else None


_PLAIN_ADJECTIVES = frozenset("""active small large big great remarkable huge tiny main major
    important new old early late high low strong weak rapid slow many several""".split())
_GENERIC_HEADS = frozenset("""molecule membrane cell layer level area region system process
    network gas atom particle""".split())


def accepted_forms(answer: Answer, names: tuple[str, ...], every: tuple[str, ...] = (),
                   aliases: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    aliases = aliases or {}
    out = [n for n in every if acronym_of(n, answer.text) or acronym_of(answer.text, n)]
    bare = re.sub(r"^(the|a|an)\s+", "", answer.text, flags=re.I)
    if bare != answer.text:
        out.append(bare)
    out.extend(a for a in aliases_of(answer.text, names) if len(a) > 1)
    if answer.kind == "place" and answer.text.count(",") == 1:
        out.append(answer.text.split(",")[0])  # "Hanoi, Vietnam": "Hanoi" names it
    feature = re.match(r"(?:the )?(?:Mount|Mt\.?|Lake|River|Cape|Isle of) (.+)$", answer.text)
    if answer.kind == "place" and feature:
        out.append(feature.group(1))  # "Vesuvius" for "Mount Vesuvius"
    water = re.match(r"(?:the )?(.+?) (?:Ocean|Sea|Desert|Mountains|Peninsula)$", answer.text)
    if answer.kind == "place" and water and water.group(1)[:1].isupper():
        out.append(water.group(1))  # "Pacific" for "Pacific Ocean"
    of_place = re.match(r"(?:the )?(?:Treaty|Battle|Siege|Peace|Edict|Congress|Council) of "
                        r"([A-Z][\w-]+(?: [A-Z][\w-]+)?)$", answer.text)
    if answer.kind in ("name", "org", "place", "thing") and of_place:
        out.append(of_place.group(1))  # "Stralsund" for "Treaty of Stralsund"
    if answer.kind == "place":  # "Hanoi": the article's fuller "Hanoi, Vietnam" names it too
        out.extend(n for n in every if n.startswith(answer.text + ", ") and n.count(",") == 1)
    for short, long in ACRONYMS.items():  # "WMD programs": "weapons of mass destruction ..."
        if re.search(rf"(?<![\w.]){re.escape(short)}(?![\w.]|\.\w)", answer.text):
            out.append(re.sub(rf"(?<![\w.]){re.escape(short)}(?![\w])", long, answer.text))
    words = answer.text.split()
    if answer.kind == "person" and len(words) >= 2:  # "Orellana", "de Orellana", "Wren"
        rest = [w for w in words if w.lower().rstrip(".") not in TITLES]
        if len(rest) >= 2 and len(rest[-1]) > 3:
            out.append(rest[-1])
            if rest[-2].lower() in ("de", "van", "von", "da", "del", "di", "le", "la"):
                out.append(" ".join(rest[-2:]))
        if len(rest) < len(words):
            out.append(" ".join(rest))  # "Christopher Wren" for "Sir Christopher Wren"
    lead = re.match(r"(?i)(about|around|roughly|nearly|almost|approximately|some|over|more than"
                    r"|less than|at least)\s+", answer.text)
    if lead and len(words) > 1:
        out.append(answer.text[lead.end():])  # "a fifth" for "about a fifth"
    if answer.kind in ("thing", "phrase") and len(words) == 2 and words[1].lower().rstrip(
            "s") in _GENERIC_HEADS:
        out.append(words[0])  # "water" for "water molecules", "thylakoid" for "... membranes"
    elif answer.kind in ("thing", "phrase") and len(words) == 2 and words[0].lower() in (
            _PLAIN_ADJECTIVES):
        out.append(words[1])  # "volcanoes" for "active volcanoes", "speed" for "great speed"
    if answer.kind == "person":  # "Julius Caesar" for "Caesar": the article's fuller name
        out.extend(n for n in every if n != answer.text and n.endswith(" " + answer.text)
                   and n[:1].isupper() and len(n.split()) <= 4)
    out.extend(aliases.get(compact(answer.text), ()))
    out.extend(SYNONYMS.get(compact(answer.text), ()))
    num = as_number(answer.text)
    if num is not None and answer.kind == "number":
        out.append(str(int(num)) if num.is_integer() else str(num))
    return dedupe(out, compact(answer.text))


def acronym_of(short: str, long: str) -> bool:
    """'DMZ' abbreviates 'Demilitarized Zone': its letters in order, first and last anchored."""
    letters = short.replace(".", "")
    words = long.replace("-", " ").split()
    if not (2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()) or len(words) < 2:
        return False
    if letters[0] != words[0][:1].upper() or letters[-1] != words[-1][:1].upper():
        return False
    rest = iter(" ".join(words).upper())
    return all(ch in rest for ch in letters)


_PAREN = re.compile(r"\b([A-Za-z][\w'-]*(?: [\w'-]+){0,4}) \(([^()]{1,40})\)")


def article_aliases(text: str) -> dict[str, tuple[str, ...]]:
    """Names the article gives in parentheses, both ways: "carbon dioxide (CO2)",
    "Demilitarized Zone (DMZ)", "stomata (tiny pores)" -> key: other names."""
    out: dict[str, list[str]] = {}
    for m in _PAREN.finditer(text):
        inner = m.group(2).strip()
        if re.search(r"\d{3,}|[;:]|\b(see|also|born|died|c\.)\b", inner, re.I):
            continue  # "(1641–1679)", "(see List of ...)": no other name
        words = m.group(1).split()
        letters = sum(c.isalpha() for c in inner)
        if inner.upper() == inner and 2 <= letters <= 5:
            n = letters  # an acronym: as many words as it has letters ("carbon dioxide (CO2)")
        elif len(inner.split()) <= 3:
            n = 1  # "stomata (tiny pores)"
        else:
            continue
        if len(words) < n:
            continue
        outer = " ".join(words[-n:])
        for a, b in ((outer, inner), (inner, outer)):
            out.setdefault(compact(a), []).append(b)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}
