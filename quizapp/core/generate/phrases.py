"""Phrase answers: what a teacher asks that is not a name, a date or a number.

The arguments of a sentence's main verbs, read off the parse: the object ("founded *the
Mongol Empire*"), the complement ("is *the most populous city in the North East*"), the
object of a preposition that states the fact ("resulted in *the conquest of most of
Eurasia*", "lived in *poverty*", "split his empire into *khanates*"), the means ("by
*uniting many of the nomadic tribes*") and the cause ("because of *fossil-fuel
burning*"). Relative clauses, appositions and parentheses are cut off; a phrase stays short
enough to be a choice.
"""
from __future__ import annotations

from typing import Any

from quizapp.core.generate.answers import GENERIC_NOUNS, PRONOUNS, Answer

MAX_TOKENS = 13
MAX_CLAUSE = 12
_FACT_MARKS = frozenset("when after because since once until".split())
_CLAIM_VERBS = frozenset("""prove show find discover demonstrate observe conclude surmise argue
    suggest propose establish confirm realize realise note""".split())
# prepositions whose object is the fact ("in poverty", "into khanates", "as a result of")
FACT_PREPS = frozenset(
    "in into as of for from by with to on against over through between among".split())
_CUT = frozenset(("relcl", "acl", "appos", "advcl", "parataxis", "punct", "cc", "conj",
                  "prep", "dep", "meta", "npadvmod"))
_KEEP_PREPS = frozenset(("of",))
# role of the phrase: how often a teacher's key fact is that argument (hand-set)
ROLE_SCORE = {"attr": 1.0, "dobj": 0.9, "cause": 1.0, "means": 0.9, "agent": 0.8,
              "oprd": 0.9, "prep": 0.7, "result": 1.0, "claim": 1.0}
_VAGUE_HEADS = frozenset("""result end beginning power rest other others use way accounts
    wall man woman people thing things part lot days day years year time times era period
    decades generations moment""".split())
_JUDGING = frozenset("""significant considerable substantial great huge major real immense
    remarkable certain""".split())
_MEASURE = frozenset("""degree sense kind level amount number lot series variety range form
    type feeling state""".split())
_POINTING = frozenset("this that these those such another other same".split())
_RESULT_VERBS = frozenset("result lead cause become transform turn make name call".split())


def _keep(tok: Any, head: Any) -> bool:
    """Whether a dependent of the phrase's head stays in the phrase."""
    if tok.dep_ == "prep":
        return tok.lower_ in _KEEP_PREPS or (tok.head == head and tok.i == head.i + 1
                                              and tok.lower_ in ("over", "in", "for", "with"))
    if tok.dep_ == "conj" and tok.head == head:
        return True  # "hydrogen and helium", "shipbuilding and ship-repairing centres"
    if tok.dep_ == "cc" and tok.head == head:
        return True
    if tok.dep_ == "punct" and tok.head == head and tok.text == "," and any(
            c.dep_ == "conj" and c.i > tok.i for c in head.children):
        return True  # the commas of a list
    if tok.dep_ == "punct" and tok.text in ("-", "–", "'"):
        return True  # "large-scale", "second-oldest"
    return tok.dep_ not in _CUT


def phrase_tokens(head: Any) -> list[Any]:
    """The head with its kept dependents, as one contiguous run of tokens (or [])."""
    kept = [head]
    stack = [head]
    while stack:
        t = stack.pop()
        for c in t.children:
            if _keep(c, head if t == head else t):
                kept.append(c)
                stack.append(c)
    kept.sort(key=lambda t: t.i)
    run = [kept[0]]
    for t in kept[1:]:
        if t.i != run[-1].i + 1:
            if t.i > head.i:
                break
            run = [t]  # a gap before the head: start at the later piece
            continue
        run.append(t)
    if head not in run:
        return []
    for t in run:  # "headlines with an impromptu [, almost surreal,] meeting": cut at "with"
        if t.dep_ == "prep" and t != head and not any(
                c in run for c in t.children if c.dep_ in ("pobj", "pcomp")):
            run = run[: run.index(t)]
            break
    while run and (run[-1].is_punct or run[-1].dep_ in ("cc", "prep") or run[-1].tag_ == "POS"
                   or run[-1].pos_ in ("ADP", "DET", "CCONJ")):
        run.pop()  # "a bold experiment in": the preposition without its object
    while run and (run[0].is_punct or run[0].dep_ == "cc"):
        run.pop(0)
    return run


