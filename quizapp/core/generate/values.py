"""Generated distractors for dates and numbers, and whether a value can be at all."""
from __future__ import annotations

import random
import re

from quizapp.core.generate.answers import MONTHS, Answer

_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()


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


YEAR = re.compile(r"\b(1\d{3}|20\d{2})\b")  # a year of the last millennium or this one


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


def _scaled(raw: str, factor: float) -> str:
    """A number's text times `factor`, in its own form (decimals, thousands commas)."""
    value = float(raw.replace(",", "")) * factor
    if "." in raw:
        return f"{value:.{len(raw.split('.')[1])}f}"
    whole = max(1, round(value))
    return f"{whole:,}" if "," in raw else str(whole)


def generated(answer: Answer, rng: random.Random) -> list[str]:
    """Plausible values of the same form for dates and numbers."""
    text = answer.text
    special = _special(text, rng)
    if special is not None:
        return special
    out: list[str] = []
    month = next((m for m in MONTHS if m in text), None)
    year_m = YEAR.search(text)
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
    if re.search(r"[A-Za-z]\d|\d[A-Z]", text):
        return out  # "6CO2 + 6H2O": a formula, whose numbers are not amounts to scale
    nums = list(re.finditer(r"\d[\d,]*(\.\d+)?", text))
    if nums:  # a range ("2 to 10", "7,000-8,000") is scaled whole: not "4 to 10", "6 to 10"
        for _ in range(30):
            factor = rng.choice([0.5, 0.6, 0.75, 0.8, 1.25, 1.5, 2.0, 3.0])
            new, end = "", 0
            for num_m in nums:
                new += text[end : num_m.start()] + _scaled(num_m.group(), factor)
                end = num_m.end()
            out.append(new + text[end:])
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
