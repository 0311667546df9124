"""The zip reader every archive format (.apkg, .xlsx) goes through: limits on size, member
count, packing ratio and names hold before anything is unpacked."""
from __future__ import annotations

import io
import zipfile

import pytest

from quizapp.core.formats import FormatError, archive, gift


def _zip(members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def test_a_good_archive_opens_and_reads() -> None:
    z = archive.open_zip(_zip({"a.txt": b"hello"}), "x.apkg")
    assert archive.read_member(z, "a.txt", "x.apkg") == b"hello"
    with pytest.raises(FormatError, match="the archive has no 'b.txt'"):
        archive.read_member(z, "b.txt", "x.apkg")


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "a/../../b", "C:/x",
                                  "..\\x"])
def test_unsafe_names_are_refused(name: str) -> None:
    with pytest.raises(FormatError, match="unsafe file name"):
        archive.open_zip(_zip({name: b"x"}), "x.apkg")


def test_a_zip_bomb_is_refused_before_unpacking() -> None:
    bomb = _zip({"collection.anki2": b"\0" * (8 * 1024 * 1024)})
    assert len(bomb) < 64 * 1024
    with pytest.raises(FormatError, match="looks like a zip bomb"):
        archive.open_zip(bomb, "bomb.apkg")


def test_too_many_members_and_too_large_files() -> None:
    many = _zip({f"m{i}": b"" for i in range(archive.MAX_MEMBERS + 1)}, method=zipfile.ZIP_STORED)
    with pytest.raises(FormatError, match="holds 2001 files"):
        archive.open_zip(many, "many.apkg")
    with pytest.raises(FormatError, match="larger than 32 MiB"):
        archive.open_zip(b"PK" + b"\0" * (archive.MAX_ARCHIVE_BYTES + 1), "big.apkg")
    with pytest.raises(FormatError, match="not a readable zip archive"):
        archive.open_zip(b"not a zip", "x.xlsx")


def test_a_member_larger_than_its_header_says_stops() -> None:
    data = bytearray(_zip({"a.txt": b"A" * 1000}, method=zipfile.ZIP_STORED))
    # shrink the declared size in the central directory (what infolist() reads)
    z = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = z.getinfo("a.txt")
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = (10).to_bytes(4, "little")  # uncompressed size
    z = archive.open_zip(bytes(data), "lie.apkg")
    assert info.file_size == 1000
    with pytest.raises(FormatError, match="cannot unpack|larger than its header"):
        archive.read_member(z, "a.txt", "lie.apkg")


def test_a_huge_text_file_is_refused() -> None:
    with pytest.raises(FormatError, match="larger than 4 MiB"):
        gift.read(b"Q?{T}\n\n" * (700 * 1024), "huge.gift")
