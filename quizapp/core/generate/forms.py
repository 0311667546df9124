"""Question forms built on a sentence and an answer: short, mcq, cloze, numeric, true/false."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache

from quizapp.core.generate.answers import Answer, norm
from quizapp.core.generate.distractors import aliases_of, compact, name_words, pick
from quizapp.core.generate.event import make_become_wh, make_event_wh, make_event_where
from quizapp.core.generate.filler import HYPE_WORDS, strip_asides
from quizapp.core.generate.lexicon import ACRONYMS, SYNONYMS
from quizapp.core.generate.segment import Sentence
from quizapp.core.generate.wh import make_wh

GAP = "_____"
_NUMBER_WORDS = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
_LEAD_DISCOURSE = re.compile(
    r"^((however|unfortunately|meanwhile|moreover|furthermore|indeed|of course|so|also|"
    r"still|yet|then|now|instead|in fact|after all|as a result|in turn|"
    r"alright|well|guys|folks)\s*,\s*)+",
    re.I,
)


@dataclass
class Draft:
    """A question before ranking: its form, text, answer and provenance."""

    form: str
    prompt: str
    answer: str | bool | float
    sentence: Sentence
    focus: Answer
    choices: list[str] = field(default_factory=list)
    accept: list[str] = field(default_factory=list)
    tolerance: float | None = None
    score: float = 0.0
    event: bool = False  # asks where / when an event took place, or who was its first


def as_number(text: str) -> float | None:
    """Parse "55", "1,200", "3.5" or "seven" into a number, else None."""
    t = text.strip().lower().replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return float(t)
    return float(_NUMBER_WORDS[t]) if t in _NUMBER_WORDS else None


def tidy(sentence_text: str) -> str:
    """Drop leading discourse markers and capitalise the first letter."""
    t = _LEAD_DISCOURSE.sub("", strip_asides(sentence_text.strip()))
    return t[:1].upper() + t[1:]


_LEAD_PRONOUN = re.compile(r"^(He|She|It)\b")


def resolve(prompt: str, sent: Sentence) -> str:
    """'He died in _____.' -> 'Genghis Khan died in _____.' when the sentence's leading
    pronoun stands for the article's subject (`Sentence.referent`)."""
    if sent.referent and _LEAD_PRONOUN.match(prompt):
        return _LEAD_PRONOUN.sub(sent.referent, prompt, count=1)
    return prompt


_FRAME_DEPS = ("advcl", "prep", "npadvmod", "advmod")


def side_clauses(sent: Sentence, answer: Answer) -> list[tuple[int, int]]:
    """Comma-framed clauses at either end of the sentence without the answer (char ranges).

    "While it didn't achieve X, it did de-escalate ..., preventing a confrontation." keeps
    "it did de-escalate ...": the clause that holds the fact.
    """
    span = sent.span
    root = span.root
    if root.pos_ not in ("VERB", "AUX"):
        return []
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if len(subjects) != 1:
        return []
    subj_start = min(t.i for t in subjects[0].subtree)
    pronoun = subjects[0].pos_ == "PRON"  # "While X, it did ...": keep what "it" refers to
    base = sent.start - (span.start_char + len(span.text) - len(span.text.lstrip()))
    out = []
    for child in root.children:
        if child.dep_ not in _FRAME_DEPS:
            continue
        toks = sorted(child.subtree, key=lambda t: t.i)
        lo, hi = toks[0].i, toks[-1].i
        if lo <= answer.tok_start < hi + 1 or lo < answer.tok_end <= hi + 1:
            continue
        if hi - lo < 3:
            continue  # a short frame ("In 1990,") is part of the fact
        doc = span.doc
        lead = not pronoun and hi < subj_start and lo == span.start
        if lead and hi + 1 < span.end and doc[hi + 1].text == ",":
            out.append((base + doc[lo].idx, base + doc[hi + 1].idx + 2))
        elif (lo > root.i and lo - 1 > span.start and doc[lo - 1].text == ","
              and hi >= span.end - 2 and child.tag_ == "VBG" and child.i == lo
              and doc[lo - 2].pos_ not in ("ADJ", "DET", "ADV")):
            out.append((base + doc[lo - 1].idx, base + doc[hi].idx + len(doc[hi].text)))
    return out


_CONCESSIVE = ("while", "although", "though", "whereas")


