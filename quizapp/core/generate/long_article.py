"""What a long article asks (more than LONG fact-bearing sentences): the rules a teacher
applies to a whole article that a paragraph has too few facts for (docs/generation.md,
"Long articles: what a teacher tests")."""
from __future__ import annotations

import re

from quizapp.core.generate.answers import Answer, norm
from quizapp.core.generate.forms import Draft
from quizapp.core.generate.keyfacts import np_pool, set_referents
from quizapp.core.generate.names import name_words
from quizapp.core.generate.segment import Sentence, sentence_at
from quizapp.core.generate.topic import commentary, context_poor, leans_on_context, shows_a_word

LONG = 12  # more fact-bearing sentences than this: a long article
LONG_PROMPT = 30
SHORT_QUESTION = 5  # fewer words than this: a question that says too little to answer
NAMED_KINDS = ("person", "place", "org", "name", "group")
MCQ_NAME = 1.1
TYPED_DATE = 0.6
EVENT_WEIGHT = 4.0
_BARE_EVENT = re.compile(r"^(When|Where) did the [a-z]+ take place\?$")
VAGUE_ANSWERS = frozenset("""earth world region area people country city place time part
    scientists researchers historians experts epidemiologists adaptations catastrophe disaster
    success failure problem crisis tragedy bc ad bce ce college university school company
    government league church court council""".split())
_MODALS = frozenset("can could may might would should must".split())


def is_long(content: list[Sentence]) -> bool:
    return len(content) > LONG


def in_title(answer: Answer, title: str) -> bool:
    """The answer names the article's subject ("Warsaw" in an article titled "Warsaw")."""
    key = norm(answer.text)
    return bool(key) and f" {key} " in f" {title} "


def _not_a_name(answer: Answer, content: list[Sentence], starts: list[int]) -> bool:
    """A verb or an adjective the parser took for a name ("fed"), or a vague word."""
    if norm(answer.text) in VAGUE_ANSWERS:
        return True
    sent = sentence_at(content, starts, answer.start)
    if sent is None:
        return False
    root = sent.span.doc[answer.tok_start : answer.tok_end].root
    return root.pos_ in ("VERB", "AUX", "ADJ", "ADV")


def _is_person(title: str, pool: list[Answer]) -> bool:
    """The title names a person: the article's parse says so wherever it names them."""
    key = norm(title)
    kinds = [a.kind for a in pool if norm(a.text) == key]
    return bool(kinds) and kinds.count("person") * 2 >= len(kinds)


def prepare(content: list[Sentence], pool: list[Answer], subject_name: str) -> list[Answer]:
    """Resolve "He/She/It" to the subject where the text makes that plain; the pool with
    the article's noun phrases added (sibling phrases: distractors only)."""
    pool = pool + np_pool(content)
    set_referents(content, subject_name, _is_person(subject_name, pool))
    return pool


def choices_from(pool: list[Answer], content: list[Sentence], subject: str) -> list[Answer]:
    """Distractor stock: not the article's subject ("Marie Curie" for her sister), no
    verb or adjective the parser took for a name."""
    starts = [s.start for s in content]
    return [p for p in pool if not (subject and (
        in_title(p, subject) or set(name_words(p.text)) & set(name_words(subject))
        and p.kind == "person") or p.kind != "np" and _not_a_name(p, content, starts))]


def skips_answer(a: Answer, sent: Sentence) -> bool:
    """Commentary ("X serves as a fascinating case study"), a vague word ("the Earth") or
    a verb or adjective ("fed"), an example, a generic count, what a sentence says is
    not so, half a name, a vague phrase: nothing a teacher would blank."""
    root = sent.span.doc[a.tok_start : a.tok_end].root
    return (commentary(sent.text) or norm(a.text) in VAGUE_ANSWERS
            or sent.text.rstrip().endswith(":")  # "There are three main types:" of what?
            or root.pos_ in ("VERB", "AUX", "ADJ", "ADV") or an_example(a, sent)
            or generic_count(a, sent) or negated(a, sent) or half_a_name(a, sent)
            or vague_phrase(a))


# A phrase led by one of these says how many or how much, not what: "several countries",
# "many regions", "a strong effect", "the main processes", "different towns".
_VAGUE_LEADS = frozenset("""several many some few various numerous multiple other others
    different main major strong serious smaller larger bigger entire whole only certain
    particular significant important considerable early""".split())
_VAGUE_COUNTS = frozenset("""hundreds thousands millions billions dozens tens scores""".split())


def vague_phrase(a: Answer) -> bool:
    """'several countries', 'thousands', 'crew': a blank a learner cannot fill with the
    fact, only with a guess at the article's wording."""
    from quizapp.core.generate.features import zipf

    words = [w for w in a.text.split() if w.lower() not in ("a", "an", "the")]
    if not words:
        return False
    if a.kind == "number":
        return words[0].lower() in _VAGUE_COUNTS
    if a.kind not in ("phrase", "thing"):
        return False
    if words[0].lower() in _VAGUE_LEADS:
        return True
    return len(words) == 1 and words[0].islower() and zipf(words[0]) >= 4.3


