"""Reading and cleaning: txt, Markdown and HTML to plain paragraphs with an offset map."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.entities import name2codepoint
from html.parser import HTMLParser

KINDS = ("txt", "md", "html")


# An article's format by its file name's ending (what `clean` reads).
KIND_OF_SUFFIX = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
                  ".html": "html", ".htm": "html"}

@dataclass
class Cleaned:
    """Plain text with, for every character, its [start, end) span in the original text."""

    text: str = ""
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    title: str | None = None

    def add(self, chars: str, start: int, end: int | None = None) -> None:
        """Append characters that come from original[start:start+len] (or one span)."""
        self.text += chars
        for i in range(len(chars)):
            if end is None:
                self.starts.append(start + i)
                self.ends.append(start + i + 1)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def add_break(self, at: int) -> None:
        """End the current paragraph (a blank line) unless one just ended."""
        if self.text and not self.text.endswith("\n\n"):
            self.add("\n\n", at, at)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned [start, end) span to the original text."""
        return self.starts[start], self.ends[end - 1]


# Wikipedia's clutter: reference and maintenance marks, page numbers after a citation,
# pronunciations (the slashes around IPA, with a "(UK: ..." or "i/" lead-in).
_CLUTTER = re.compile(
    r"\[(?:citation needed|vague|update|not in citation given|clarification needed|dubious"
    r"|when\?|who\?|which\?|by whom\?|according to whom\?|N ?\d+|\d{1,3}|note \d+"
    r"|[a-z]{1,3} \d+)\]"
    r"|(?<=[.;a-zA-Z\"\u201d)]):\d+(?:[\u2013-]\d+)?(?=\s|$)"
    r"|\s?\((?:[A-Z][a-z]*: )?i?/[^/\n]*[\u02c8\u02cc\u0259\u026a\u028a\u028c\u00e6\u0252"
    r"\u0254\u02d0][^/\n]*/[^()\n]*\)"
    r"|\s?i?/[^/\s][^/\n]{0,60}[\u02c8\u02cc\u02d0][^/\n]{0,60}/;?",
    re.I,
)


def strip_clutter(cleaned: Cleaned) -> Cleaned:
    """The cleaned text without reference marks and pronunciations, offsets kept."""
    if not _CLUTTER.search(cleaned.text):
        return cleaned
    out = Cleaned(title=cleaned.title)
    pos = 0
    for m in _CLUTTER.finditer(cleaned.text):
        for i in range(pos, m.start()):
            out.text += cleaned.text[i]
            out.starts.append(cleaned.starts[i])
            out.ends.append(cleaned.ends[i])
        pos = m.end()
    for i in range(pos, len(cleaned.text)):
        out.text += cleaned.text[i]
        out.starts.append(cleaned.starts[i])
        out.ends.append(cleaned.ends[i])
    return out


def clean(raw: str, kind: str = "txt") -> Cleaned:
    """Clean `raw` of the given kind ("txt" | "md" | "html") into paragraphs, without
    Wikipedia's reference marks and pronunciations."""
    return strip_clutter(_clean(raw, kind))


def _clean(raw: str, kind: str = "txt") -> Cleaned:
    if kind == "html":
        return _clean_html(raw)
    if kind == "md":
        return _clean_markdown(raw)
    if kind != "txt":
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    out = _plain_with_lists(raw)
    for line in raw.splitlines():
        if line.strip():
            out.title = line.strip()
            break
    return out


# A list item in plain text ("- At divergent boundaries, ...", "2) Vote by ballot"): a
# paragraph of its own, without its marker, as in Markdown. A number opens an item only
# after a line ending in ":" or another item ("... the formula O\n2. Diatomic oxygen" is
# a subscript the text lost, not a list).
_BULLET = re.compile(r"^[ \t]*[-*\u2022\u2023\u25e6][ \t]+(?=\S)")
_NUMBERED = re.compile(r"^[ \t]*\d{1,2}[.)][ \t]+(?=\S)")


def _plain_with_lists(raw: str) -> Cleaned:
    out = Cleaned()
    lines = raw.splitlines(keepends=True)
    if not any(_BULLET.match(line) or _NUMBERED.match(line) for line in lines):
        out.add(raw, 0)
        return out
    pos = 0
    listing = False  # the line before opened a list or was an item of one
    for line in lines:
        start, pos = pos, pos + len(line)
        item = _BULLET.match(line) or (_NUMBERED.match(line) if listing else None)
        if line.strip():
            listing = item is not None or line.rstrip().endswith(":")
        if item is None:
            out.add(line, start)
            continue
        out.add_break(start)
        out.add(line[item.end():], start + item.end())
        out.add_break(pos)
    return out