def concessive_clause(sent: Sentence, answer: Answer) -> tuple[int, int] | None:
    """'While the DMZ meeting didn't lead to X, it did Y': the char range of 'the DMZ ... X'.

    A concessive clause states a fact of its own; when it holds the answer it is the prompt.
    """
    span = sent.span
    doc = span.doc
    for child in span.root.children:
        if child.dep_ != "advcl" or child.i > span.root.i:
            continue
        toks = sorted(child.subtree, key=lambda t: t.i)
        if toks[0].lower_ not in _CONCESSIVE or toks[0].dep_ != "mark":
            continue
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
            continue
        if not (toks[1].i <= answer.tok_start and answer.tok_end <= toks[-1].i + 1):
            continue
        base = sent.start - (span.start_char + len(span.text) - len(span.text.lstrip()))
        return base + doc[toks[1].i].idx, base + doc[toks[-1].i].idx + len(doc[toks[-1].i].text)
    return None


PROMPT_WORDS = 24  # past this, side clauses without the answer are cut off
_CUTTABLE = ("relcl", "acl", "advcl", "conj", "appos", "ccomp", "prep", "npadvmod")


def long_cuts(sent: Sentence, answer: Answer) -> list[tuple[int, int]]:
    """Side clauses a long sentence can lose without losing the fact (char ranges, the
    longest first): ", who headlined ...", ", but may be ...", ", including ...", set off by
    a comma or coordinated as a clause of its own, never holding the answer or the root."""
    span = sent.span
    doc = span.doc
    base = sent.start - (span.start_char + len(span.text) - len(span.text.lstrip()))
    out: list[tuple[int, int, int]] = []
    for t in span:
        if t.dep_ not in _CUTTABLE:
            continue
        if t.dep_ == "prep" and t.lower_ not in ("including", "like", "especially", "as"):
            continue  # "from Port Said ... to Suez": a prepositional phrase is part of the fact
        toks = sorted(t.subtree, key=lambda x: x.i)
        lo, hi = toks[0].i, toks[-1].i
        if lo <= span.root.i or not (hi < answer.tok_start or lo >= answer.tok_end):
            continue  # only after the main verb: what comes before may be its subject
        if any(lo <= i <= hi for i in (answer.tok_start, answer.tok_end - 1)):
            continue
        start = lo
        if t.dep_ == "conj":
            if t.pos_ not in ("VERB", "AUX") or not any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
                continue  # a clause of its own, not a list item
            while start - 1 >= span.start and doc[start - 1].dep_ in ("cc", "punct"):
                start -= 1
        elif start - 1 >= span.start and doc[start - 1].text in (",", "—", "–"):
            start -= 1
            if start - 1 >= span.start and doc[start - 1].pos_ in ("ADJ", "DET", "ADP", "ADV"):
                continue  # "an impromptu, almost surreal, meeting": the phrase goes on
        else:
            continue
        if start <= span.start or hi - start < 3:
            continue
        while hi + 1 < span.end and doc[hi + 1].is_punct and doc[hi + 1].text not in (".", "!",
                                                                                        "?"):
            hi += 1  # the comma closing it
        if any(not t.is_punct for t in doc[hi + 1 : span.end]):
            continue  # only a trailing clause: one cut from the middle may change the fact
        piece = doc[start : hi + 1].text
        if piece.count("(") != piece.count(")") or piece.count('"') % 2:
            continue  # never half a parenthesis or a quotation
        out.append((base + doc[start].idx, base + doc[hi].idx + len(doc[hi].text), hi - start))
    out.sort(key=lambda c: -c[2])
    return [(a, b) for a, b, _ in out]


def cloze_text(sent: Sentence, answer: Answer, fill: str = GAP, short: bool = False,
               trim: bool = False) -> str:
    """The sentence with the answer replaced by `fill` (without side clauses if `short`;
    `trim`: only those a sentence longer than PROMPT_WORDS can lose)."""
    clause = concessive_clause(sent, answer) if short else None
    if clause is not None:
        a, b = clause
        text = (sent.text[a - sent.start : answer.start - sent.start] + fill
                + sent.text[answer.end - sent.start : b - sent.start])
        return tidy(text.rstrip(",;: ") + ".")
    cuts = side_clauses(sent, answer) if short else []
    if short or trim:
        words = len(sent.text.split())
        for a, b in long_cuts(sent, answer):
            if words <= PROMPT_WORDS:
                break
            if all(b <= c or a >= d for c, d in cuts) and not (a < answer.end and b > answer.start):
                cuts.append((a, b))
                words -= len(sent.text[a - sent.start : b - sent.start].split())
    pieces = [(answer.start, answer.end, fill)] + [(a, b, "") for a, b in cuts]
    text = sent.text
    for a, b, rep in sorted(pieces, reverse=True):
        text = text[: a - sent.start] + rep + text[b - sent.start :]
    if short:
        text = clause_only(text, fill)
    text = re.sub(r"\s+([.,;:])", r"\1", text)
    if cuts and not re.search(r"[.!?\"\u201d)]$", text.rstrip()):
        text = text.rstrip(" ,;:") + "."  # the sentence's end was cut with its clause
    if (short or trim) and re.search(r",\s*" + re.escape(fill) + r"\.$", text) and len(
            long_cuts(sent, answer)):
        return cloze_text(sent, answer, fill)  # "..., the Lord Mayor, _____.": cut too much
    return tidy(text)


