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


def plan_merge(active: list[Question], retired: list[Question], incoming: list[Question],
               carries: frozenset[str], *, replace: bool = False) -> MergePlan:
    """Match `incoming` to the set's questions by id. Without `replace`, questions the
    file lacks stay as they are; with it, they are retired (never deleted)."""
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
    return MergePlan(tuple(added), tuple(changed), tuple(unchanged), tuple(restored), retire)
