"""Importing events from local monitors (the years before ACLED's coverage of Kazakhstan began in 2018).

The template is a CSV or XLSX with the columns :data:`TEMPLATE_COLUMNS`; ``date``, ``region`` and
``typology`` are required, the others may be missing or empty. An optional ``id`` column gives the
monitor's own event id; without it an event is identified by a hash of its date, region, settlement,
typology, nature and source, so importing the same file again adds nothing.

``typology`` is one of :data:`TYPOLOGY` and ``nature`` one of :data:`NATURE`, written in English, Russian or
Kazakh (``митинг``, ``одиночный пикет``, ``бір адамдық пикет``, ``перекрытие дороги``, ``аштық жариялау``,
``обращение к президенту``, ...); they are stored as the English keys. Local-monitor actions are stored with
``event_type`` "Protests" (the typology says which kind), country Kazakhstan, ``admin1`` the region as written,
``location`` the settlement, ``time_precision`` 1. Rows are rejected (and listed) for the same reasons as
ACLED rows, and for a typology or nature outside the lists (the reason lists the accepted values) or
participants, detained and fatalities that are not whole numbers of at least 0. Every problem of a row is
listed (a row with negative participants and fatalities has two lines; it counts as one rejected row).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from dauys.ingest.acled import COUNTRY, EventImportResult, write_events
from dauys.ingest.events_common import (
    Spellings,
    check_admin1,
    check_dates,
    check_integers,
    check_required,
    extra_meta,
    fold,
    read_event_table,
)
from dauys.progress import SILENT, Progress

TEMPLATE_COLUMNS = ("id", "date", "region", "settlement", "typology", "nature", "participants", "detained",
                    "fatalities", "source", "notes")
REQUIRED = ("date", "region", "typology")
LOCAL_EVENT_TYPE = "Protests"

TYPOLOGY: dict[str, tuple[str, ...]] = {
    "rally": ("rally", "meeting", "demonstration", "protest", "митинг", "демонстрация", "акция протеста", "шеру",
              "шерулер", "наразылық акциясы", "наразылық шеруі", "жиын"),
    "single picket": ("single picket", "picket", "одиночный пикет", "пикет", "жеке пикет", "бір адамдық пикет",
                      "жалғыз адамдық пикет", "жеке-дара пикет"),
    "road blockade": ("road blockade", "blockade", "перекрытие дороги", "перекрытие трассы", "блокада дороги",
                      "блокирование дороги", "жол жабу", "жолды жабу", "жолды бөгеу"),
    "hunger strike": ("hunger strike", "голодовка", "аштық жариялау", "аштық акциясы", "аштық"),
    "appeal to the president": ("appeal to the president", "appeal", "обращение к президенту",
                                "обращение президенту", "президентке үндеу", "президентке жолдау",
                                "президентке өтініш", "президентке хат"),
    "other": ("other", "другое", "иное", "басқа", "өзге"),
}
NATURE: dict[str, tuple[str, ...]] = {
    "political": ("political", "политический", "политическая", "политическое", "саяси"),
    "economic": ("economic", "экономический", "экономическая", "экономическое", "социально-экономический",
                 "экономикалық"),
    "social": ("social", "социальный", "социальная", "социальное", "әлеуметтік"),
}


_TYPOLOGY = Spellings(TYPOLOGY, hyphens_as_spaces=True)
_NATURE = Spellings(NATURE, hyphens_as_spaces=True)


def accepted_values(values: dict[str, tuple[str, ...]]) -> str:
    """The accepted spellings, for messages: ``rally (митинг, шеру, ...); single picket (...)``."""
    return "; ".join(f"{key} ({', '.join(s for s in spellings if s != key)})" for key, spellings in values.items())


def import_local_events(
    project,
    path: str | Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sample: str | None = None,
    progress: Progress = SILENT,
) -> EventImportResult:
    """Import a local-monitor event table (see the module docstring); ledger entry ``import.events``."""
    table = read_event_table(path, "import.events", TEMPLATE_COLUMNS, REQUIRED, "a local-monitor event table",
                             sheet=sheet, encoding=encoding, delimiter=delimiter, sample=sample, progress=progress)
    frame, staged, rejects = table.frame, table.staged, table.rejects
    today = datetime.now(ZoneInfo(project.tz)).date()

    for name in REQUIRED:
        check_required(rejects, staged[name], name)
    dates = check_dates(rejects, staged["date"], "date", today)
    check_admin1(rejects, staged["region"], "region")
    typology = _TYPOLOGY.keys(staged["typology"])
    rejects.add(staged["typology"].notna() & typology.isna(), "typology", staged["typology"],
                "unknown typology; accepted: " + accepted_values(TYPOLOGY))
    nature = _NATURE.keys(staged["nature"])
    rejects.add(staged["nature"].notna() & nature.isna(), "nature", staged["nature"],
                "unknown nature; accepted: " + accepted_values(NATURE))
    numbers = {name: check_integers(rejects, frame, name, staged[name], minimum=0)
               for name in ("participants", "detained", "fatalities")}

    events = pd.DataFrame(index=frame.index)
    events["event_date"] = dates.dt.date
    events["year"] = dates.dt.year.astype("Int64")
    events["time_precision"] = 1
    events["event_type"] = LOCAL_EVENT_TYPE
    events["country"] = COUNTRY
    events["admin1"] = staged["region"]
    events["location"] = staged["settlement"]
    events["typology"] = typology
    events["nature"] = nature
    for name, values in numbers.items():
        events[name] = values
    events["source"] = staged["source"]
    events["notes"] = staged["notes"]
    events["origin"] = "local"
    events["event_key"] = _keys(staged, dates)
    events["meta"] = extra_meta(frame, table.extra_columns())
    events["row"] = table.raw.rows
    good = ~rejects.bad
    return write_events(project, table.run, table.path, events.loc[good], rejects.frame(), read=len(frame),
                        kind="events", params=table.params, progress=progress)


def _keys(staged: pd.DataFrame, dates: pd.Series) -> pd.Series:
    parts = ["region", "settlement", "typology", "nature", "source"]
    keys = []
    for i, (own, day) in enumerate(zip(staged["id"], dates, strict=True)):
        if own is not None and not pd.isna(own):
            keys.append(f"local:{own}")
            continue
        values = [staged[p].iat[i] for p in parts]
        text = "\x1f".join([str(day.date()) if not pd.isna(day) else ""]
                           + [fold(v, hyphens_as_spaces=True) if not pd.isna(v) else "" for v in values])
        keys.append("local:h" + hashlib.sha256(text.encode()).hexdigest()[:16])
    return pd.Series(keys, index=staged.index, dtype="object")