_MD_INLINE = re.compile(
    r"!\[([^\]]*)\]\([^)]*\)"  # image: keep alt text
    r"|\[([^\]]+)\]\([^)]*\)"  # link: keep its text
    r"|(\*\*|__|\*|_|`+|~~)"  # emphasis and code markers: drop
    r"|<[^>\n]+>"  # inline html: drop
)
_MD_PREFIX = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")


def _clean_markdown(raw: str) -> Cleaned:
    out = Cleaned()
    pos = 0
    in_code = False
    for line in raw.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        body = line.rstrip("\r\n")
        if body.lstrip().startswith("```"):
            in_code = not in_code
            out.add_break(start)
            continue
        if in_code or not body.strip() or re.fullmatch(r"\s*([-*_=]\s*){3,}", body):
            out.add_break(start)
            continue
        m = _MD_PREFIX.match(body)
        is_heading = bool(m and m.group(1).startswith("#"))
        off = m.end() if m else 0
        if is_heading or (m and not m.group(1).startswith(">")):
            out.add_break(start)
        _add_inline(out, body, start, off)
        if is_heading:
            if out.title is None:
                out.title = out.text.split("\n\n")[-1].strip()
            out.add_break(pos)
        else:
            out.add(" ", start + len(body), start + len(body))
    if out.title is None:
        first = out.text.strip().split("\n\n")[0] if out.text.strip() else ""
        out.title = first[:120] or None
    return out


def _add_inline(out: Cleaned, body: str, base: int, off: int) -> None:
    i = off
    for m in _MD_INLINE.finditer(body, off):
        out.add(body[i : m.start()], base + i)
        group = 1 if m.group(1) is not None else 2 if m.group(2) is not None else 0
        if group:
            out.add(m.group(group), base + m.start(group))
        i = m.end()
    out.add(body[i:], base + i)


_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "header", "footer", "blockquote", "tr", "table", "hr", "figcaption", "dd",
    "dt", "title", "main", "aside", "nav", "pre",
}
_SKIP = {"script", "style", "noscript", "template", "head_meta"}


class _HTMLCleaner(HTMLParser):
    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.out = Cleaned()
        self.skip = 0
        self.line_starts = [0]
        for m in re.finditer("\n", raw):
            self.line_starts.append(m.end())
        self.in_title = False
        self.in_h1 = False
        self.h1 = ""
        self.title = ""

    def raw_offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        if tag in _BLOCK:
            self.out.add_break(self.raw_offset())
        self.in_title = self.in_title or tag == "title"
        self.in_h1 = self.in_h1 or tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip:
            self.skip -= 1
        if tag in _BLOCK:
            self.out.add_break(self.raw_offset())
        if tag == "title":
            self.in_title = False
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.in_title:
            self.title += data
            return
        if self.in_h1:
            self.h1 += data
        start = self.raw_offset()
        # collapse runs of whitespace into one space, keeping the map
        for m in re.finditer(r"\s+|\S+", data):
            if m.group().isspace():
                if self.out.text and not self.out.text.endswith((" ", "\n")):
                    self.out.add(" ", start + m.start())
            else:
                self.out.add(m.group(), start + m.start())

    def _entity(self, char: str) -> None:
        if self.skip or self.in_title:
            return
        start = self.raw_offset()
        end = self.raw.find(";", start, start + 12)
        end = end + 1 if end != -1 else start + 1
        if self.in_h1:
            self.h1 += char
        self.out.add(" " if char.isspace() else char, start, end)

    def handle_entityref(self, name: str) -> None:
        self._entity(chr(name2codepoint[name]) if name in name2codepoint else "&" + name)

    def handle_charref(self, name: str) -> None:
        try:
            code = int(name[1:], 16) if name.lower().startswith("x") else int(name)
            self._entity(chr(code))
        except (ValueError, OverflowError):
            return


def _clean_html(raw: str) -> Cleaned:
    parser = _HTMLCleaner(raw)
    parser.feed(raw)
    parser.close()
    out = parser.out
    out.title = (parser.h1.strip() or parser.title.strip()) or None
    return out