def clause_only(text: str, keep: str) -> str:
    """The part of a sentence that holds `keep`: one side of a semicolon, and no
    parenthesis without it ("Mayow (1641–1679) refined _____" -> "Mayow refined _____")."""
    parts = re.split(r"(?<=\S);\s+", text)
    if len(parts) > 1:
        text = next((p for p in parts if keep in p), text).rstrip(" .") + "."
    return re.sub(r"\s*\([^()]*\)", lambda m: m.group(0) if keep in m.group(0) else "", text)


_PERSON_TITLES = frozenset("""sir dame lord lady king queen prince princess general president
    dr mr mrs ms saint st pope emperor""".split())
_PLAIN_ADJECTIVES = frozenset("""active small large big great remarkable huge tiny main major
    important new old early late high low strong weak rapid slow many several""".split())
_GENERIC_HEADS = frozenset("""molecule membrane cell layer level area region system process
    network gas atom particle""".split())


def _accepts(answer: Answer, names: tuple[str, ...], every: tuple[str, ...] = (),
             aliases: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    aliases = aliases or {}
    out = [n for n in every if acronym_of(n, answer.text) or acronym_of(answer.text, n)]
    bare = re.sub(r"^(the|a|an)\s+", "", answer.text, flags=re.I)
    if bare != answer.text:
        out.append(bare)
    out.extend(a for a in aliases_of(answer.text, names) if len(a) > 1)
    if answer.kind == "place" and answer.text.count(",") == 1:
        out.append(answer.text.split(",")[0])  # "Hanoi, Vietnam": "Hanoi" names it
    if answer.kind == "place":  # "Hanoi": the article's fuller "Hanoi, Vietnam" names it too
        out.extend(n for n in every if n.startswith(answer.text + ", ") and n.count(",") == 1)
    for short, long in ACRONYMS.items():  # "WMD programs": "weapons of mass destruction ..."
        if re.search(rf"(?<![\w.]){re.escape(short)}(?![\w.]|\.\w)", answer.text):
            out.append(re.sub(rf"(?<![\w.]){re.escape(short)}(?![\w])", long, answer.text))
    words = answer.text.split()
    if answer.kind == "person" and len(words) >= 2:  # "Orellana", "de Orellana", "Wren"
        rest = [w for w in words if w.lower().rstrip(".") not in _PERSON_TITLES]
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
    seen = {compact(answer.text)}
    result = []
    for a in out:
        if compact(a) not in seen:
            seen.add(compact(a))
            result.append(a)
    return result


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


_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,6}|\b[A-Z]{2,6}\b")
_CAP_RUN = re.compile(r"\b[A-Z][\w-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w-]*)+")


def given_away(
    answer: str, prompt: str, names: tuple[str, ...] = (), person: bool = False
) -> bool:
    """True if the prompt shows the answer, an alias, its acronym or its expansion."""
    key = compact(answer)
    shown = " " + compact(prompt) + " "
    if not key or f" {key} " in shown:
        return True
    if any(f" {compact(a)} " in shown for a in aliases_of(answer, names) if len(a) > 1):
        return True
    if person and any(f" {w} " in shown for w in name_words(answer) if len(w) > 2):
        return True  # "Kim" shown when the answer is "Kim Jong Un"
    if any(acronym_of(m.group(0), answer) for m in _ACRONYM.finditer(prompt)):
        return True
    return any(acronym_of(answer, m.group(0)) for m in _CAP_RUN.finditer(prompt))


_VAGUE = frozenset("few several many some couple number".split())


def _counted(text: str) -> bool:
    """A span of time with a number in it ("four years", "almost a month", "4:51"), not a
    vague one ("a few months", "several years")."""
    words = re.findall(r"[a-z]+|\d", text.lower())
    if _VAGUE.intersection(words):
        return False
    return any(w.isdigit() or w in _NUMBER_WORDS or w in ("a", "an", "half") for w in words)


