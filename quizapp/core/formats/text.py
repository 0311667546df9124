"""Reading bytes as text, and markup as plain text, the same way in every format."""
from __future__ import annotations

import html
import re

import nh3

from quizapp.core.formats.base import FormatError

MAX_TEXT_BYTES = 4 * 1024 * 1024
_BREAKS = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6]|/tr)\b[^>]*>", re.I)
_MEDIA = re.compile(r"<\s*(img|audio|video|object|embed)\b|\[sound:[^\]\[]*\]|"
                    r"\bhref\s*=\s*[\"']?[^\"'>\s]+\.(mp3|wav|ogg|m4a|mp4|webm|png|jpe?g|gif|svg)"
                    r"\b", re.I)


def decode(data: bytes, filename: str, *, limit: int = MAX_TEXT_BYTES) -> str:
    """UTF-8 (with or without a byte order mark) or UTF-16 with one; anything else is
    refused with the line of the first bad byte. Line ends become \\n."""
    if len(data) > limit:
        raise FormatError(f"the file is larger than {limit // (1024 * 1024)} MiB",
                          file=filename)
    if looks_binary(data):
        raise FormatError("this is not a text file (it looks like an image, a document "
                          "or an archive); export the questions from the other tool as "
                          "text and choose that file", file=filename)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise FormatError("the file says it is UTF-16 but is not", file=filename) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            raise FormatError(
                f"the file is not UTF-8 text (a character near column {column} is in another "
                "encoding); save it as UTF-8 (in Excel: Save As, “CSV UTF-8”; in a text "
                "editor: Save with encoding UTF-8)", file=filename, where=f"line {line}") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise FormatError("the file holds a NUL character; is it a binary file?",
                          file=filename, where=f"line {line}")
    return text.replace("\r\n", "\n").replace("\r", "\n")


_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0",
          b"SQLite format", b"\x1f\x8b", b"RIFF", b"ID3", b"OggS")


def looks_binary(data: bytes) -> bool:
    """An image, a PDF, an Office file, an archive, a database, a sound: not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 holds NUL bytes
    head = data[:8192]
    return data.startswith(_MAGIC) or head.count(b"\x00") > max(1, len(head) // 100)


def has_media(markup: str) -> bool:
    """The markup shows an image, a sound or a video (which a question here cannot)."""
    return bool(_MEDIA.search(markup))


def html_to_text(markup: str) -> str:
    """Plain text from HTML: tags dropped (line breaks kept as spaces), entities decoded,
    whitespace folded."""
    if "<" not in markup and "&" not in markup:
        return " ".join(markup.split())
    spaced = _BREAKS.sub(" ", markup)
    stripped = nh3.clean(spaced, tags=set(), attributes={}, strip_comments=True)
    return " ".join(html.unescape(stripped).split())
