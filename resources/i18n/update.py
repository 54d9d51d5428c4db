"""Refresh the English translation: collect the Korean source strings, then compile the .qm.

    python resources/i18n/update.py                  # lupdate (keeps translations), then lrelease
    python resources/i18n/update.py --fill en.json   # also fill untranslated strings from {korean: english}

Translate in ``smartro_desk_en.ts`` (with ``pyside6-linguist`` or any text editor),
then run this again; ``tests/test_ui_i18n.py`` fails while a string is untranslated
or the .qm is older than the .ts.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TS = HERE / "smartro_desk_en.ts"
QM = HERE / "smartro_desk_en.qm"


def tool(name: str) -> str | None:
    """``pyside6-lupdate`` / ``pyside6-lrelease`` from PATH or next to this Python."""
    found = shutil.which(f"pyside6-{name}")
    if found:
        return found
    folder = Path(sys.executable).parent
    for candidate in (folder / f"pyside6-{name}", folder / f"pyside6-{name}.exe", folder / "Scripts" / f"pyside6-{name}.exe"):
        if candidate.exists():
            return str(candidate)
    return None


def sources() -> list[str]:
    files = sorted((ROOT / "smartro_desk" / "ui").rglob("*.py")) + [ROOT / "smartro_desk" / "app.py"]
    return [str(f.relative_to(ROOT)) for f in files]


def lupdate(ts: Path = TS) -> None:
    exe = tool("lupdate")
    if exe is None:
        raise SystemExit("pyside6-lupdate not found")
    subprocess.run([exe, *sources(), "-source-language", "ko", "-target-language", "en", "-no-obsolete",
                    "-locations", "none", "-silent", "-ts", str(ts)], cwd=ROOT, check=True)


def lrelease(ts: Path = TS, qm: Path = QM) -> None:
    exe = tool("lrelease")
    if exe is None:
        raise SystemExit("pyside6-lrelease not found")
    subprocess.run([exe, "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True)


def messages(ts: Path = TS) -> list[tuple[str, str, str | None]]:
    """(context, source, translation or None if unfinished) of every message."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") != "unfinished" and translation.text
            out.append((name, message.findtext("source") or "", translation.text if done else None))
    return out


def fill(ts: Path, english: dict[str, str]) -> int:
    """Fill unfinished translations whose Korean source is in ``english``; returns how many."""
    tree = ET.parse(ts)
    filled = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is not None and translation.get("type") == "unfinished" and source in english:
            translation.text = english[source]
            del translation.attrib["type"]
            filled += 1
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return filled


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fill", metavar="JSON", help="fill untranslated strings from {korean: english}")
    args = parser.parse_args(argv)
    lupdate()
    if args.fill:
        print(f"filled {fill(TS, json.loads(Path(args.fill).read_text('utf-8')))} translations")
    lrelease()
    missing = [source for _context, source, translation in messages() if translation is None]
    for source in missing:
        print(f"untranslated: {source!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
