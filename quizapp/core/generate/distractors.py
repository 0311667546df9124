"""Distractors of the answer's type and form: article entities, then generated values."""
from __future__ import annotations

import random
import re
from functools import lru_cache

from quizapp.core.generate.answers import MONTHS, Answer, norm
from quizapp.core.generate.lexicon import COUNTRIES, TITLES, country_key

ALIASES = {
    "us": ["united states", "usa", "america", "united states of america"],
    "un": ["united nations"],
    "uk": ["united kingdom", "britain", "great britain"],
    "eu": ["european union"],
    "ussr": ["soviet union"],
    "dprk": ["north korea"],
    "rok": ["south korea"],
}
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()


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
        return _dedupe(out, key)  # "Trump and Kim" names two people: no part is the answer
    names = set(name_words(text))
    for other in pool:
        if _is_list(other):
            continue  # "Donald Trump and Kim Jong Un" is not another name for "Kim Jong Un"
        other_names = set(name_words(other))
        if names and other_names and "-" not in other and _looks_like_name(other) and (
            other_names <= names or names <= other_names
        ):
            out.append(other)
            continue
        okey = compact(other)
        if not okey or okey == key:
            continue
        owords = okey.split()
        if (set(owords) < set(words) or set(words) < set(owords)) and owords and words:
            out.append(other)
        elif okey.replace(" ", "") == "".join(w[0] for w in words) and len(words) > 1:
            out.append(other)
        elif key.replace(" ", "") == "".join(w[0] for w in owords) and len(owords) > 1:
            out.append(other)
    return _dedupe(out, key)


def _dedupe(out: list[str], key: str) -> list[str]:
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
def _looks_like_name(text: str) -> bool:
    return bool(text) and all(w[:1].isupper() for w in text.replace("-", " ").split()
                              if w.lower() not in ("de", "van", "von", "da", "bin", "al"))


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
    if country_key(c) is not None and country_key(c) == country_key(a):
        return True
    if _looks_like_name(candidate) and _looks_like_name(answer):
        if set(name_words(candidate)) & set(name_words(answer)):
            return True  # "President Trump" / "Donald Trump" / "Trump-Kim"
    if alias_keys is None:
        alias_keys = {compact(x) for x in aliases_of(answer, pool)}
    return c in alias_keys