def an_example(a: Answer, sent: Sentence) -> bool:
    """'countries such as _____', 'animals, including _____': one example of many, so
    other true answers would be marked wrong (Japan taps volcanic heat too)."""
    doc = sent.span.doc
    root = doc[a.tok_start : a.tok_end].root
    while root.dep_ in ("conj", "compound", "amod") and root.head.i != root.i:
        root = root.head  # "such as Marius and _____", "such as _____ numbers"
    if root.dep_ != "pobj":
        return False
    head = root.head
    if head.lower_ in ("including", "like"):
        return True
    return head.lower_ == "as" and head.i > 0 and doc[head.i - 1].lower_ == "such" or bool(
        re.search(r"(?i)(for example|for instance|e\.g\.),?\s*$",
                  sent.text[: a.start - sent.start]))


def negated(a: Answer, sent: Sentence) -> bool:
    """'The data doesn't go by _____': what is not so (unless a 'but' gives what is)."""
    doc = sent.span.doc
    verb = doc[a.tok_start : a.tok_end].root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    negs = [c for c in verb.children if c.dep_ == "neg"]
    if not negs:
        return False
    return not any(t.lower_ == "but" for t in doc[negs[0].i : a.tok_start])


_BEFORE_HALF = re.compile(r"\b[A-Z][\w-]* (?:and|&) $")


def half_a_name(a: Answer, sent: Sentence) -> bool:
    """'The Liverpool and _____', 'Edward the _____': the parser's name is half of one."""
    before = sent.text[: a.start - sent.start]
    doc, i = sent.span.doc, a.tok_start
    epithet = a.text[:1].isupper() and i >= sent.span.start + 2 and doc[i - 1].lower_ == "the" \
        and doc[i - 2].pos_ == "PROPN"  # "Edward the _____", not "When the _____"
    return (a.kind in ("org", "name") and bool(_BEFORE_HALF.search(before))) or epithet


_CONDITION = re.compile(r"^(Where|When|Whenever|If|Once)\b[^,;]*$")


def generic_count(a: Answer, sent: Sentence) -> bool:
    """'Where _____ plates pull apart, ...': a count in a general condition, not a fact."""
    return a.kind == "number" and bool(_CONDITION.match(sent.text[: a.start - sent.start]))


def modal_phrase(a: Answer, sent: Sentence) -> bool:
    """'Personal diplomacy can open doors': a phrase answer of a claim, not a fact."""
    return a.kind == "phrase" and (commentary(sent.text) or any(
        c.dep_ == "aux" and c.lower_ in _MODALS for c in sent.span.root.children))


def keeps(d: Draft, a: Answer) -> bool:
    """Weigh a draft as a long article does, or leave it out: a name is chosen more fairly
    than spelt; where and when each event took place come first; no prompt that shows
    part of its answer, asks about an unnamed event, says too little ("Who was captured?") or
    runs past LONG_PROMPT words."""
    if d.form == "mcq" and modifier_name(d, a):
        return False
    if d.form == "mcq" and a.kind in NAMED_KINDS:
        d.score *= MCQ_NAME
    if d.form in ("short", "cloze") and a.kind == "date":
        d.score *= TYPED_DATE  # "1867" for "October 1867": a date is chosen, not spelt
    if d.event and _BARE_EVENT.match(d.prompt):
        return False  # "When did the eruption take place?": which one?
    if d.event:
        d.score *= EVENT_WEIGHT
    if d.form != "true_false" and shows_a_word(str(d.answer), d.prompt, d.choices):
        return False
    if d.prompt.endswith("?") and len(d.prompt.split()) < SHORT_QUESTION:
        return False  # "Who was captured?", "Who came to power?": when, where, of what?
    return len(d.prompt.split()) <= LONG_PROMPT


_EVENT_NOUN = re.compile(r"\bthe (?:[a-z-]+ )?(uprising|revolution|rebellion|revolt|conflict|war"
                         r"|battle|crisis|incident|affair|dispute|invasion|campaign|siege"
                         r"|story|situation)\b(?! of\b)")


def unnamed_event(prompt: str, title_words: frozenset[str]) -> bool:
    """'Where did the political revolution take place?', 'What did the uprising ...?': a
    question about an event the sentence before named, unless it is the set's own subject
    ('the battle' in Battle of Hastings). A gap prompt that mentions one on the side ('The
    _____, signed in 1370, ended the conflict') still asks its fact."""
    return prompt.endswith("?") and any(
        m.group(1) not in title_words for m in _EVENT_NOUN.finditer(prompt))


def modifier_name(d: Draft, a: Answer) -> bool:
    """'_____ volcanoes', 'the _____ cycle': a name that modifies a common noun is a kind
    of that noun, and the article's other names ("Pacific Plate", "Ring of Fire") are not."""
    root = d.sentence.span.doc[a.tok_start : a.tok_end].root
    return a.kind not in ("date", "number", "phrase") and root.dep_ == "compound" and \
        root.head.pos_ == "NOUN"


def poor_context(d: Draft, a: Answer) -> bool:
    """'It ... _____': a prompt that leans on what the learner cannot see."""
    return a.kind != "quote" and context_poor(d.prompt) or leans_on_context(d.prompt)


def mark_event_dates(drafts: list[Draft]) -> None:
    """The date of a sentence that places an event is that event's when, not a date."""
    if any(d.event for d in drafts):
        for d in drafts:
            if d.focus.kind == "date":
                d.event = True


def true_false_kept(tf: Draft, best: Answer) -> bool:
    """Only a false statement that swaps a person or a place: a copied sentence is always
    true, a swapped year tests the year; and a prompt that stands alone."""
    if tf.answer is True or best.kind not in ("person", "place"):
        return False
    return not (context_poor(tf.prompt) or leans_on_context(tf.prompt)
                or len(tf.prompt.split()) > LONG_PROMPT)
