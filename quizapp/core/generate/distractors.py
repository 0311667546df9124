"""Distractors of the answer's type and form: article entities, then generated values."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

from quizapp.core.generate.answers import MONTHS, Answer, norm
from quizapp.core.generate.lexicon import COUNTRIES, REGION_OF, TITLES, country_key

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


_WATER = re.compile(r"\b(sea|ocean|gulf|bay|lake|river|strait|channel|canal|sound)\b", re.I)
_LAND = re.compile(r"\b(mountains?|mount|hills?|peninsula|island|isthmus|desert|valley)\b", re.I)
CONTINENTS = frozenset("africa asia europe antarctica australia oceania".split()) | {
    "north america", "south america", "eurasia"}


_NOT_PERSON = re.compile(r"\b(lane|street|road|square|bridge|cathedral|church|abbey|hall|house|"
                         r"palace|tower|river|city|park|college|university|school|museum)\b",
                         re.I)


def place_class(text: str) -> str:
    """A body of water for a body of water, a continent for a continent."""
    if _WATER.search(text):
        return "water"
    if _LAND.search(text):
        return "land"
    if compact(text) in CONTINENTS:
        return "continent"
    return "other"


def _suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


_FRACTIONS = ("one-half", "one-third", "one-quarter", "one-fifth", "one-tenth", "two-thirds",
              "three-quarters", "one-sixth", "one-eighth")
_FRACTION = re.compile(r"\b(one|two|three|four|five)-(half|halves|thirds?|quarters?|fourths?|"
                       r"fifths?|sixths?|eighths?|tenths?|\w+teenths?)\b", re.I)
_ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b")
_DECADE = re.compile(r"\b(1[0-9]|20)(\d)0s\b")
_RANGE = re.compile(r"\b(1\d{3}|20\d{2})(\s*(?:–|-|and|to)\s*)(1\d{3}|20\d{2})\b")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)(\s*(?:%|percent|per cent))")


def possible(text: str, latest_year: int | None = None) -> bool:
    """A value that can be: a share within 0-100%, a decade or a century that exists, no
    year after the article's latest (a 2019 article has no "2021")."""
    for m in _PERCENT.finditer(text):
        if float(m.group(1)) > 100:
            return False
    if re.search(r"\b(\d{1,3}|[3-9]\d{3})s\b", text):
        return False  # "the 995s", "the mid-5940s"
    for m in _ORDINAL.finditer(text):
        n = int(m.group(1))
        if m.group(2) != _suffix(n) or (re.match(r"\s*(century|millennium)", text[m.end():])
                                         and not 1 <= n <= 21):
            return False
    if latest_year is not None:
        for y in re.findall(r"\b(1\d{3}|20\d{2})s?\b", text):
            if int(y) > latest_year:
                return False
        for m in _ORDINAL.finditer(text):
            if re.match(r"\s*century", text[m.end():]) and (int(m.group(1)) - 1) * 100 > \
                    latest_year and "BC" not in text:
                return False
    return True


def _special(text: str, rng: random.Random) -> list[str] | None:
    """Values of forms that scaling a number would break: fractions, ordinals and
    centuries, decades, year ranges, percentages."""
    m = _FRACTION.search(text)
    if m:
        return [text[: m.start()] + f + text[m.end():] for f in _FRACTIONS
                if f.lower() != m.group(0).lower()]
    m = _RANGE.search(text)
    if m:
        a, b = int(m.group(1)), int(m.group(3))
        out = []
        for d in rng.sample([-6, -4, -3, -2, 2, 3, 4, 6], 8):
            out.append(text[: m.start()] + f"{a + d}{m.group(2)}{b + d}" + text[m.end():])
        return out
    m = _DECADE.search(text)
    if m:
        decade = int(m.group(1) + m.group(2) + "0")
        return [text[: m.start()] + f"{decade + d}s" + text[m.end():]
                for d in rng.sample([-30, -20, -10, 10, 20, 30], 6)]
    m = _ORDINAL.search(text)
    if m:
        n = int(m.group(1))
        out = []
        for d in rng.sample([-3, -2, -1, 1, 2, 3], 6):
            if n + d >= 1:
                out.append(text[: m.start()] + f"{n + d}{_suffix(n + d)}" + text[m.end():])
        return out
    m = _PERCENT.search(text)
    if m:
        value = float(m.group(1))
        raw = m.group(1)
        out = []
        for d in rng.sample([-20, -15, -10, -5, 5, 10, 15, 20], 8):
            v = value + d if value >= 25 else value * (1 + d / 25)
            if 0 < v < 100:
                rep = f"{v:.{len(raw.split('.')[1])}f}" if "." in raw else str(round(v))
                out.append(text[: m.start()] + rep + m.group(2) + text[m.end():])
        return out
    return None