def shape(text: str, kind: str) -> str:
    """A coarse form of a value: month-year, year, full date, plain number, with unit..."""
    t = text.strip()
    if kind in ("date", "duration"):
        has_month = any(m in t for m in MONTHS)
        has_year = bool(re.search(r"\b\d{4}\b", t))
        has_day = bool(re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", re.sub(r"\b\d{4}\b", "", t)))
        if re.fullmatch(r"(the )?\d{3}0s", t):
            return "decade"
        return f"date:{int(has_month)}{int(has_year)}{int(has_day)}:{len(t.split())}"
    if kind == "number":
        return "number:" + re.sub(r"\d[\d,.]*", "9", t.lower())
    if kind == "place":
        return "country" if country_key(compact(t)) else "place"
    return kind


def _generated(answer: Answer, rng: random.Random) -> list[str]:
    """Plausible values of the same form for dates and numbers."""
    text = answer.text
    out: list[str] = []
    month = next((m for m in MONTHS if m in text), None)
    year_m = re.search(r"\b(1\d{3}|20\d{2})\b", text)
    if answer.kind == "date" and (month or year_m):
        for _ in range(30):
            new = text
            if year_m and (not month or rng.random() < 0.5):
                y = int(year_m.group(1)) + rng.choice([-3, -2, -1, 1, 2, 3])
                new = new.replace(year_m.group(1), str(y))
            if month and (new == text or rng.random() < 0.5):
                new = new.replace(month, rng.choice([m for m in MONTHS if m != month]))
            out.append(new)
        return out
    num_m = re.search(r"\d[\d,]*(\.\d+)?", text)
    if num_m:
        raw = num_m.group()
        value = float(raw.replace(",", ""))
        for _ in range(30):
            factor = rng.choice([0.5, 0.6, 0.75, 0.8, 1.25, 1.5, 2.0, 3.0])
            new_v = value * factor
            if "." in raw:
                rep = f"{new_v:.{len(raw.split('.')[1])}f}"
            else:
                iv = max(1, round(new_v))
                rep = f"{iv:,}" if "," in raw else str(iv)
            out.append(text[: num_m.start()] + rep + text[num_m.end():])
        return out
    low = text.lower()
    for i, w in enumerate(_NUMBER_WORDS):
        if re.search(rf"\b{w}\b", low):
            for j in rng.sample(range(2, len(_NUMBER_WORDS)), len(_NUMBER_WORDS) - 2):
                if j != i:
                    out.append(re.sub(rf"\b{w}\b", _NUMBER_WORDS[j], text, count=1, flags=re.I))
            break
    return out


def pick(
    answer: Answer,
    pool: list[Answer],
    sentence_texts: set[str],
    rng: random.Random,
    k: int = 3,
    names: tuple[str, ...] = (),
) -> list[str]:
    """Choose k distinct distractors for `answer`, or fewer if none fit."""
    names = names or tuple(dict.fromkeys(p.text for p in pool))
    if answer.kind == "phrase":
        return _pick_phrase(answer, pool, sentence_texts, rng, k)
    form = shape(answer.text, answer.kind)
    chosen: list[str] = []

    alias_cache: dict[str, set[str]] = {}

    def alias_keys(text: str) -> set[str]:
        if text not in alias_cache:
            alias_cache[text] = {compact(x) for x in aliases_of(text, names)}
        return alias_cache[text]

    def ok(c: str) -> bool:
        for joint in (",", " and "):
            if (joint in c) != (joint in answer.text):
                return False  # "Hanoi, Vietnam" is not of the form of "Singapore"
        if compact(c) in sentence_texts or clashes(c, answer.text, names, alias_keys(answer.text)):
            return False
        return all(not clashes(c, x, names, alias_keys(x)) for x in chosen)

    same = [p for p in pool if p.kind == answer.kind and shape(p.text, p.kind) == form]
    if answer.kind in ("person", "place", "org", "group", "name"):
        same.sort(key=lambda p: (p.label != answer.label, p.start))
    person_words = {w for p in pool if p.kind == "person" for w in name_words(p.text)}
    for p in same:
        if len(chosen) == k:
            break
        if answer.kind != "person" and set(name_words(p.text)) & person_words:
            continue  # a person mislabelled as a place or organisation
        if ok(p.text):
            chosen.append(p.text)
    if len(chosen) < k and form == "country":
        countries = list(COUNTRIES)
        rng.shuffle(countries)
        for c in countries:
            if len(chosen) == k:
                break
            if ok(c) and all(country_key(compact(c)) != country_key(compact(x)) for x in chosen):
                chosen.append(c)
    if len(chosen) < k and answer.kind in ("date", "duration", "number"):
        for c in _generated(answer, rng):
            if len(chosen) == k:
                break
            if ok(c):
                chosen.append(c)
    return chosen


_ROLE_FAMILY = {"ATTR": "is", "OPRD": "is", "DOBJ": "obj", "RESULT": "obj", "AGENT": "obj",
                "PREP": "obj", "CAUSE": "why", "MEANS": "how", "CLAIM": "that"}


def _pick_phrase(answer: Answer, pool: list[Answer], sentence_texts: set[str],
                 rng: random.Random, k: int) -> list[str]:
    """Distractors for a phrase answer: phrases of other sentences in the same role
    (a means for a means, a complement for a complement), of the same number (plural for
    plural) and a similar length, never sharing the answer's words."""
    role, _, number = answer.label.partition(":")
    family = _ROLE_FAMILY.get(role, "obj")
    words = set(compact(answer.text).split())
    size = len(answer.text.split())
    gerund = answer.text.split()[0].endswith("ing")
    seen: set[str] = set()
    candidates: list[tuple[float, str]] = []
    for p in pool:
        if p.kind != "phrase" or p.start == answer.start:
            continue
        prole, _, pnumber = p.label.partition(":")
        key = compact(p.text)
        if key in seen or key in sentence_texts or not key:
            continue
        if _ROLE_FAMILY.get(prole, "obj") != family or pnumber != number:
            continue
        if p.text.split()[0].endswith("ing") != gerund:
            continue
        if words & set(key.split()) - _STOP:
            continue  # shares a content word: may say the same, or give the key away
        psize = len(p.text.split())
        if not (size / 2 <= psize <= size * 2 + 1):
            continue
        seen.add(key)
        unlike = sum(_pattern(p.text)[i] != _pattern(answer.text)[i] for i in range(2))
        candidates.append((2 * unlike + abs(psize - size) + rng.random(), p.text))
    candidates.sort()
    return [text for _, text in candidates[:k]]


def _pattern(text: str) -> tuple[bool, bool]:
    """The build of a phrase: an "X of Y", a list ("A, B and C")."""
    return " of " in text, (" and " in text or "," in text)


_STOP = frozenset("of the a an and or in to for on with by as at from its their his her".split())