def _ok(tokens: list[Any]) -> bool:
    if not tokens or len(tokens) > MAX_TOKENS:
        return False
    head = [t for t in tokens if t.head not in tokens or t.head == t]
    if len(head) != 1:
        return False
    h = head[0]
    if h.lower_ in PRONOUNS or h.pos_ == "PRON" or tokens[0].tag_ == "PRP$":
        return False  # "his successor": whose? (the possessor is the fact)
    if tokens[0].like_num or tokens[0].ent_type_ in ("CARDINAL", "DATE", "QUANTITY"):
        return False  # "two main stages": a count, asked as a number if at all
    if tokens[0].lower_ in _POINTING:
        return False  # "this goal", "such a gesture": which one? (the learner cannot see)
    doc = h.doc
    before = doc[tokens[0].i - 1] if tokens[0].i > 0 else None
    if before is not None and before.text == "-" and not before.whitespace_:
        return False  # "de-escalate": a word's second half
    if tokens[-1].i + 1 < len(doc) and doc[tokens[-1].i + 1].text == "-" \
            and not tokens[-1].whitespace_:
        return False
    if any(t.lower_ in ("all", "every") for t in tokens[:1]) and len(tokens) <= 2:
        return False  # "by all accounts"
    if h.lemma_.lower() in _VAGUE_HEADS:
        return False
    if h.pos_ in ("NOUN", "PROPN"):
        if h.lemma_.lower() in GENERIC_NOUNS and not any(
                t.dep_ == "prep" for t in tokens):
            return False
        return True
    return h.pos_ == "VERB" and h.tag_ == "VBG"  # "uniting many of the nomadic tribes"


def _verbs(span: Any) -> list[Any]:
    """The main verbs: the root, its coordinated verbs and open complements."""
    root = span.root
    out = [root]
    for v in list(out):
        for c in v.children:
            if c.dep_ in ("dobj", "attr", "nsubj", "nsubjpass") :
                out.extend(r for r in c.children if r.dep_ == "relcl" and r.pos_ == "VERB")
    for v in list(out):
        for c in v.children:
            if c.dep_ in ("conj", "xcomp") and c.pos_ in ("VERB", "AUX") and c not in out:
                out.append(c)
    for v in list(out):
        for c in v.children:
            if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX") and c not in out:
                out.append(c)
            elif c.dep_ == "prep" and c.lower_ in ("after", "before", "upon", "while"):
                out.extend(p for p in c.children if p.dep_ == "pcomp" and p.tag_ == "VBG"
                           and p not in out)  # "After founding the Mongol Empire, he ..."
            elif c.dep_ == "advcl" and c.pos_ in ("VERB", "AUX") and c not in out and any(
                    m.dep_ == "mark" and m.lower_ in _FACT_MARKS for m in c.children):
                out.append(c)  # "began in 1973 when OAPEC proclaimed an oil embargo"
    return out


def _claims(span: Any) -> list[tuple[list[Any], str]]:
    """What someone proved, showed or found: the clause after "that" ("Boyle proved that
    *air is necessary for combustion*")."""
    out: list[tuple[list[Any], str]] = []
    root = span.root
    if root.lemma_.lower() not in _CLAIM_VERBS:
        return out
    for c in root.children:
        if c.dep_ != "ccomp" or c.i < root.i:
            continue
        toks = sorted(c.subtree, key=lambda t: t.i)
        if toks and toks[0].lower_ == "that" and toks[0].dep_ == "mark":
            toks = toks[1:]
        while toks and toks[-1].is_punct:
            toks.pop()
        subj = [t for t in c.children if t.dep_ in ("nsubj", "nsubjpass")]
        if (3 <= len(toks) <= MAX_CLAUSE and subj and subj[0].pos_ != "PRON"
                and all(t.text not in ",;:" for t in toks)):
            out.append((toks, "claim"))
    return out


