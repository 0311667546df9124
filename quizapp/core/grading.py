"""Grading of learners' answers for the six bank question types.

Rules (documented for teachers in the report and relied on by the tests):

* Text answers (short, cloze) are compared after `normalise`: case, accents,
  spacing, punctuation and one leading article ("the", "a", "an") do not matter.
* Numbers are facts: every number in the answer must appear, with the same value,
  in the given text and vice versa ("June 2019" is wrong for "June 2018").
* Extra or missing words are wrong ("Hanoi" for "Hanoi's neighbour Haiphong").
* Typos are forgiven per word, never on the first letter of a word, and only on
  longer words: words of 1-4 characters must match exactly, 5-9 characters allow
  one edit, 10 or more allow two; the whole answer allows at most 1 edit up to
  8 characters, 2 up to 15, 3 beyond (Damerau-Levenshtein, rapidfuzz). Common
  function words ("the", "with") may take one edit unless the result is another
  function word. Words that state a number or rank (digits, "eighty", "sixteenth",
  roman numerals such as "XXXVII") take no typo at all. Number words up to twenty
  and the tens are read as digits ("two weeks" = "2 weeks").
* Dates are compared by value at the key's precision: "Feb 2019" and "february 2019"
  are one answer, "7 February 2016" = "February 7, 2016" =
  "2016-02-07"; "June 2019" stays wrong for "June 2018", and "2019" for "February 2019".
* Multi-select partial credit: (right picks - wrong picks) / number of right
  answers, floored at 0 (the Moodle "all or nothing off" rule); 1 only for the
  exact set.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from rapidfuzz.distance import DamerauLevenshtein

__all__ = [
    "Grade",
    "grade",
    "grade_choice",
    "grade_multi",
    "grade_numeric",
    "grade_text",
    "grade_true_false",
    "normalise",
    "parse_number",
]

QUESTION_TYPES = ("mcq", "multi", "true_false", "short", "cloze", "numeric")
_ARTICLES = frozenset({"the", "a", "an"})
_APOSTROPHES = re.compile(r"['\u2019\u2018\u02bc`\u00b4]")
# Thousands groups: a comma or a thin space inside text answers ("1,000"); parse_number
# also takes plain spaces ("1 000"), which in free text are too ambiguous ("5 100 pages").
_TEXT_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:[,\u2009\u202f]\d{3})+(?![\d]|[.,]\d)")
_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:[, \u00a0\u2009\u202f]\d{3})+(?![\d]|[.,]\d)")
_NON_WORD = re.compile(r"(?<!\d)\.|\.(?!\d)|[^\w.]|_")
_MINUS = re.compile(r"(?<![\w.])[-\u2212](?=\.?\d)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CARDINALS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_TENS = {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
         "eighty": "80", "ninety": "90"}
_TENS_DIGITS = frozenset({"20", *_TENS.values()})
_UNIT_DIGITS = frozenset(str(i) for i in range(1, 10))
_WORD_TO_DIGITS = {**{w: str(i) for i, w in enumerate(_CARDINALS)}, **_TENS}
# Words that state a number or a rank: never "corrected" by typo tolerance.
_FACT_WORDS = frozenset(
    "hundred thousand million billion trillion dozen half quarter once twice thrice double "
    "triple single first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
    "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
    "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth "
    "thousandth millionth billionth hundreds thousands millions billions dozens".split()
)
_ROMAN = re.compile(r"m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
# Short function words may take one typo ("teh", "wiht") as long as the typo is not
# itself another function word ("of" for "or" stays wrong).
_FUNCTION_WORDS = frozenset(
    "the of and or to in on at by for with from as is was are were its his her their that "
    "this into onto upon".split()
)
_TRUE = frozenset({"true", "t", "yes", "y", "1", "right", "correct"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "wrong", "incorrect"})


@dataclass(frozen=True)
class Grade:
    """The result of grading one answer."""

    score: float
    correct: bool
    matched: str | None
    feedback: str


def _wrong(feedback: str = "Incorrect") -> Grade:
    return Grade(score=0.0, correct=False, matched=None, feedback=feedback)


def normalise(text: str) -> str:
    """Canonical form of a text answer: no case, accents, punctuation or leading article."""
    text = unicodedata.normalize("NFKD", text).casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text).replace("&", " and ")
    text = _MINUS.sub(" minus ", text)
    text = _TEXT_THOUSANDS.sub(lambda m: re.sub(r"\D", "", m.group()), text)
    tokens = _number_words(_NON_WORD.sub(" ", text).split())
    while len(tokens) > 1 and tokens[0] in _ARTICLES:
        tokens = tokens[1:]
    return " ".join(tokens)


def _number_words(words: list[str]) -> list[str]:
    """Read small number words as digits, "twenty one" as 21."""
    out: list[str] = []
    for word in words:
        digits = _WORD_TO_DIGITS.get(word, word)
        if out and out[-1] in _TENS_DIGITS and digits in _UNIT_DIGITS and word != digits:
            out[-1] = str(int(out[-1]) + int(digits))
        else:
            out.append(digits)
    return out


def _numbers(normalised: str) -> list[Decimal]:
    return sorted(Decimal(tok) for tok in _NUMBER.findall(normalised))


def _total_budget(length: int) -> int:
    if length <= 4:
        return 0
    if length <= 8:
        return 1
    if length <= 15:
        return 2
    return 3


def _is_fact_word(word: str) -> bool:
    return word in _FACT_WORDS or bool(_NUMBER.search(word)) or bool(_ROMAN.fullmatch(word))


def _word_budget(given: str, answer: str) -> int:
    """Edits allowed to turn the given word into the answer's word."""
    if _is_fact_word(answer) or _is_fact_word(given):
        return 0
    if answer in _FUNCTION_WORDS and len(answer) >= 2:
        return 0 if given in _FUNCTION_WORDS else 1
    if len(answer) <= 4:
        return 0
    if len(answer) <= 9:
        return 1
    return 2


