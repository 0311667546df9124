"""Read YAML or JSON bank text into plain data plus the line of every key and item.

Both readers refuse duplicate mapping keys, YAML anchors/aliases, and nesting deeper than
MAX_DEPTH, and they remember the text as written of every non-string scalar (`raw`), so that
a bare `1989` given where text is expected can be kept exactly as the author typed it.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

import yaml

from quizapp.core.bank.model import BankError

Path = tuple[str | int, ...]
MAX_DEPTH = 32

_T = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_T + "str", _T + "int", _T + "float", _T + "bool", _T + "null"}
# libyaml's safe loader when PyYAML was built with it (about 10x faster), else the pure one.
Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LITERAL = re.compile(r"[^\s,\]}]+")


@dataclass
class Document:
    """Parsed bank data with the 1-based line of each mapping key / sequence item by path."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)

    def line(self, path: Path) -> int | None:
        """Line of `path`, or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def load_yaml(text: str, filename: str) -> Document:
    """Compose YAML with the safe loader and build a Document, refusing unsafe constructs."""
    try:
        _prescan_yaml(text, filename)
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise BankError(f"invalid YAML: {problem}", file=filename, line=line) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise BankError(
            f"invalid YAML: unacceptable character #x{exc.character:04x}",
            file=filename,
            line=line,
        ) from None
    except yaml.YAMLError as exc:
        raise BankError(f"invalid YAML: {exc}", file=filename) from None
    if node is None:
        raise BankError("the file is empty", file=filename, line=1)
    doc = Document(data=None, lines={(): node.start_mark.line + 1})
    doc.data = _YamlBuilder(doc, filename).build(node, ())
    return doc


def _prescan_yaml(text: str, filename: str) -> None:
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=Loader):
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise BankError(
                "YAML anchors and aliases (& and *) are not allowed", file=filename, line=line
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise BankError(
                    f"nested more than {MAX_DEPTH} levels deep", file=filename, line=line
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise BankError(
                    "a bank file holds exactly one YAML document", file=filename, line=line
                )


class _YamlBuilder:
    """Turns composed nodes into plain values, recording lines and written text."""

    def __init__(self, doc: Document, filename: str) -> None:
        self.doc = doc
        self.filename = filename
        self.loader = yaml.SafeLoader("")

    def fail(self, node: yaml.Node, message: str) -> BankError:
        """A BankError at the node's line."""
        return BankError(message, file=self.filename, line=node.start_mark.line + 1)

    def scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        """A plain value for a scalar node (dates stay text), recording non-text as written."""
        if node.tag == _T + "timestamp":
            return node.value  # dates stay text as written: JSON has no date type
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(node, f"unsupported YAML tag {node.tag!r}")
        try:
            value = self.loader.construct_object(node)
        except (ValueError, LookupError, TypeError, ArithmeticError, yaml.YAMLError):
            short = node.value if len(node.value) <= 40 else node.value[:40] + "..."
            raise self.fail(
                node, f"cannot read {short!r} as {node.tag.rsplit(':', 1)[-1]}"
            ) from None
        if value is not None and not isinstance(value, str) and not node.style:
            self.doc.raw[path] = node.value
        return value

    def build(self, node: yaml.Node, path: Path) -> Any:
        """The plain value of `node`, recording the line of every key and item below it."""
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _T + "seq":
                raise self.fail(node, f"unsupported YAML tag {node.tag!r}")
            items = []
            for index, item in enumerate(node.value):
                self.doc.lines[path + (index,)] = item.start_mark.line + 1
                items.append(self.build(item, path + (index,)))
            return items
        if isinstance(node, yaml.MappingNode):
            if node.tag != _T + "map":
                raise self.fail(node, f"unsupported YAML tag {node.tag!r}")
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _T + "merge":
                    raise self.fail(key_node, "YAML merge keys (<<) are not allowed")
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, "a mapping key must be plain text")
                key = self.scalar(key_node, ())
                line = key_node.start_mark.line + 1
                if key in result:
                    first = self.doc.lines[path + (key,)]
                    raise self.fail(key_node, f"duplicate key {key!r} (first at line {first})")
                self.doc.lines[path + (key,)] = line
                result[key] = self.build(value_node, path + (key,))
            return result
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover


def load_json(text: str, filename: str) -> Document:
    """Parse JSON strictly (no NaN/Infinity) and record positions with a second, linear scan."""
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise BankError(f"invalid JSON: {exc.msg}", file=filename, line=exc.lineno) from None
    except RecursionError:
        raise BankError("invalid JSON: nested too deeply", file=filename) from None
    except ValueError as exc:
        raise BankError(f"invalid JSON: {exc}", file=filename) from None
    doc = Document(data=data)
    _JsonScanner(text, filename, doc).run()
    return doc


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


@dataclass
class _Frame:
    is_object: bool
    path: Path
    index: int = 0
    key: str | None = None
    expecting_key: bool = True
    keys: dict[str, int] = field(default_factory=dict)


class _JsonScanner:
    """Walks text that json.loads accepted, recording lines, raw literals and duplicate keys."""

    def __init__(self, text: str, filename: str, doc: Document) -> None:
        self.text = text
        self.filename = filename
        self.doc = doc
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.stack: list[_Frame] = []

    def line_of(self, pos: int) -> int:
        """1-based line of a character offset."""
        return bisect.bisect_left(self.newlines, pos) + 1

    def begin_value(self, pos: int) -> Path:
        """The path of the value starting at `pos`, recording its line if it is a list item."""
        if not self.stack:
            self.doc.lines[()] = self.line_of(pos)
            return ()
        top = self.stack[-1]
        if top.is_object:
            assert top.key is not None
            return top.path + (top.key,)
        path = top.path + (top.index,)
        self.doc.lines[path] = self.line_of(pos)
        return path

    def run(self) -> None:
        """Scan the whole text once."""
        text, pos, end = self.text, 0, len(self.text)
        while pos < end:
            char = text[pos]
            if char in " \t\r\n,:":
                if char == "," and self.stack:
                    top = self.stack[-1]
                    top.index += 1
                    top.expecting_key = top.is_object
                pos += 1
            elif char in "{[":
                path = self.begin_value(pos)
                if len(self.stack) >= MAX_DEPTH:
                    raise BankError(
                        f"nested more than {MAX_DEPTH} levels deep",
                        file=self.filename,
                        line=self.line_of(pos),
                    )
                self.stack.append(_Frame(is_object=char == "{", path=path))
                pos += 1
            elif char in "}]":
                self.stack.pop()
                pos += 1
            elif char == '"':
                value, after = scanstring(text, pos + 1)
                parent = self.stack[-1] if self.stack else None
                if parent is not None and parent.is_object and parent.expecting_key:
                    self.key(parent, value, pos)
                else:
                    self.begin_value(pos)
                pos = after
            else:
                match = _LITERAL.match(text, pos)
                assert match is not None
                self.doc.raw[self.begin_value(pos)] = match.group()
                pos = match.end()

    def key(self, top: _Frame, key: str, pos: int) -> None:
        """Record an object key, refusing a repeat within the same object."""
        line = self.line_of(pos)
        if key in top.keys:
            raise BankError(
                f"duplicate key {key!r} (first at line {top.keys[key]})",
                file=self.filename,
                line=line,
            )
        top.keys[key] = line
        top.key = key
        top.expecting_key = False
        self.doc.lines[top.path + (key,)] = line
