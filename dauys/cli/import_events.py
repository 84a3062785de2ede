"""``dauys import events``: a local-monitor event table (the template) into the event store."""

from __future__ import annotations

from dauys.cli.common import ProjectOption, RichProgress, project_at
from dauys.cli.import_acled import DelimiterOption, EncodingOption, FileArgument, SheetOption, print_summary
from dauys.cli.import_commands import import_app


@import_app.command("events")
def events(
    file: FileArgument,
    sheet: SheetOption = None,
    encoding: EncodingOption = None,
    delimiter: DelimiterOption = None,
    project_path: ProjectOption = None,
) -> None:
    """Import local-monitor events: columns date, region, settlement, typology, nature, participants,
    detained, fatalities, source, notes (optional id).

    typology: rally, single picket, road blockade, hunger strike, appeal to the president, other; nature:
    political, economic, social (Russian and Kazakh spellings accepted, stored in English). Stored with
    event_type "Protests".
    """
    from dauys.ingest.acled import summary_lines
    from dauys.ingest.local_events import import_local_events

    project = project_at(project_path)
    with RichProgress() as progress:
        result = import_local_events(project, file, sheet=sheet, encoding=encoding, delimiter=delimiter,
                                     progress=progress)
    print_summary(f"Imported local-monitor events from {file}", summary_lines(result))