def arguments(span: Any) -> list[tuple[list[Any], str]]:
    """(tokens, role) for each argument of the sentence's main verbs worth asking."""
    out: list[tuple[list[Any], str]] = []
    for verb in _verbs(span):
        for c in verb.children:
            if c.dep_ in ("dobj", "attr", "oprd"):
                role = c.dep_
                if verb.lemma_.lower() in _RESULT_VERBS:
                    role = "result"
                out.append((phrase_tokens(c), role))
            elif c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        out.append((phrase_tokens(p), "agent"))
            elif (c.dep_ == "prep" and c.lower_ in FACT_PREPS and c.i > verb.i
                  and c.doc[c.i - 1].text != ","):  # ", by all accounts,": an aside
                for p in c.children:
                    if p.dep_ == "pobj":
                        role = "prep"
                        if verb.lemma_.lower() in _RESULT_VERBS and c.lower_ in ("in", "to",
                                                                                  "into"):
                            role = "result"
                        out.append((phrase_tokens(p), role))
                    elif p.dep_ == "pcomp" and p.tag_ == "VBG" and c.lower_ == "by":
                        out.append((phrase_tokens(p), "means"))
            elif c.dep_ == "prep" and c.lower_ == "because":
                for p in c.children:
                    if p.dep_ == "pobj":
                        out.append((phrase_tokens(p), "cause"))  # "because of X"
                    if p.dep_ in ("prep", "pcomp") and p.lower_ == "of":
                        for q in p.children:
                            if q.dep_ == "pobj":
                                out.append((phrase_tokens(q), "cause"))
        for c in verb.children:  # "the most abundant element ... in the Earth's crust"
            if c.dep_ in ("attr", "dobj"):
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ in ("in", "into", "for", "from", "to"):
                        for q in p.children:
                            if q.dep_ == "pobj":
                                out.append((phrase_tokens(q), "prep"))
    return [(toks, role) for toks, role in out if _ok(toks)] + _claims(span)


def phrase_answers(span: Any, base: int, taken: list[Answer]) -> list[Answer]:
    """Phrase answers of a sentence; `base` maps the doc's char offsets to the cleaned text.

    A phrase equal to an answer already found (a name, a date) is not added again.
    """
    doc = span.doc
    have = {(a.tok_start, a.tok_end) for a in taken}
    out: list[Answer] = []
    for toks, role in arguments(span):
        s, e = toks[0].i, toks[-1].i + 1
        while s < e - 1 and doc[s].dep_ in ("det", "predet") and doc[s].lower_ in (
                "the", "a", "an"):
            s += 1  # the article stays in the sentence: "the _____"
        # "a significant degree of international legitimacy": the fact is the legitimacy
        while s < e - 2 and doc[s].lower_ in _JUDGING and doc[s].pos_ in ("ADJ", "ADV"):
            s += 1
        if s < e - 2 and doc[s].lemma_.lower() in _MEASURE and doc[s + 1].lower_ == "of":
            s += 2
        if (s, e) in have or any(o.tok_start == s and o.tok_end == e for o in out):
            continue
        if all(t.ent_type_ in ("DATE", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "TIME",
                               "ORDINAL") for t in doc[s:e]):
            continue  # a date or a number: already an answer of its own kind
        text = doc[s:e].text
        head = next(t for t in doc[s:e] if not s <= t.head.i < e or t.head == t)
        number = "PL" if head.tag_ in ("NNS", "NNPS") or any(
            t.dep_ == "conj" for t in doc[s:e]) else "SG"
        out.append(Answer(
            text=text, kind="phrase", label=f"{role.upper()}:{number}",
            start=base + doc[s].idx, end=base + doc[e - 1].idx + len(doc[e - 1].text),
            tok_start=s, tok_end=e, score=ROLE_SCORE.get(role, 0.6),
        ))
    return out
