"""Names of one thing: acronyms, shorter and fuller names, and what clashes with an answer."""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein

from quizapp.core.generate.answers import norm
from quizapp.core.generate.lexicon import TITLES, country_key

ALIASES = {
    "us": ["united states", "usa", "america", "united states of america"],
    "un": ["united nations"],
    "uk": ["united kingdom", "britain", "great britain"],
    "eu": ["european union"],
    "ussr": ["soviet union"],
    "dprk": ["north korea"],
    "rok": ["south korea"],
}


@lru_cache(maxsize=65536)
def compact(text: str) -> str:
    """Normalise and drop dots and spaces inside acronyms ("U.N." -> "un")."""
    return norm(text.replace(".", ""))


def aliases_of(text: str, pool: list[str] | tuple[str, ...]) -> list[str]:
    """Other names for `text`: known abbreviations and shorter/longer names from `pool`."""
    key = compact(text)
    out: list[str] = []
    for short, longs in ALIASES.items():
        if key == short:
            out.extend(longs)
        elif key in longs:
            out.append(short)
            out.extend(x for x in longs if x != key)
    words = key.split()
    if _is_list(text):
        return dedupe(out, key)  # "Trump and Kim" names two people: no part is the answer
    names = set(name_words(text))
    for other in pool:
        if _is_list(other):
            continue  # "Donald Trump and Kim Jong Un" is not another name for "Kim Jong Un"
        other_names = set(name_words(other))
        if names and other_names and "-" not in other and looks_like_name(other) and (
            other_names <= names or names <= other_names
        ):
            out.append(other)
            continue
        okey = compact(other)
        if not okey or okey == key:
            continue
        owords = okey.split()
        if set(words) < set(owords) and text[:1].islower():
            continue  # "ability of bacteria" is no other name for "bacteria"
        if (set(owords) < set(words) or set(words) < set(owords)) and owords and words:
            out.append(other)
        elif okey.replace(" ", "") == "".join(w[0] for w in words) and len(words) > 1:
            out.append(other)
        elif key.replace(" ", "") == "".join(w[0] for w in owords) and len(owords) > 1:
            out.append(other)
    return dedupe(out, key)


def dedupe(out: list[str], key: str) -> list[str]:
    """Each form once (by its compact key), and none that is `key` itself."""
    seen: set[str] = set()
    result = []
    for a in out:
        if compact(a) not in seen and compact(a) != key:
            seen.add(compact(a))
            result.append(a)
    return result


_LIST = re.compile(r"\s(and|or|&|with)\s|,|;|/")


def _is_list(text: str) -> bool:
    """True for a phrase naming several things ("Donald Trump and Kim Jong Un")."""
    return bool(_LIST.search(text))


@lru_cache(maxsize=65536)
def name_words(text: str) -> tuple[str, ...]:
    """Words of a name without titles, splitting hyphenated pairs ("Trump-Kim")."""
    words = norm(text.replace("-", " ").replace(".", "")).split()
    return tuple(w for w in words if w not in TITLES and len(w) > 1)


@lru_cache(maxsize=65536)
def looks_like_name(text: str) -> bool:
    return bool(text) and all(w[:1].isupper() for w in text.replace("-", " ").split()
                              if w.lower() not in ("de", "van", "von", "da", "bin", "al"))


_PART_OF = {"england": "united kingdom", "scotland": "united kingdom", "wales": "united kingdom"}


def _one_spelling(c: str, a: str) -> bool:
    """Two words of letters one edit apart (two past eight letters): what the grader would
    take for a typo of the other, so never a choice beside it (acronyms aside: "OPEC" and
    "OAPEC" are two organisations)."""
    if len(a) < 4 or not (c.replace(" ", "").isalpha() and a.replace(" ", "").isalpha()):
        return False
    return DamerauLevenshtein.distance(c, a) <= (1 if len(a) <= 8 else 2)


def clashes(
    candidate: str,
    answer: str,
    pool: list[str] | tuple[str, ...],
    alias_keys: set[str] | None = None,
) -> bool:
    """True if a candidate is the answer, an alias of it, a substring or a superstring."""
    c, a = compact(candidate), compact(answer)
    if not c or not a or c == a or c in a or a in c:
        return True
    ck, ak = country_key(c), country_key(a)
    if ck is not None and (ck == ak or _PART_OF.get(ck) == ak or _PART_OF.get(ak or "") == ck):
        return True  # "Britain" beside "England": Newcastle was both's northern fortress
    if not (candidate.isupper() or answer.isupper()) and _one_spelling(c, a):
        return True  # "Hanse" beside "Hansa": the same name spelt two ways
    if looks_like_name(candidate) and looks_like_name(answer):
        if set(name_words(candidate)) & set(name_words(answer)):
            return True  # "President Trump" / "Donald Trump" / "Trump-Kim"
    if alias_keys is None:
        alias_keys = {compact(x) for x in aliases_of(answer, pool)}
    return c in alias_keys
