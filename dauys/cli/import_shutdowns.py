"""``dauys import shutdowns``: the log of internet shutdowns and platform blocking."""

from __future__ import annotations

from pathlib import Path

from dauys.cli.import_acled import event_table_command


def _import_shutdowns(project, file: Path, **options) -> list[str]:
    from dauys.ingest.shutdowns import import_shutdowns

    result = import_shutdowns(project, file, **options)
    lines = [f"read {result.read:,}   imported {result.imported:,}   updated {result.updated:,}   "
             f"unchanged {result.unchanged:,}   rejected {result.rejected:,}"]
    if result.rejects_path is not None:
        lines.append(f"rejected rows: {result.rejects_path}")
    return lines


shutdowns = event_table_command("shutdowns", "Imported the shutdown log", _import_shutdowns, """\
Import shutdowns: columns start, end (empty = still in force), scope (national, region, city), region,
service (mobile internet, fixed internet, all internet or a platform), source; optional notes.

Dates alone: from the start of the start day through the end of the end day, in the project's time zone.
Importing a newer version of the log updates ends, sources and notes.
""")
