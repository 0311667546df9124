"""Zip archives (.apkg, .xlsx) read with limits: the number of members, each member's and
the total unpacked size, the packing ratio, and names (no absolute paths, no '..')."""
from __future__ import annotations

import io
import zipfile

from quizapp.core.formats.base import FormatError

MAX_ARCHIVE_BYTES = 32 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
MAX_RATIO = 200


def open_zip(data: bytes, filename: str) -> zipfile.ZipFile:
    """The archive, checked member by member before anything is unpacked."""
    if len(data) > MAX_ARCHIVE_BYTES:
        raise FormatError(f"the file is larger than {MAX_ARCHIVE_BYTES // (1024 * 1024)} MiB",
                          file=filename)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise FormatError(f"not a readable zip archive ({exc})", file=filename) from None
    if len(members) > MAX_MEMBERS:
        raise FormatError(f"the archive holds {len(members)} files, more than {MAX_MEMBERS}",
                          file=filename)
    total = 0
    for info in members:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":"):
            raise FormatError(f"the archive holds an unsafe file name {name!r}", file=filename)
        if info.file_size > MAX_MEMBER_BYTES:
            raise FormatError(f"{name!r} unpacks to {info.file_size} bytes, more than allowed",
                              file=filename)
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO \
                and info.file_size > 1024 * 1024:
            raise FormatError(f"{name!r} is packed {info.file_size // info.compress_size} to 1;"
                              " it looks like a zip bomb", file=filename)
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise FormatError("the archive unpacks to more than "
                          f"{MAX_TOTAL_BYTES // (1024 * 1024)} MiB", file=filename)
    return archive


def read_member(archive: zipfile.ZipFile, name: str, filename: str) -> bytes:
    """One member's bytes, never more than its declared size (a lying header stops)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise FormatError(f"the archive has no {name!r}", file=filename) from None
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise FormatError(f"cannot unpack {name!r} ({exc})", file=filename) from None
    if len(data) > info.file_size:
        raise FormatError(f"{name!r} is larger than its header says", file=filename)
    return data
