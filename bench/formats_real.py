"""Read real files written by other tools (Moodle, Anki, Kahoot, Quizlet-shaped text ...)
with quizapp's importers and print what came out of each: questions by type, skipped,
errors, notes. Not a test: the files are third-party (their licences vary) and live
outside the repository; docs/formats.md records the figures.

    .venv/bin/python bench/formats_real.py [FOLDER]   # default ../shared/data/formats
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizapp.core import formats  # noqa: E402

FOLDER = Path(sys.argv[1]) if len(sys.argv) > 1 else \
    Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "formats"
# The format each folder's files are in (a .txt or .csv could be several).
BY_FOLDER = {"gift": "gift", "aiken": "aiken", "moodle_xml": "moodle_xml", "apkg": "apkg",
             "kahoot": None, "csv": "csv", "anki": None, "qti": None}


def main() -> None:
    print(f"{'file':58} {'format':11} {'read':>4} {'skip':>4} {'err':>3} {'notes':>5}  types")
    for folder in sorted(p for p in FOLDER.iterdir() if p.is_dir()):
        for path in sorted(folder.iterdir()):
            data = path.read_bytes()
            name = BY_FOLDER.get(folder.name)
            try:
                fmt = formats.get(name) if name and name in formats.FORMATS else \
                    formats.detect(path.name, data)
                if fmt.read is None:
                    raise formats.FormatError("not readable", file=path.name)
                parsed = fmt.read(data, path.name)
            except (formats.FormatError, KeyError) as exc:
                print(f"{folder.name + '/' + path.name:58} {'-':11} refused: {exc}")
                continue
            types = ", ".join(f"{t} {n}" for t, n in parsed.counts().items())
            print(f"{folder.name + '/' + path.name:58} {fmt.name:11} {len(parsed.questions):4} "
                  f"{len(parsed.skipped):4} {len(parsed.errors):3} {len(parsed.notes):5}  "
                  f"{types}")
            for error in parsed.errors[:3]:
                print(f"{'':60}error: {error}"[:160])


if __name__ == "__main__":
    main()
