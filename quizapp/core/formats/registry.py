"""The description of one format: its name, what it reads and writes, what it keeps."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from quizapp.core.bank import Bank
from quizapp.core.formats.base import Exported, Parsed

Reader = Callable[[bytes, str], Parsed]
Writer = Callable[[Bank], Exported]


@dataclass(frozen=True)
class Format:
    """`carries` names the question fields (base.FIELDS) a file of this format keeps: on
    re-import into a set, the others keep the values they had, so an export to Aiken and
    back does not wipe a question's source passage."""

    name: str
    label: str
    extensions: tuple[str, ...]
    carries: frozenset[str]
    read: Reader | None = None
    write: Writer | None = None
    suffix: str = ""  # the file suffix an export gets
    mimetype: str = "text/plain; charset=utf-8"
    ids: bool = True  # a question's id travels through this format
