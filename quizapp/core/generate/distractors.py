"""Distractors of the answer's type and form: article entities, then generated values."""
from __future__ import annotations

import random
import re

from quizapp.core.generate.answers import MONTHS, Answer
from quizapp.core.generate.lexicon import COUNTRIES, REGION_OF, country_key
from quizapp.core.generate.names import aliases_of, clashes, compact, looks_like_name, name_words
from quizapp.core.generate.siblings import pick_siblings
from quizapp.core.generate.values import YEAR, generated, possible


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
                         r"palace|tower|river|city|park|college|university|school|museum|railway|company|"
                         r"station|society|institute)\b",
                         re.I)


# What a name's own words say it names ("University of Tübingen", "Treaty of Stralsund",
# "Mongol Empire"): a choice names the same kind of thing, whatever the parser's label.
_NAME_CLASSES = tuple((kind, re.compile(rf"\b({words})\b", re.I)) for kind, words in (
    ("treaty", r"treaty|accord|agreement|protocol|convention|pact|armistice"),
    ("law", r"act|law|bill|charter|constitution|declaration|amendment|edict|article"),
    ("institution", r"university|college|school|institute|academy|society|museum|library"
                    r"|observatory|laboratory"),
    ("body", r"congress|parliament|senate|council|court|assembly|diet|committee|commission"
             r"|agency|administration|ministry|department|service|league|party"),
    ("polity", r"empire|kingdom|dynasty|republic|caliphate|sultanate|khanate|duchy"),
    ("event", r"war|battle|revolution|crisis|siege|rebellion|uprising|massacre|race"),
    ("programme", r"program|programme|project|mission|plan|initiative"),
    ("building", r"cathedral|church|abbey|palace|tower|castle|bridge|hall|stadium|temple"),
    ("route", r"road|route|corridor|trail|railway|highway|passage"),
))


def place_class(text: str) -> str:
    """A body of water for a body of water, a continent for a continent, a treaty for a
    treaty, a university for a university: the kind of thing a name's own words name."""
    if _WATER.search(text):
        return "water"
    if _LAND.search(text):
        return "land"
    if compact(text) in CONTINENTS:
        return "continent"
    if " " in text.strip():  # a one-word name ("Congress", "Hamburg") says nothing of its kind
        for kind, words in _NAME_CLASSES:
            if words.search(text):
                return kind
    return "other"


def _fuller_names(pool: list[Answer]) -> dict[str, str]:
    """A one-word name -> the article's one fuller name with that word ("Pierre" ->
    "Pierre Curie"): a choice of the answer's form beside "Henri Becquerel"."""
    full: dict[str, set[str]] = {}
    for p in pool:
        if p.kind == "person" and len(p.text.split()) >= 2:
            for w in p.text.split():
                full.setdefault(w, set()).add(p.text)
    return {w: next(iter(names)) for w, names in full.items() if len(names) == 1}


def like_in_form(candidate: str, answer: str) -> bool:
    """A name of the answer's form: capitalised as it is ("zooxanthellae" is no choice
    beside "Endeavour"), of about as many words ("Traditional Owners of the area" is not
    either)."""
    if candidate[:1].isupper() != answer[:1].isupper():
        return False
    return abs(len(candidate.split()) - len(answer.split())) <= 1


def _year(text: str) -> int | None:
    found = YEAR.search(text)
    return int(found.group(1)) if found else None


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
        return pick_siblings(answer, pool, sentence_texts, rng, k)
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
    long_article = any(p.kind == "np" for p in pool)
    if answer.kind in ("person", "place", "org", "group", "name"):
        if any(p.kind == "np" for p in pool):  # a long article: the parser's own label
            same = [p for p in same if p.label == answer.label
                    and place_class(p.text) == place_class(answer.text)]
        region = REGION_OF.get(country_key(compact(answer.text)) or "")
        long = any(p.kind == "np" for p in pool)
        order = {id(p): rng.random() if long else p.start for p in same}  # varied sets
        size = len(answer.text.split())
        same.sort(key=lambda p: (p.label != answer.label, region is not None and REGION_OF.get(
            country_key(compact(p.text)) or "") != region,
            long and abs(len(p.text.split()) - size), order[id(p)]))  # alike in length
    if answer.kind == "date" and long_article and _year(answer.text) is not None:
        year = _year(answer.text) or 0  # the article's dates nearest the answer's first,
        same.sort(key=lambda p: abs((_year(p.text) or 10_000) - year))  # not a lone "1980"
    if answer.kind == "person":  # "Pudding Lane" is a street, whatever the parser says
        peoples = {compact(p.text) for p in pool if p.kind == "group"}  # "the Normans"
        same = [p for p in same if not _NOT_PERSON.search(p.text) and looks_like_name(p.text)
                and not re.search(r"\bof\b", p.text) and not re.fullmatch(r"[A-Z]{1,3}", p.text)
                and not {compact(p.text), compact(p.text) + "s"} & peoples]
    fuller = _fuller_names(same) if long_article and len(answer.text.split()) >= 2 else {}
    if long_article and answer.kind in ("org", "name", "group"):
        same = [p for p in same if like_in_form(p.text, answer.text)]
    person_words = {w for p in pool if p.kind == "person" for w in name_words(p.text)}
    for p in same:
        if len(chosen) == k:
            break
        if answer.kind != "person" and set(name_words(p.text)) & person_words:
            continue  # a person mislabelled as a place or organisation
        text = fuller.get(p.text, p.text) if answer.kind == "person" else p.text
        if ok(text):
            chosen.append(text)
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
        years = [int(y) for p in pool if p.kind == "date" for y in YEAR.findall(p.text)]
        latest = max(years) if years else None
        share = answer.label == "PERCENT"  # "_____% of Europe's population": 0-100 each
        for c in generated(answer, rng):
            if len(chosen) == k:
                break
            if ok(c) and possible(c + ("%" if share else ""), latest) and not (
                    share and any(float(n) > 100 for n in re.findall(r"\d+(?:\.\d+)?", c))):
                chosen.append(c)
    return chosen
