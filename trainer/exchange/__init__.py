"""Question exchange formats: GIFT, Moodle XML, CSV (import and export) and Anki .apkg (export).

One pure module per format, each with ``parse(data, filename, ctx) -> ParseResult`` (not apkg)
and ``render(items) -> bytes``, ``TYPES`` (the item types it holds) and ``representable(item)``.
Writing to the database is trainer/services/authoring/exchange_import.py's job.
"""

from __future__ import annotations

from trainer.exchange import apkg, csv_format, gift, moodle_xml
from trainer.exchange.common import ExchangeError, ImportContext, ImportedItem, ParseResult, Skipped

IMPORT_FORMATS = {"gift": gift, "moodle-xml": moodle_xml, "csv": csv_format}
EXPORT_FORMATS = {"gift": gift, "moodle-xml": moodle_xml, "csv": csv_format, "apkg": apkg}

__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "ExchangeError",
    "ImportContext",
    "ImportedItem",
    "ParseResult",
    "Skipped",
]
