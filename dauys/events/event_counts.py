"""Counting events: by period (year, month, week, day) and by any event column, saying what was counted.

:func:`count_events` returns one row per group: the grouping columns in the order asked for, then
``events`` (the number of events) and ``fatalities`` (their sum), then ``protests`` (events of type
Protests), ``peaceful_protests`` (of those, ACLED sub-event type "Peaceful protest") and ``peaceful_share``
(their share; empty when a group has no protests), and, when a grouping field is ``region`` or ``admin1``,
``region_2022``: the region's code (``KZ-47``; empty when unresolved), so that a table saved with names in
one language can be shown in another (:func:`region_names_in`). Rows are sorted by the grouping columns in
order, ascending (periods chronologically, regions by their name in the chosen language), empty values last.
:meth:`EventCounts.contract_table` (the output of ``dauys events count``) is the grouping columns, ``events``
and ``fatalities`` only.

Grouping fields (:data:`TIME_FIELDS` and the event columns):

- ``year``, ``month`` (``2022-01``), ``week`` (ISO week, ``2022-W01``), ``day`` (``2022-01-05``): of the event
  date as recorded, a calendar date in Asia/Almaty. Events recorded at week or month precision (ACLED
  ``time_precision`` 2 and 3) are counted at their recorded date, and the note says how many there were.
- ``region`` and ``admin1``: the 2022 region (``region_2022``), by its name in the chosen language; events
  without one are "unresolved". The recorded admin1 is ``admin1_recorded`` and ACLED's world region column
  (``region`` in an ACLED export) is ``acled_region``.
- ``actor`` is ``actor1``; any other column of the events table by its name (``event_type``,
  ``sub_event_type``, ``disorder_type``, ``typology``, ``nature``, ``origin``, ``location``, ``region_method``...).

Counting is explicit: unless the grouping includes ``event_type`` or ``types`` selects event types, the note
says that all event types were counted and lists them with their counts, so "protests" never silently
includes battles or violence against civilians. Dates ``since`` and ``until`` are inclusive. The SQL is a
plain GROUP BY that PostgreSQL would also run. A project without any events says so and names the import
commands; the notes use the plural forms of each language ("1 event has", "3 события взяты").
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.errors import InputError
from dauys.events.store import _date, check_types, event_conditions
from dauys.geo.event_regions import region_label
from dauys.progress import SILENT

TIME_FIELDS = {
    "year": "CAST(year(event_date) AS INTEGER)",
    "month": "strftime(event_date, '%Y-%m')",
    "week": "strftime(event_date, '%G-W%V')",
    "day": "strftime(event_date, '%Y-%m-%d')",
}
REGION_FIELDS = ("region", "admin1")
ALIASES = {"region": "region_2022", "admin1": "region_2022", "acled_region": "region",
           "admin1_recorded": "admin1", "actor": "actor1"}
HIDDEN = ("id", "meta", "event_key")
COUNT_COLUMNS = ("events", "fatalities")
CODE_COLUMN = "region_2022"
EXTRA_COLUMNS = ("protests", "peaceful_protests", "peaceful_share")
PROTESTS = "Protests"
PEACEFUL = "Peaceful protest"
LANGS = ("en", "ru", "kk")

# A tuple holds a note's plural forms (dauys.report.i18n.plural_form picks one by the count); a text has one form.
NOTES: dict[str, dict[str, str | tuple[str, ...]]] = {
    "en": {
        "counted": ("Counted {n} event{window}.", "Counted {n} events{window}."),
        "window": " from {since} to {until}",
        "all_types": "All event types were counted: {types}. To count one kind only, use --types or --by event_type.",
        "types": "Event types counted: {types}.",
        "by_type": "Each event type is a row of its own.",
        "precision": "Events recorded at week precision ({week}) and at month precision ({month}) are counted at "
                     "their recorded date.",
        "peaceful": ("Peaceful protests (sub-event type \"Peaceful protest\"): {p} of {q} Protests event ({share}).",
                     "Peaceful protests (sub-event type \"Peaceful protest\"): {p} of {q} Protests events ({share})."),
        "no_protests": "No Protests events were counted, so there is no share of peaceful protests.",
        "unresolved": ("{u} event has no 2022 region and is counted as \"{label}\".",
                       "{u} events have no 2022 region and are counted as \"{label}\"."),
        "local": ("{k} event comes from local monitors (event type Protests, with the monitor's typology).",
                  "{k} events come from local monitors (event type Protests, with the monitor's typology)."),
        "none": "No events match the selection.",
        "empty": "The project holds no events yet: import them with `dauys import acled FILE` (an ACLED export) or "
                 "`dauys import events FILE` (the local-monitor template).",
    },
    "ru": {
        "counted": "Учтено событий: {n}{window}.",
        "window": " с {since} по {until}",
        "all_types": "Учтены все типы событий: {types}. Чтобы считать только один тип, используйте --types или "
                     "--by event_type.",
        "types": "Учтённые типы событий: {types}.",
        "by_type": "Каждый тип событий — отдельная строка.",
        "precision": "События с точностью до недели ({week}) и до месяца ({month}) учтены по записанной дате.",
        "peaceful": ("Мирные протесты (подтип \"Peaceful protest\"): {p} из {q} события типа Protests ({share}).",
                     "Мирные протесты (подтип \"Peaceful protest\"): {p} из {q} событий типа Protests ({share}).",
                     "Мирные протесты (подтип \"Peaceful protest\"): {p} из {q} событий типа Protests ({share})."),
        "no_protests": "Событий типа Protests нет, поэтому доля мирных протестов не определена.",
        "unresolved": ("У {u} события не определён регион 2022 года; оно учтено как «{label}».",
                       "У {u} событий не определён регион 2022 года; они учтены как «{label}».",
                       "У {u} событий не определён регион 2022 года; они учтены как «{label}»."),
        "local": ("{k} событие взято из данных местных мониторингов (тип Protests, с типологией мониторинга).",
                  "{k} события взяты из данных местных мониторингов (тип Protests, с типологией мониторинга).",
                  "{k} событий взяты из данных местных мониторингов (тип Protests, с типологией мониторинга)."),
        "none": "Нет событий, отвечающих условиям.",
        "empty": "В проекте ещё нет событий: импортируйте их командой `dauys import acled FILE` (выгрузка ACLED) "
                 "или `dauys import events FILE` (шаблон местного мониторинга).",
    },
    "kk": {
        "counted": "Есептелген оқиғалар: {n}{window}.",
        "window": ", {since} – {until}",
        "all_types": "Оқиғалардың барлық түрі есептелді: {types}. Тек бір түрін есептеу үшін --types немесе "
                     "--by event_type қолданыңыз.",
        "types": "Есептелген оқиға түрлері: {types}.",
        "by_type": "Оқиғаның әр түрі жеке жолда.",
        "precision": "Апта дәлдігімен ({week}) және ай дәлдігімен ({month}) жазылған оқиғалар жазылған күні "
                     "бойынша есептелді.",
        "peaceful": "Бейбіт наразылықтар (\"Peaceful protest\" кіші түрі): Protests түріндегі {q} оқиғадан {p} "
                    "({share}).",
        "no_protests": "Protests түріндегі оқиға жоқ, сондықтан бейбіт наразылықтар үлесі анықталмайды.",
        "unresolved": "{u} оқиғаның 2022 жылғы өңірі анықталмаған; олар «{label}» ретінде есептелді.",
        "local": "{k} оқиға жергілікті мониторинг деректерінен алынды (Protests түрі, мониторинг типологиясымен).",
        "none": "Шартқа сай оқиға жоқ.",
        "empty": "Жобада әлі оқиға жоқ: оларды `dauys import acled FILE` (ACLED экспорты) немесе "
                 "`dauys import events FILE` (жергілікті мониторинг үлгісі) командасымен импорттаңыз.",
    },
}


def note_text(key: str, lang: str, count: int | None = None, **values: Any) -> str:
    """The note ``key`` in ``lang``, in the plural form ``count`` needs; counts in ``values`` are formatted
    as numbers of ``lang`` (``12 400`` in Russian and Kazakh).

    >>> note_text("unresolved", "en", 1, u=1, label="unresolved")
    '1 event has no 2022 region and is counted as "unresolved".'
    >>> note_text("local", "ru", 3, k=3)
    '3 события взяты из данных местных мониторингов (тип Protests, с типологией мониторинга).'
    """
    from dauys.report.i18n import format_number, plural_form

    text = NOTES[lang][key]
    if isinstance(text, tuple):
        text = text[min(plural_form(count or 0, lang), len(text) - 1)]
    filled = {k: format_number(v, lang) if isinstance(v, int) else v for k, v in values.items()}
    return text.format(**filled) if filled else text


# the Kazakh Cyrillic alphabet (a superset of the Russian one, in its order), for sorting region names
_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}


def collation_key(text) -> tuple:
    """Sort key that orders Kazakh and Russian names alphabetically (Latin names sort before Cyrillic)."""
    if text is None or (isinstance(text, float) and text != text):
        return (2,)
    folded = str(text).casefold()
    return (0, tuple((1, _RANK[ch]) if ch in _RANK else (0, ord(ch)) for ch in folded))


@dataclass
class EventCounts:
    """The table (see the module docstring), the note on what was counted, and its figures."""

    table: pd.DataFrame
    note: list[str]
    by: tuple[str, ...]
    types: tuple[str, ...]
    type_counts: dict[str, int] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)

    def contract_table(self) -> pd.DataFrame:
        """The FIELD columns, then ``events`` and ``fatalities``: the table of ``dauys events count``."""
        return self.table.loc[:, [*self.by, *COUNT_COLUMNS]]


def event_columns(project) -> list[str]:
    with project.store.read() as con:
        names = [r[0] for r in con.execute("SELECT column_name FROM (DESCRIBE events)").fetchall()]
    return [n for n in names if n not in HIDDEN]


def group_fields(project, by) -> tuple[str, ...]:
    """The grouping fields of ``by`` (a list or comma-separated text), checked; unknown ones raise InputError."""
    items = [b.strip() for b in (by.split(",") if isinstance(by, str) else by)]
    items = [b for b in items if b]
    if not items:
        raise InputError("--by needs at least one field, for example --by year or --by region,event_type")
    columns = event_columns(project)
    accepted = list(dict.fromkeys([*TIME_FIELDS, *REGION_FIELDS, "acled_region", "admin1_recorded", "actor",
                                   *[c for c in columns if c not in ("region", "admin1")]]))
    for item in items:
        if item not in accepted:
            close = difflib.get_close_matches(item, accepted, n=3, cutoff=0.5)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise InputError(f"--by {item!r} is not a field{hint}; the fields are: {', '.join(accepted)}")
    if len(set(items)) != len(items):
        raise InputError(f"--by {','.join(items)} names a field twice; name each once")
    return tuple(items)


def _expression(name: str) -> str:
    if name in TIME_FIELDS:
        return TIME_FIELDS[name]
    return f'"{ALIASES.get(name, name)}"'


def _has_events(project) -> bool:
    with project.store.read() as con:
        return con.execute("SELECT EXISTS (SELECT 1 FROM events)").fetchone()[0]


def _percent(p: int, q: int, lang: str) -> str:
    from dauys.report.i18n import format_number

    return format_number(100 * p / q, lang, 1) + "%"


def count_events(project, by="year", types=None, since=None, until=None, lang: str = "en") -> EventCounts:
    """Count events by ``by`` (see the module docstring); ``types`` and the inclusive dates narrow the selection."""
    if lang not in LANGS:
        raise InputError(f"--lang {lang!r}: expected one of {', '.join(LANGS)}")
    fields = group_fields(project, by)
    types = check_types(project, types)
    since, until = _date(since, "--from"), _date(until, "--to")
    condition, params = event_conditions(project, types, since, until)
    aliases = [f"g{i}" for i in range(len(fields))]
    selected = ", ".join(f"{_expression(f)} AS {a}" for f, a in zip(fields, aliases, strict=True))
    with project.store.read() as con:
        frame = con.execute(
            f"""SELECT {selected}, count(*) AS events, coalesce(sum(fatalities), 0) AS fatalities,
                       count(*) FILTER (WHERE event_type = ?) AS protests,
                       count(*) FILTER (WHERE event_type = ? AND sub_event_type = ?) AS peaceful_protests
                FROM events WHERE {condition}
                GROUP BY {', '.join(aliases)}""",
            [PROTESTS, PROTESTS, PEACEFUL, *params],
        ).df()
        totals = con.execute(
            f"""SELECT count(*), count(*) FILTER (WHERE time_precision = 2),
                       count(*) FILTER (WHERE time_precision = 3),
                       count(*) FILTER (WHERE event_type = ?),
                       count(*) FILTER (WHERE event_type = ? AND sub_event_type = ?),
                       count(*) FILTER (WHERE region_2022 IS NULL), count(*) FILTER (WHERE origin = 'local'),
                       coalesce(sum(fatalities), 0)
                FROM events WHERE {condition}""",
            [PROTESTS, PROTESTS, PEACEFUL, *params],
        ).fetchone()
        type_rows = con.execute(
            f"SELECT event_type, count(*) FROM events WHERE {condition} GROUP BY event_type "
            "ORDER BY count(*) DESC, event_type",
            params,
        ).fetchall()
    n, week, month, protests, peaceful, unresolved, local, fatalities = (int(v) for v in totals)
    type_counts = {t: int(c) for t, c in type_rows}

    sort_keys = []
    region_aliases = [a for f, a in zip(fields, aliases, strict=True) if f in REGION_FIELDS]
    keep_code = bool(region_aliases) and CODE_COLUMN not in fields
    if keep_code:  # the code, so a table saved in one language can be shown in another
        frame[CODE_COLUMN] = frame[region_aliases[0]].astype("string")
    for field_name, alias in zip(fields, aliases, strict=True):
        if field_name in REGION_FIELDS:
            codes = frame[alias]
            frame[alias] = [region_label(None if pd.isna(c) else c, lang) for c in codes]
            frame[f"_{alias}"] = [None if pd.isna(c) else label for c, label in zip(codes, frame[alias], strict=True)]
            sort_keys.append(f"_{alias}")
        else:
            sort_keys.append(alias)
    if len(frame):
        frame = frame.sort_values(
            sort_keys, na_position="last", kind="stable",
            key=lambda column: column.map(collation_key) if column.name.startswith("_") else column,
        )
    frame = frame.drop(columns=[c for c in frame.columns if c.startswith("_")])
    frame = frame.rename(columns=dict(zip(aliases, fields, strict=True))).reset_index(drop=True)
    for name in ("events", "fatalities", "protests", "peaceful_protests"):
        frame[name] = frame[name].astype("int64")
    frame["peaceful_share"] = (frame["peaceful_protests"] / frame["protests"].where(frame["protests"] > 0)).astype(
        "float64")
    if "year" in fields:
        frame["year"] = frame["year"].astype("int64")
    order = [*fields, *COUNT_COLUMNS, *EXTRA_COLUMNS]
    frame = frame.loc[:, order + ([CODE_COLUMN] if keep_code else [])]

    note = []
    if n == 0:
        note.append(note_text("none" if _has_events(project) else "empty", lang))
    else:
        window = ""
        if since or until:
            window = note_text("window", lang, since=since or "…", until=until or "…")
        note.append(note_text("counted", lang, n, n=n, window=window))
        listed = ", ".join(f"{t} {c}" for t, c in type_counts.items())
        if "event_type" in fields:
            note.append(note_text("by_type", lang))
        elif types:
            note.append(note_text("types", lang, types=listed))
        else:
            note.append(note_text("all_types", lang, types=listed))
        if week or month:
            note.append(note_text("precision", lang, week=week, month=month))
        if protests:
            note.append(note_text("peaceful", lang, protests, p=peaceful, q=protests,
                                  share=_percent(peaceful, protests, lang)))
        else:
            note.append(note_text("no_protests", lang))
        if unresolved and set(fields) & set(REGION_FIELDS):
            note.append(note_text("unresolved", lang, unresolved, u=unresolved, label=region_label(None, lang)))
        if local:
            note.append(note_text("local", lang, local, k=local))
    figures = {"events": n, "fatalities": fatalities, "week_precision": week, "month_precision": month,
               "protests": protests, "peaceful_protests": peaceful, "unresolved": unresolved, "local": local}
    frame.attrs["note"] = note
    return EventCounts(frame, note, fields, types, type_counts, figures)


def region_names_in(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A counts table with its ``region``/``admin1`` columns named in ``lang`` from its ``region_2022`` codes
    (the table itself when it has no codes); the rows keep their order."""
    if CODE_COLUMN not in table.columns:
        return table
    out = table.copy()
    codes = [None if pd.isna(c) else str(c) for c in out[CODE_COLUMN]]
    fields = list(out.columns[: list(out.columns).index("events")]) if "events" in out.columns else []
    for column in [c for c in fields if c in REGION_FIELDS]:
        out[column] = [region_label(code, lang) for code in codes]
    return out