def build(
    sent: Sentence,
    answer: Answer,
    pool: list[Answer],
    in_sentence: set[str],
    rng: random.Random,
    names: dict[str, tuple[str, ...]],
    long: bool = False,
    aliases: dict[str, tuple[str, ...]] | None = None,
) -> list[Draft]:
    """All question drafts for one (sentence, answer) pair, most natural form first
    (`long`: the sentence is of a long article; `aliases`: other names the article gives a
    term, by compact() key: "carbon dioxide (CO2)")."""
    drafts: list[Draft] = []
    wh = make_wh(answer, sent.span, sent.referent) if answer.kind != "thing" else None
    event = wh is None
    if wh is None:
        wh = make_event_wh(answer, sent.span, HYPE_WORDS)
    if wh is None:
        wh = make_event_where(answer, sent.span)
    if wh is None:
        wh = make_become_wh(answer, sent.span)
    if wh is not None:
        wh = strip_asides(re.sub(r"\s*\([^()]*\)", "", wh))
        if re.search(r"\b(and|or|but|of|in|to|the|a|an|with|by|from)\?$", wh) or given_away(
                answer.text, wh, names.get(answer.kind, ()), answer.kind == "person"):
            wh = None  # "... among several bodies and?": the clause was cut short
    distractors = pick(answer, pool, in_sentence, rng, names=names.get("", ()),
                       sentence=sent.text)
    number = as_number(answer.text) if answer.kind == "number" else None
    if wh and number is not None and wh.lower().startswith("how many"):
        drafts.append(Draft("numeric", wh, number, sent, answer, tolerance=0.0))
    if wh and len(distractors) == 3:
        choices = sorted([answer.text, *distractors], key=lambda c: (norm(c), c))
        drafts.append(Draft("mcq", wh, answer.text, sent, answer, choices=choices,
                            event=event))
    # a phrase is chosen, not typed: past two words nobody types the article's wording
    typed = answer.kind not in ("phrase", "thing") or len(answer.text.split()) <= 2 or (
        not long and (answer.kind == "thing" or len(answer.text.split()) <= 3))
    accept = _accepts(answer, names.get(answer.kind, ()), names.get("", ()), aliases)
    toks = sent.span.doc[answer.tok_start : answer.tok_end]
    if long and answer.kind in ("phrase", "thing") and len(toks) == 2:
        first, head = toks[0], toks[1]
        if first.pos_ == "ADJ":
            accept.append(head.text)  # "pathogen" for "particular pathogen"
        elif first.text.isupper() and len(first.text) >= 2 and first.text.isalpha():
            accept.append(first.text)  # "WMD" for "WMD programs": the acronym says it
        # two words: typed only when one of them alone is also a right answer
        typed = any(len(a.split()) == 1 for a in accept)
    if wh and typed:
        drafts.append(Draft("short", wh, answer.text, sent, answer, accept=accept,
                            event=event))
    if sent.span.root.pos_ not in ("VERB", "AUX") or (
        answer.kind == "duration" and not _counted(answer.text)
    ):
        return drafts  # a fragment or a vague span of time: only as a wh-question
    cloze = resolve(cloze_text(sent, answer, short=True), sent)
    if cloze.count(GAP) == 1 and not given_away(answer.text, cloze, (), answer.kind == "person"):
        if len(distractors) == 3 and answer.kind != "thing":
            choices = sorted([answer.text, *distractors], key=lambda c: (norm(c), c))
            drafts.append(Draft("mcq", cloze, answer.text, sent, answer, choices=choices))
        if typed:
            drafts.append(Draft("cloze", cloze, answer.text, sent, answer, accept=accept))
    return drafts


def true_false(
    sent: Sentence,
    answer: Answer,
    pool: list[Answer],
    in_sentence: set[str],
    others: list[str],
    rng: random.Random,
) -> Draft | None:
    """A true/false statement: the sentence, or a same-type swap the article does not state."""
    if answer.kind not in ("date", "number", "person", "place"):
        return None  # a swap of a quote or a thing too often makes another truth
    if sent.span.root.pos_ not in ("VERB", "AUX"):
        return None  # a fragment is not a statement
    if rng.random() < 0.4:
        statement = cloze_text(sent, answer, fill=answer.text, trim=True)
        return Draft("true_false", resolve(statement, sent), True, sent, answer)
    before = sent.text[: answer.start - sent.start].lower()
    if before.endswith(("the ", "a ", "an ")):
        return None  # a swapped name may not take the same article
    for swap in pick(answer, pool, in_sentence, rng, k=3):
        if not _stated_elsewhere(swap, sent, answer, others):
            statement = cloze_text(sent, answer, fill=swap, trim=True)
            return Draft("true_false", resolve(tidy(statement), sent), False, sent, answer)
    return None


@lru_cache(maxsize=65536)
def _content(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]{4,}", text.lower()))


def _stated_elsewhere(swap: str, sent: Sentence, answer: Answer, others: list[str]) -> bool:
    """True if another sentence mentions the swap in a similar context (it may be true)."""
    key = compact(swap)
    context = _content(sent.text) - _content(answer.text)
    for other in others:
        if other == sent.text:
            continue
        if key and key in compact(other):
            overlap = len(context & _content(other)) / max(1, len(context))
            if overlap >= 0.3:
                return True
    return False


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
