"""Entry points: parse bank text by file extension, and load a bank file with its source."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from quizapp.core.bank.model import Bank, BankError
from quizapp.core.bank.syntax import load_json, load_yaml
from quizapp.core.bank.validate import build_bank

MAX_BANK_BYTES = 2 * 1024 * 1024
MAX_SOURCE_BYTES = 16 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"


def parse_bank(text: str, filename: str, *, source_text: str | None = None) -> Bank:
    """Parse and validate bank text; YAML or JSON by the filename's extension (.yaml/.yml/.json)."""
    return _parse(text, filename, source_text, None)


def _parse(text: str, filename: str, source_text: str | None, source_sha256: str | None) -> Bank:
    suffix = os.path.splitext(filename)[1].lower()
    if suffix in (".yaml", ".yml"):
        doc = load_yaml(text, filename)
    elif suffix == ".json":
        doc = load_json(text, filename)
    else:
        raise BankError(
            f"unknown extension {suffix or '(none)'!r}; a bank is .yaml, .yml or .json",
            file=filename,
        )
    return build_bank(doc, filename, source_text, source_sha256)


def _read(path: Path, limit: int, filename: str, what: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise BankError(f"cannot read {what}: {exc.strerror or exc}", file=filename) from None
    if len(data) > limit:
        raise BankError(f"{what} is larger than {limit // (1024 * 1024)} MiB", file=filename)
    return data


def _decode(data: bytes, filename: str, what: str) -> str:
    if data.startswith(_BOM):
        raise BankError(
            f"{what} starts with a byte order mark (BOM); save it as UTF-8 without BOM",
            file=filename,
            line=1,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BankError(
            f"{what} is not valid UTF-8 (byte {exc.start})", file=filename, line=line
        ) from None


def load_bank_file(path: str | os.PathLike[str]) -> Bank:
    """Read a UTF-8 bank file; check its source file's sha256 and offsets when that file exists."""
    return load_bank_and_source(path)[0]


def load_bank_and_source(path: str | os.PathLike[str]) -> tuple[Bank, str | None]:
    """The bank, and its source article's text when the file it names exists. The source
    must lie inside the bank's own folder: `../../instance/secret_key` is refused, unread."""
    filename = os.fspath(path)
    text = _decode(
        _read(Path(filename), MAX_BANK_BYTES, filename, "the bank file"), filename, "the bank file"
    )
    bank = _parse(text, filename, None, None)
    if bank.source is None or bank.source.file is None:
        return bank, None
    folder = Path(filename).parent.resolve()
    source_path = (folder / bank.source.file).resolve()
    if not source_path.is_relative_to(folder):
        raise BankError("must be a path inside the bank's folder (no '..', no absolute path)",
                        file=filename, field="source.file")
    if not source_path.is_file():
        return bank, None
    what = f"source file {bank.source.file!r}"
    data = _read(source_path, MAX_SOURCE_BYTES, filename, what)
    source_text = _decode(data, filename, what)
    return _parse(text, filename, source_text, hashlib.sha256(data).hexdigest()), source_text
