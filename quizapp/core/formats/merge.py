"""What importing a file into a set that already has questions does, worked out before
anything is written: questions are matched by id; a matched question takes the fields the
file's format carries and keeps the others (its source passage, its difficulty, ...)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from quizapp.core.bank import Question, key_text

TYPED_FIELDS = ("choices", "answer", "accept", "tolerance")


@dataclass(frozen=True)
class MergePlan:
    """The questions to write, in order, and what happens to each."""

    added: tuple[Question, ...]
    changed: tuple[Question, ...]
    unchanged: tuple[Question, ...]
    restored: tuple[Question, ...]  # retired questions that come back
    retired: tuple[str, ...]  # ids of active questions the file does not have (replace)
    order: tuple[str, ...] = ()  # the file's questions, as matched, in file order

    @property
    def writes(self) -> int:
        return len(self.added) + len(self.changed) + len(self.restored) + len(self.retired)


def merged_question(old: Question, new: Question, carries: frozenset[str]) -> Question:
    """`new` where the format carries a field, `old` where it does not. When the format
    could not hold the old question's type (an mcq exported to Quizlet comes back a short
    answer) and the prompt and answer key read the same, the old question stands."""
    if new.type != old.type:
        if new.prompt == old.prompt and key_text(new) == key_text(old) \
                and "choices" not in carries:
            return old
        kept = {name: getattr(old, name) for name in ("explanation", "tags", "difficulty",
                                                      "source")
                if name not in carries}
        return dataclasses.replace(new, extra=old.extra, **kept)
    kept = {name: getattr(old, name) for name in
            ("prompt", *TYPED_FIELDS, "explanation", "tags", "difficulty", "source")
            if name not in carries}
    if not new.tolerance and not old.tolerance:  # 0 written out reads back as 0, not None
        kept["tolerance"] = old.tolerance
    return dataclasses.replace(new, extra=old.extra if not new.extra else new.extra, **kept)


def _norm(text: str) -> str:
    return " ".join(text.replace("_____", " ").split()).casefold()


def match_by_content(existing: list[Question], incoming: list[Question]) -> list[Question]:
    """For a format that carries no ids (Aiken, Quizlet, Kahoot): each incoming question
    takes the id of the set's question it is, found by its prompt — the same prompt, type
    and answer key first, then the same prompt and type, then the same prompt — each set
    question matched at most once. The rest keep their made-up ids."""
    taken: set[str] = set()
    out = []
    tiers = [
        lambda old, new: old.type == new.type and key_text(old) == key_text(new),
        lambda old, new: old.type == new.type,
        lambda old, new: True,
    ]
    by_prompt: dict[str, list[Question]] = {}
    for old in existing:
        by_prompt.setdefault(_norm(old.prompt), []).append(old)
    pending = list(enumerate(incoming))
    chosen: dict[int, str] = {}
    for tier in tiers:
        for index, new in pending:
            if index in chosen:
                continue
            for old in by_prompt.get(_norm(new.prompt), ()):
                if old.id not in taken and tier(old, new):
                    chosen[index] = old.id
                    taken.add(old.id)
                    break
    used = taken | {q.id for q in existing}
    for index, new in pending:
        if index in chosen:
            out.append(dataclasses.replace(new, id=chosen[index]))
        elif new.id in used:  # a made-up id that is another question's: make it unique
            n = 2
            while f"{new.id}-{n}" in used:
                n += 1
            used.add(f"{new.id}-{n}")
            out.append(dataclasses.replace(new, id=f"{new.id}-{n}"))
        else:
            used.add(new.id)
            out.append(new)
    return out


def plan_merge(active: list[Question], retired: list[Question], incoming: list[Question],
               carries: frozenset[str], *, replace: bool = False,
               ids: bool = True) -> MergePlan:
    """Match `incoming` to the set's questions by id (by content when the format has no
    ids). Without `replace`, questions the file lacks stay as they are; with it, they are
    retired (never deleted)."""
    if not ids:
        incoming = match_by_content([*active, *retired], incoming)
    by_id = {q.id: q for q in active}
    gone = {q.id: q for q in retired}
    added: list[Question] = []
    changed: list[Question] = []
    unchanged: list[Question] = []
    restored: list[Question] = []
    for new in incoming:
        if new.id in by_id:
            merged = merged_question(by_id[new.id], new, carries)
            (unchanged if merged == by_id[new.id] else changed).append(merged)
        elif new.id in gone:
            restored.append(merged_question(gone[new.id], new, carries))
        else:
            added.append(new)
    seen = {q.id for q in incoming}
    retire = tuple(q.id for q in active if q.id not in seen) if replace else ()
    return MergePlan(tuple(added), tuple(changed), tuple(unchanged), tuple(restored), retire,
                     tuple(q.id for q in incoming))