def _typo_distance(given: str, answer: str) -> int | None:
    """Total edits if `given` is a misspelling of `answer`, else None."""
    if _numbers(given) != _numbers(answer):
        return None
    g_words, a_words = given.split(), answer.split()
    if len(g_words) != len(a_words):
        return None
    total = 0
    for g, a in zip(g_words, a_words, strict=True):
        if g == a:
            continue
        budget = _word_budget(g, a)
        if g[0] != a[0] or budget == 0:
            return None
        dist = DamerauLevenshtein.distance(g, a, score_cutoff=budget + 1)
        if dist > budget:
            return None
        total += dist
    if total > _total_budget(len(answer.replace(" ", ""))):
        return None
    return total


_MONTH_NUMBERS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split())}
_MONTH_NUMBERS.update({m[:3]: n for m, n in list(_MONTH_NUMBERS.items())})
_MONTH_NUMBERS["sept"] = 9
_ORDINAL_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")


def as_date(normalised: str) -> tuple[int, int | None, int | None] | None:
    """A normalised answer that is a date, as (year, month, day) at its own precision:
    "february 7 2016", "7 feb 2016", "7th of february 2016" and "2016 02 07" are one date;
    "feb 2019" is (2019, 2, None). Anything else (a bare year, words): None."""
    words = [w for w in normalised.split() if w != "of"]
    if not 2 <= len(words) <= 3:
        return None
    if len(words) == 3 and all(w.isdigit() for w in words) and len(words[0]) == 4:
        y, mo, d = (int(w) for w in words)  # ISO 2016-02-07
        return (y, mo, d) if 1 <= mo <= 12 and 1 <= d <= 31 else None
    months = [w for w in words if w in _MONTH_NUMBERS]
    years = [w for w in words if w.isdigit() and len(w) in (3, 4)]
    if len(months) != 1 or len(years) != 1:
        return None
    rest = [w for w in words if w not in (months[0], years[0])]
    day: int | None = None
    if rest:
        m = _ORDINAL_DAY.fullmatch(rest[0])
        if len(rest) != 1 or m is None or not 1 <= int(m.group(1)) <= 31:
            return None
        day = int(m.group(1))
    return int(years[0]), _MONTH_NUMBERS[months[0]], day


def grade_text(given: str, answer: str, accept: Sequence[str] = ()) -> Grade:
    """Grade a short or cloze answer against the answer and its accepted variants."""
    g = normalise(given)
    if not g:
        return _wrong("No answer")
    forms = [answer, *accept]
    normal = [(form, normalise(form)) for form in forms]
    for form, a in normal:
        if a and (g == a or g.replace(" ", "") == a.replace(" ", "")):
            if _numbers(g) == _numbers(a):
                return Grade(score=1.0, correct=True, matched=form, feedback="Correct")
    given_date = as_date(g)
    if given_date is not None:
        for form, a in normal:
            if as_date(a) == given_date:
                return Grade(score=1.0, correct=True, matched=form, feedback="Correct")
    best: tuple[int, str] | None = None
    for form, a in normal:
        if not a:
            continue
        dist = _typo_distance(g, a)
        if dist is not None and (best is None or dist < best[0]):
            best = (dist, form)
    if best is not None:
        return Grade(1.0, True, best[1], f"Correct (spelling: {best[1]!r})")
    return _wrong()


_VULGAR = {"½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5",
           "⅖": "2/5", "⅗": "3/5", "⅘": "4/5", "⅙": "1/6", "⅚": "5/6", "⅛": "1/8",
           "⅜": "3/8", "⅝": "5/8", "⅞": "7/8"}
_NUMERIC = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?")
_MIXED = re.compile(r"([+-]?)(?:(\d+)\s+)?(\d+)/(\d+)")
_MAX_NUMBER_TEXT = 64  # longer input, or an exponent beyond +-99, is not a learner's number


