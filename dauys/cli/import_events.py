"""``dauys import events``: a local-monitor event table (the template) into the event store."""

from __future__ import annotations

from pathlib import Path

from dauys.cli.import_acled import event_table_command


def _import_events(project, file: Path, **options) -> list[str]:
    from dauys.ingest.acled import summary_lines
    from dauys.ingest.local_events import import_local_events

    return summary_lines(import_local_events(project, file, **options))


events = event_table_command("events", "Imported local-monitor events from", _import_events, """\
Import local-monitor events: columns date, region, settlement, typology, nature, participants,
detained, fatalities, source, notes (optional id).

typology: rally, single picket, road blockade, hunger strike, appeal to the president, other; nature:
political, economic, social (Russian and Kazakh spellings accepted, stored in English). Stored with
event_type "Protests".
""")
