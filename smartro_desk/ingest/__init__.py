"""Importers: merchant server logs, gateway exports and order lists into the ledger (no Qt).

``import_file`` / ``import_files`` do the work; ``FileReport`` tells what became of
every record; ``UnknownLayout`` asks the app for a column mapping, which
``save_profile`` keeps so that ``find_profile`` recognises the layout next time.
"""

from smartro_desk.ingest.detect import detect_format
from smartro_desk.ingest.headers import guess_mapping
from smartro_desk.ingest.pipeline import import_file, import_files
from smartro_desk.ingest.profiles import Profile, find_profile, get_profile, save_profile
from smartro_desk.ingest.report import FileReport, ImportFailed, Reject, UnknownLayout

__all__ = [
    "FileReport", "ImportFailed", "Profile", "Reject", "UnknownLayout", "detect_format", "find_profile",
    "get_profile", "guess_mapping", "import_file", "import_files", "save_profile",
]