def _generated(answer: Answer, rng: random.Random) -> list[str]:
    """Plausible values of the same form for dates and numbers."""
    text = answer.text
    special = _special(text, rng)
    if special is not None:
        return special
    out: list[str] = []
    month = next((m for m in MONTHS if m in text), None)
    year_m = re.search(r"\b(1\d{3}|20\d{2})\b", text)
    hedged = bool(re.search(r"(?i)\b(about|around|circa|c\.|roughly|approximately|some)\b",
                            text))
    if answer.kind == "date" and (month or year_m):
        for _ in range(30):
            new = text
            if year_m and (not month or rng.random() < 0.5):
                steps = [-30, -20, -10, 10, 20, 30] if hedged else [-3, -2, -1, 1, 2, 3]
                y = int(year_m.group(1)) + rng.choice(steps)  # "about 1455": not "about 1456"
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
    if len(re.findall(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", low)) > 1:
        return out  # "seven to nine hours": swapping one word breaks the range
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
    sentence: str = "",
) -> list[str]:
    """Choose k distinct distractors for `answer`, or fewer if none fit; none that the
    question's `sentence` states (it may well be true there)."""
    said = f" {compact(sentence)} "
    chosen = _pick(answer, pool, sentence_texts, rng, k, names)
    return [c for c in chosen if f" {compact(c)} " not in said] if sentence else chosen


def _pick(
    answer: Answer,
    pool: list[Answer],
    sentence_texts: set[str],
    rng: random.Random,
    k: int,
    names: tuple[str, ...],
) -> list[str]:
    names = names or tuple(dict.fromkeys(p.text for p in pool))
    if answer.kind == "phrase" or (answer.kind == "thing" and any(
            p.kind == "np" for p in pool)):  # a long article: siblings, never any phrase
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
        if any(p.kind == "np" for p in pool):  # a long article: the parser's own label
            same = [p for p in same if p.label == answer.label
                    and place_class(p.text) == place_class(answer.text)]
        region = REGION_OF.get(country_key(compact(answer.text)) or "")
        long = any(p.kind == "np" for p in pool)
        order = {id(p): rng.random() if long else p.start for p in same}  # varied sets
        same.sort(key=lambda p: (p.label != answer.label, region is not None and REGION_OF.get(
            country_key(compact(p.text)) or "") != region, order[id(p)]))
    if answer.kind == "person":  # "Pudding Lane" is a street, whatever the parser says
        same = [p for p in same if not _NOT_PERSON.search(p.text) and _looks_like_name(p.text)
                and not re.search(r"\bof\b", p.text) and not re.fullmatch(r"[A-Z]{1,3}", p.text)]
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
        region = REGION_OF.get(country_key(compact(answer.text)) or "")
        if region is not None:  # "Ecuador" for "Peru", never "Uzbekistan"
            countries = [c for c in countries if REGION_OF.get(c.lower()) == region]
        for c in countries:
            if len(chosen) == k:
                break
            if ok(c) and all(country_key(compact(c)) != country_key(compact(x)) for x in chosen):
                chosen.append(c)
    if len(chosen) < k and answer.kind in ("date", "duration", "number"):
        years = [int(y) for p in pool if p.kind == "date"
                 for y in re.findall(r"\b(1\d{3}|20\d{2})\b", p.text)]
        latest = max(years) if years else None
        for c in _generated(answer, rng):
            if len(chosen) == k:
                break
            if ok(c) and possible(c, latest):
                chosen.append(c)
    return chosen


def _head_word(text: str) -> str:
    """The head of a phrase: its last word, before an "of" tail ("difficulty" of "immense
    difficulty of achieving ...")."""
    words = compact(text.split(" of ")[0]).split()
    return words[-1].rstrip("s") if words else ""


def _pick_phrase(answer: Answer, pool: list[Answer], sentence_texts: set[str],
                 rng: random.Random, k: int) -> list[str]:
    """Distractors for a phrase answer: its siblings in the article, never any phrase.

    A sibling is a phrase of another sentence with the same head and another modifier
    ("divergent boundaries" for "convergent boundaries", "sedimentary rock" for "igneous
    rock"), or another member of a list the article gives where the answer is a member
    ("the light-dependent reactions" for "the Calvin cycle"). Same number (plural for
    plural), no shared modifier. Too few siblings: no choices (the phrase is not asked as
    a multiple choice), rather than phrases of another kind.
    """
    number = answer.label.split(":")[1] if answer.label.count(":") >= 1 else ""
    head = _head_word(answer.text)
    words = set(compact(answer.text).split())
    key = compact(answer.text)
    index = _index(pool)
    groups = index.groups_of.get(key, set())
    near = set(index.by_head.get(head, ()))
    for g in groups:
        near.update(index.by_group[g])
    seen: set[str] = {key}
    found: list[tuple[int, float, str]] = []
    for i in sorted(near):  # in the pool's order: the same picks as a scan of the pool
        p = pool[i]
        if p.start == answer.start:
            continue
        pkey = compact(p.text)
        if pkey in seen or not pkey or pkey in sentence_texts:
            continue
        if answer.start <= p.start < answer.end or p.start <= answer.start < p.end:
            continue
        in_list = p.kind == "np" and p.label in groups
        same_head = _head_word(p.text) == head and len(pkey.split()) > 1 and len(words) > 1 \
            and not (set(pkey.split()) - {head, head + "s"}) & (words - {head, head + "s"})
        if not (in_list or same_head):
            continue
        pnumber = "PL" if p.text.split()[-1].endswith("s") and not in_list else number
        if number and pnumber != number and not in_list:
            continue
        seen.add(pkey)
        found.append((0 if in_list else 1, rng.random(), p.text))
    found.sort()
    chosen = [text for _, _, text in found[:k]]
    role = answer.label.split(":")[0]
    if len(chosen) < k and role in _CLAUSAL:
        # a how, why or what-was-shown answer: other sentences' means, causes or claims
        size = len(answer.text.split())
        more = sorted(
            (abs(len(p.text.split()) - size) + rng.random(), p.text)
            for p in (pool[i] for i in index.by_role.get(role, ()))
            if p.start != answer.start and compact(p.text) not in seen
            and compact(p.text) not in sentence_texts
            and not (set(compact(p.text).split()) - _STOP) & (words - _STOP))
        for _, text in more:
            if len(chosen) == k:
                break
            if all(compact(text) != compact(c) for c in chosen):
                chosen.append(text)
    return chosen


_CLAUSAL = ("MEANS", "CLAIM", "CAUSE")


@dataclass
class _Index:
    """A pool's phrases by head word, by list and by role (built once per pool)."""

    by_head: dict[str, list[int]]
    by_group: dict[str, list[int]]
    groups_of: dict[str, set[str]]
    by_role: dict[str, list[int]]


_LAST: list[tuple[list[Answer], _Index]] = []


def _index(pool: list[Answer]) -> _Index:
    if _LAST and _LAST[0][0] is pool:
        return _LAST[0][1]
    index = _Index({}, {}, {}, {})
    for i, p in enumerate(pool):
        if p.kind not in ("np", "phrase", "thing"):
            continue
        index.by_head.setdefault(_head_word(p.text), []).append(i)
        if p.kind == "np" and p.label.startswith("LIST:"):
            index.by_group.setdefault(p.label, []).append(i)
            index.groups_of.setdefault(compact(p.text), set()).add(p.label)
        if p.kind == "phrase":
            index.by_role.setdefault(p.label.split(":")[0], []).append(i)
    _LAST[:] = [(pool, index)]
    return index


_STOP = frozenset("of the a an and or in to for on with by as at from its their his her".split())
