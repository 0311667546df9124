"""Filler recognition: greetings, asides, rhetorical questions, hype, meta, bylines."""
from __future__ import annotations

import re

_BYLINE_NAME = re.compile(
    r"^\s*(?:[Bb]y|[Ww]ritten by|[Pp]osted by|[Aa]uthor:?)\s+(?:the\s+)?[A-Z][\w.'-]+"
    r"(?:\s+[A-Z][\w.'-]+)?\s*(?:[·|,–—-]|$|\d)"
)
_BYLINE = re.compile(
    r"\b\d[\d,.]*\s*[kKmM]?\s+(views?|likes?|comments?|shares?|reads?)\b"
    r"|\b\d+\s+min(ute)?s?\s+read\b|\b(posted|published|updated)\s+on\b"
    r"|\b(subscribe|sign up|click here|share this|follow us)\b",
    re.I,
)
_GREETING = re.compile(
    r"^\s*(hey|hi|hello|howdy|welcome|greetings|what'?s up|yo|good (morning|afternoon|evening)"
    r"|alright|all right|okay|ok|so,? (guys|folks|friends))\b",
    re.I,
)
_META = re.compile(
    r"\b(let'?s|let us|let me)\b|\b(dive|deep dive|buckle up|stay tuned|get ready|read on)\b"
    r"|\b(in this|this) (article|post|blog|video|piece|guide)\b|\bwe(’|')?(re| are) going to\b"
    r"|\b(we|I)(’|')?ll (look|explore|break|cover|discuss|talk)\b|\bjust imagine\b"
    r"|\b(to sum up|in conclusion|without further ado|as we(’|')?ve seen)\b",
    re.I,
)
_READER = re.compile(
    r"\b(you|your|you're|you’re|guys|folks|y'all|fellow)\b|\bright\?\s*$",
    re.I,
)
HYPE_WORDS = frozenset(
    """truly incredibly undeniably fascinating wild wonderful amazing awesome frankly definitely
    astonishing captivating mind-blowing insane crazy epic stunning unbelievable surreal
    unadulterated monumental palpable whirlwind obviously honestly literally absolutely
    totally bewildering breathtaking jaw-dropping overstated genius""".split()
)
_OPINION = re.compile(
    r"\b(I think|I believe|in my (opinion|view)|personally|if you ask me|it felt like"
    r"|it'?s (clear|safe to say)|without a doubt|needless to say|it'?s definitely"
    r"|cannot be overstated|can'?t be overstated|nothing short of"
    r"|(everyone|everybody) (had|has) an opinion)\b",
    re.I,
)
FILLER_WORDS = frozenset(
    """guys folks hey hi hello everyone friends y'all views likes comments subscribers
    readers reader question questions thing things stuff way ride moment today""".split()
)


def hype_count(text: str) -> int:
    """Count hype and intensifier words in a sentence."""
    words = re.findall(r"[a-z][a-z'-]*", text.lower())
    return sum(1 for w in words if w in HYPE_WORDS)


# a sentence about the page, not the subject: a figure's caption or legend
_LAYOUT = re.compile(
    r"\b(on|to) the (right|left)\b|\b(shown|pictured|illustrated|depicted) (above|below|here|"
    r"clearly|in the)\b|\b(the|this) (figure|diagram|table|chart|image|picture|illustration)\b"
    r"|\b(first|second|third|fourth|fifth) (timeline|scale|panel|column|row)\b"
    r"|\b(following|above|below) (\w+ )?(timelines?|figures?|diagrams?|tables?|charts?)\b"
    r"|\bstands for\b",
    re.I,
)


def filler_reason(text: str, *, heading: bool = False) -> str | None:
    """Return why a sentence is filler ("byline", "greeting", ...) or None if it is content."""
    stripped = text.strip().replace("’", "'").replace("‘", "'")
    if heading:
        return "heading"
    if _BYLINE.search(stripped) or _BYLINE_NAME.search(stripped):
        return "byline"
    if _GREETING.search(stripped):
        return "greeting"
    if stripped.endswith("?"):
        return "rhetorical question"
    if stripped.endswith("!"):
        return "exclamation"
    if _META.search(stripped):
        return "meta"
    if _READER.search(stripped):
        return "aside to the reader"
    if _OPINION.search(stripped):
        return "opinion"
    if hype_count(stripped) >= 2:
        return "hype"
    if _LAYOUT.search(stripped):
        return "layout"
    if re.match(r"\((fun|side|quick)?\s*(aside|note|fact)\b", stripped, re.I):
        return "aside to the reader"  # "(Fun aside: ...)"
    if len(re.findall(r"\w+", stripped)) < 5:
        return "too short"
    return None


def is_filler_word(word: str) -> bool:
    """True for words that must never be an answer (greetings, view counts, ...)."""
    w = word.lower().strip(" .,!?;:'\"")
    return w in FILLER_WORDS or w in HYPE_WORDS or bool(_BYLINE.search(word))


_SOFT = r"(?:almost|so|quite|very|truly|really|pretty|simply|just|utterly)"
_HYPE_ALT = "|".join(sorted(HYPE_WORDS, key=len, reverse=True))
_DASH_ASIDE = re.compile(r"\s*[–—]\s*[^–—]{0,40}!\s*[–—]\s*")
_BANG_ASIDE = re.compile(r"\s*\((?:[^()]{0,40})!\)")
_COMMA_HYPE = re.compile(
    rf",\s*(?:{_SOFT}\s+)?(?:{_HYPE_ALT})(?:\s+(?:and|or)\s+(?:{_HYPE_ALT}))?\s*,", re.I
)
_ADVERB_HYPE = re.compile(
    r"\b(?:truly|incredibly|undeniably|frankly|definitely|obviously|honestly|literally"
    r"|absolutely|totally)\s+(?=[a-z])",
    re.I,
)


def strip_asides(text: str) -> str:
    """Drop exclamatory asides and hype ('– yes, Twitter! –', ', almost surreal,', 'truly')."""
    out = _DASH_ASIDE.sub(" ", text)
    out = _BANG_ASIDE.sub("", out)
    out = _COMMA_HYPE.sub("", out)
    out = _ADVERB_HYPE.sub("", out)
    out = re.sub(r"\s+([,.;:?!])", r"\1", out)
    out = re.sub(r"\s{2,}", " ", out).strip()
    return out[:1].upper() + out[1:] if text[:1].isupper() else out