@dataclass(frozen=True)
class EventCountsParams:
    by: str = param("year", "Fields to group by, comma-separated: year, month, week, day, region, admin1, "
                    "event_type, sub_event_type, actor, typology, nature or any event column.")
    types: str = param("", "Only these event types, comma-separated (default: all, listed in the note).")
    date_from: str = param("", "First event date counted, YYYY-MM-DD (default: the selection's --since).")
    date_to: str = param("", "Last event date counted, inclusive (default: the selection's --until).")
    label_lang: str = param("en", "Language of region names and of the note.", choices=LANGS)


class EventCountsAnalysis(Analysis):
    name = "event_counts"
    title = "Event counts"
    description = ("Events and fatalities by period and by any event column, stating which event types were "
                   "counted and the share of peaceful protests.")
    Params = EventCountsParams
    command_group = "events"

    def run(self, project, where, params, progress=SILENT) -> pd.DataFrame:
        since = params.date_from or (where.since.isoformat() if getattr(where, "since", None) else None)
        until = params.date_to or (where.until.isoformat() if getattr(where, "until", None) else None)
        result = count_events(project, params.by, params.types or None, since, until, params.label_lang)
        self.counts_ = {"events": result.figures["events"], "documents": 0}
        self.warnings_ = list(result.note)
        table = result.table
        table.attrs = {"by": list(result.by), "note": list(result.note)}
        return table

    def result_title(self, params) -> str:
        return f"Events by {params.by}" + (f" ({params.types})" if params.types else "")