def parse_number(text: str) -> Fraction | None:
    """Parse a number exactly: '1,000', '1 000', '3.5', '3,5', '-2', '1e3', '1½', '3/4'."""
    s = text.strip().replace("\u2212", "-").replace("\u2013", "-").lower()
    for glyph, frac in _VULGAR.items():
        s = s.replace(glyph, f" {frac}")
    s = s.strip().removesuffix("%").strip()
    if _THOUSANDS.fullmatch(s.lstrip("+-").split(".")[0]) and s.count(".") <= 1:
        s = re.sub(r"[, \u00a0\u2009\u202f]", "", s)
    elif s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")  # a decimal comma: 3,5
    if len(s) > _MAX_NUMBER_TEXT or re.search(r"e[+-]?\d{3}", s):
        return None
    mixed = _MIXED.fullmatch(s)
    if mixed:
        sign, whole, num, den = mixed.groups()
        if int(den) == 0:
            return None
        value = int(whole or 0) + Fraction(int(num), int(den))
        return -value if sign == "-" else value
    if not _NUMERIC.fullmatch(s):
        return None
    try:
        return Fraction(s)
    except (ValueError, ZeroDivisionError):
        return None


def grade_numeric(given: str, answer: float | int | Decimal | str, tolerance: float = 0) -> Grade:
    """Grade a numeric answer: right when |given - answer| <= tolerance (inclusive, exact)."""
    if not given.strip():
        return _wrong("No answer")
    value = parse_number(given)
    if value is None:
        return _wrong("Not a number")
    target = parse_number(str(answer))
    tol = parse_number(str(tolerance or 0))
    if target is None or tol is None or tol < 0:
        raise ValueError(f"invalid numeric answer {answer!r} or tolerance {tolerance!r}")
    if abs(value - target) <= tol:
        feedback = "Correct" if value == target else f"Correct (exact answer: {answer})"
        return Grade(1.0, True, str(answer), feedback)
    return _wrong()


def grade_choice(given: str, answer: str) -> Grade:
    """Grade a single-choice (mcq) pick: the chosen option text must be the answer."""
    if not given.strip():
        return _wrong("No answer")
    if given.strip() == answer.strip():
        return Grade(1.0, True, answer, "Correct")
    return _wrong()


def grade_multi(given: Sequence[str], answer: Sequence[str], choices: Sequence[str]) -> Grade:
    """Grade a multi-select answer with partial credit (right - wrong) / len(answer), >= 0."""
    right_set = {a.strip() for a in answer}
    if not right_set:
        raise ValueError("a multi question needs at least one right answer")
    picks = {p.strip() for p in given if p.strip()}
    if not picks:
        return _wrong("No answer")
    right = len(picks & right_set)
    wrong = len(picks - right_set)  # a pick that is not even a choice counts as wrong
    score = max(0.0, (right - wrong) / len(right_set))
    if score == 1.0:
        return Grade(1.0, True, None, "Correct")
    detail = f"{right} of {len(right_set)} right" + (f", {wrong} wrong" if wrong else "")
    if score > 0:
        return Grade(score, False, None, f"Partly correct: {detail}")
    return Grade(0.0, False, None, f"Incorrect: {detail}")


def _as_bool(given: str | bool) -> bool | None:
    if isinstance(given, bool):
        return given
    word = normalise(given)
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


def grade_true_false(given: str | bool, answer: bool) -> Grade:
    """Grade a true/false answer; accepts a bool or words like 'true', 'False', 'yes', 'no'."""
    value = _as_bool(given)
    if value is None:
        return _wrong("No answer" if isinstance(given, str) and not given.strip() else "Incorrect")
    if value == answer:
        return Grade(1.0, True, "true" if answer else "false", "Correct")
    return _wrong()


def grade(
    question_type: str,
    given: str | bool | Sequence[str],
    *,
    answer: str | bool | float | Sequence[str],
    choices: Sequence[str] = (),
    accept: Sequence[str] = (),
    tolerance: float | None = None,
) -> Grade:
    """Grade `given` for a question of `question_type` (one of the bank's six types)."""
    if question_type in ("short", "cloze"):
        return grade_text(_text(given), str(answer), accept)
    if question_type == "mcq":
        return grade_choice(_text(given), str(answer))
    if question_type == "numeric":
        if isinstance(answer, (bool, list, tuple)):
            raise ValueError(f"numeric answer must be a number, got {answer!r}")
        return grade_numeric(_text(given), answer, tolerance or 0)  # type: ignore[arg-type]
    if question_type == "true_false":
        if not isinstance(answer, bool):
            raise ValueError(f"true_false answer must be a bool, got {answer!r}")
        return grade_true_false(given if isinstance(given, bool) else _text(given), answer)
    if question_type == "multi":
        picks = [given] if isinstance(given, str) else list(given)  # type: ignore[arg-type]
        if isinstance(answer, (str, bool, int, float)):
            raise ValueError(f"multi answer must be a list of choices, got {answer!r}")
        return grade_multi([str(p) for p in picks], [str(a) for a in answer], choices)
    raise ValueError(f"unknown question type {question_type!r}; expected one of {QUESTION_TYPES}")


def _text(given: str | bool | Sequence[str]) -> str:
    if isinstance(given, str):
        return given
    if isinstance(given, bool):
        return "true" if given else "false"
    return " ".join(str(g) for g in given)
