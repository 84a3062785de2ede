"""Event counts in the report: bars of events per period (stacked by a second field) or per group.

When the first grouping field is a period (year, month, week, day) the bars stand on a date axis, so the
report shades the project's shutdowns behind them; otherwise they are horizontal bars per group.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure

from dauys.report.charts import PALETTE, register_chart, register_reader_table, register_reader_title, style_figure
from dauys.report.i18n import has_label, register_labels, t
from dauys.report.png import png_style, register_png, save_figure

TIME_FIELDS = ("year", "month", "week", "day")

register_labels({
    "en": {
        "analysis.event_counts": "Event counts: events and fatalities by period and group",
        "column.events": "Events",
        "column.region_2022": "Region code",
        "column.fatalities": "Fatalities",
        "column.protests": "Protests",
        "column.peaceful_protests": "Peaceful protests",
        "column.peaceful_share": "Share peaceful",
        "column.event_type": "Event type",
        "column.sub_event_type": "Sub-event type",
        "column.region": "Region (2022)",
        "column.admin1": "Region (2022)",
        "events.count_axis": "number of events",
        "events.period.year": "year",
        "events.period.month": "month",
        "events.period.week": "week",
        "events.period.day": "day",
    },
    "ru": {
        "analysis.event_counts": "Число событий: события и погибшие по периодам и группам",
        "column.events": "События",
        "column.region_2022": "Код региона",
        "column.fatalities": "Погибшие",
        "column.protests": "Протесты",
        "column.peaceful_protests": "Мирные протесты",
        "column.peaceful_share": "Доля мирных",
        "column.event_type": "Тип события",
        "column.sub_event_type": "Подтип события",
        "column.region": "Регион (2022)",
        "column.admin1": "Регион (2022)",
        "events.count_axis": "число событий",
        "events.period.year": "год",
        "events.period.month": "месяц",
        "events.period.week": "неделя",
        "events.period.day": "день",
    },
    "kk": {
        "analysis.event_counts": "Оқиғалар саны: кезеңдер мен топтар бойынша оқиғалар мен қаза тапқандар",
        "column.events": "Оқиғалар",
        "column.region_2022": "Өңір коды",
        "column.fatalities": "Қаза тапқандар",
        "column.protests": "Наразылықтар",
        "column.peaceful_protests": "Бейбіт наразылықтар",
        "column.peaceful_share": "Бейбіт үлесі",
        "column.event_type": "Оқиға түрі",
        "column.sub_event_type": "Оқиғаның кіші түрі",
        "column.region": "Өңір (2022)",
        "column.admin1": "Өңір (2022)",
        "events.count_axis": "оқиғалар саны",
        "events.period.year": "жыл",
        "events.period.month": "ай",
        "events.period.week": "апта",
        "events.period.day": "күн",
    },
})


def group_fields(table: pd.DataFrame) -> list[str]:
    """The grouping columns: those before ``events``."""
    columns = list(table.columns)
    return columns[: columns.index("events")] if "events" in columns else columns[:1]


def period_start(field: str, values: pd.Series) -> pd.Series:
    """The first day of each period label (2022, 2022-01, 2022-W01, 2022-01-05)."""
    text = values.astype(str)
    if field == "year":
        return pd.to_datetime(text + "-01-01")
    if field == "month":
        return pd.to_datetime(text + "-01")
    if field == "week":
        return pd.to_datetime(text + "-1", format="%G-W%V-%u")
    return pd.to_datetime(text)


_FREQ = {"year": ("YS", "%Y"), "month": ("MS", "%Y-%m"), "week": ("W-MON", "%G-W%V"), "day": ("D", "%Y-%m-%d")}
MAX_FILLED = 5000


def all_periods(field: str, labels: list[str]) -> list[str]:
    """Every period label from the first to the last of ``labels`` (empty periods included), in time order.

    A bar chart on positions would otherwise put January 2022 right after November 2021 when December has
    no events. Labels that are not periods ("—") and spans over :data:`MAX_FILLED` periods are kept as given.
    """
    periods = [label for label in labels if label != "—"]
    if field not in _FREQ or not periods:
        return labels
    starts = period_start(field, pd.Series(periods))
    freq, pattern = _FREQ[field]
    span = pd.date_range(starts.min(), starts.max(), freq=freq)
    if len(span) > MAX_FILLED:
        return labels
    filled = [d.strftime(pattern) for d in span]
    return filled + [label for label in labels if label == "—"]


REGION_FIELDS = ("region", "admin1")


def relabel_regions(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table with its region columns in ``lang``: a result counted with --label-lang en shows Kazakh
    names in a Kazakh report ("Mangystau Region" -> "Маңғыстау облысы"; "unresolved" -> "анықталмаған")."""
    from dauys.geo.event_regions import UNRESOLVED
    from dauys.geo.regions import REGIONS, region_name

    names = {region.names[other]: code for code, region in REGIONS.items() for other in region.names}
    unresolved = set(UNRESOLVED.values())
    from dauys.events.event_counts import collation_key

    out = table.copy()
    fields = group_fields(table)
    for column in [c for c in fields if c in REGION_FIELDS]:
        out[column] = [UNRESOLVED[lang] if value in unresolved else
                       region_name(names[value], lang) if value in names else value for value in out[column]]
    if fields and fields[0] in REGION_FIELDS:
        # alphabetical in the new language (stable: the rows of one region keep their order), unresolved last
        first = out[fields[0]].tolist()
        order = sorted(range(len(out)), key=lambda i: (first[i] == UNRESOLVED[lang], collation_key(first[i])))
        out = out.iloc[order].reset_index(drop=True)
    return out


def _series(table: pd.DataFrame) -> tuple[str, list[tuple[str, pd.DataFrame]]]:
    fields = group_fields(table)
    first = fields[0]
    if len(fields) > 1:
        second = fields[1]
        parts = [(str(name), part) for name, part in table.groupby(table[second].fillna("—"), sort=False)]
    else:
        parts = [("", table)]
    return first, parts


@register_chart("event_counts")
def event_counts_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    table = relabel_regions(table, lang)
    first, parts = _series(table)
    fig = go.Figure()
    timed = first in TIME_FIELDS
    for i, (name, part) in enumerate(parts):
        summed = part.groupby(first, sort=False)[["events", "fatalities"]].sum().reset_index()
        hover = (f"%{{customdata[0]}}{' · ' + name if name else ''}<br>{t('column.events', lang)}: %{{customdata[1]}}"
                 f"<br>{t('column.fatalities', lang)}: %{{customdata[2]}}<extra></extra>")
        custom = list(zip(summed[first].astype(str), summed["events"], summed["fatalities"], strict=True))
        color = PALETTE[i % len(PALETTE)]
        if timed:
            fig.add_trace(go.Bar(x=period_start(first, summed[first]), y=summed["events"], name=name or None,
                                 marker_color=color, customdata=custom, hovertemplate=hover,
                                 showlegend=bool(name)))
        else:
            fig.add_trace(go.Bar(y=summed[first].fillna("—").astype(str), x=summed["events"], orientation="h",
                                 name=name or None, marker_color=color, customdata=custom, hovertemplate=hover,
                                 showlegend=bool(name)))
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    if timed:
        fig.update_xaxes(type="date", title_text=t(f"events.period.{first}", lang))
        fig.update_yaxes(title_text=t("events.count_axis", lang))
        style_figure(fig, height=420)
    else:
        fig.update_yaxes(type="category", automargin=True, autorange="reversed")
        fig.update_xaxes(title_text=t("events.count_axis", lang))
        style_figure(fig, height=max(260, 26 * table[first].nunique() + 140))
    return fig


@register_png("event_counts")
def event_counts_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    table = relabel_regions(table, lang)
    first, parts = _series(table)
    labels = list(dict.fromkeys(table[first].fillna("—").astype(str)))
    if first in TIME_FIELDS:
        labels = all_periods(first, labels)
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(7.0, max(3.2, 0.25 * len(labels) + 1.5) if first not in TIME_FIELDS else 3.8),
                     layout="constrained")
        ax = fig.subplots()
        bottom = pd.Series(0.0, index=labels)
        for i, (name, part) in enumerate(parts):
            values = part.groupby(part[first].fillna("—").astype(str))["events"].sum().reindex(labels).fillna(0)
            if first in TIME_FIELDS:
                ax.bar(range(len(labels)), values.to_numpy(), bottom=bottom.to_numpy(), label=name or None,
                       color=PALETTE[i % len(PALETTE)])
            else:
                ax.barh(range(len(labels)), values.to_numpy(), left=bottom.to_numpy(), label=name or None,
                        color=PALETTE[i % len(PALETTE)])
            bottom = bottom + values
        if first in TIME_FIELDS:
            step = max(1, len(labels) // 12)
            ax.set_xticks(range(0, len(labels), step), labels[::step], rotation=45 if len(labels) > 6 else 0,
                          ha="right" if len(labels) > 6 else "center")
            ax.set_ylabel(t("events.count_axis", lang))
        else:
            ax.set_yticks(range(len(labels)), labels)
            ax.invert_yaxis()
            ax.set_xlabel(t("events.count_axis", lang))
        if any(name for name, _ in parts):
            ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        ax.set_title(t("analysis.event_counts", lang), fontsize=11)
        return save_figure(fig, path)


@register_reader_table("event_counts")
def event_counts_for_readers(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Region names in the report's language, from the ``region_2022`` codes the table keeps."""
    from dauys.events.event_counts import region_names_in

    return region_names_in(table, lang)


# --- the result's title for readers ------------------------------------------------------------------------------
register_labels({
    "en": {
        "title.event_counts": "Events by {fields}{types}",
        "title.event_counts.field.year": "year",
        "title.event_counts.field.month": "month",
        "title.event_counts.field.week": "week",
        "title.event_counts.field.day": "day",
        "title.event_counts.field.region": "region (2022)",
        "title.event_counts.field.admin1": "region (2022)",
        "title.event_counts.field.region_2022": "region code",
        "title.event_counts.field.admin1_recorded": "region as recorded",
        "title.event_counts.field.acled_region": "world region (ACLED)",
        "title.event_counts.field.region_method": "how the region was found",
        "title.event_counts.field.country": "country",
        "title.event_counts.field.admin2": "district",
        "title.event_counts.field.admin3": "rural district",
        "title.event_counts.field.location": "place",
        "title.event_counts.field.event_type": "event type",
        "title.event_counts.field.sub_event_type": "sub-event type",
        "title.event_counts.field.disorder_type": "disorder type",
        "title.event_counts.field.typology": "form of action",
        "title.event_counts.field.nature": "nature",
        "title.event_counts.field.origin": "origin of the record",
        "title.event_counts.field.actor": "actor",
        "title.event_counts.field.actor1": "first actor",
        "title.event_counts.field.actor2": "second actor",
        "title.event_counts.field.assoc_actor_1": "associated first actor",
        "title.event_counts.field.assoc_actor_2": "associated second actor",
        "title.event_counts.field.inter1": "first actor's kind",
        "title.event_counts.field.inter2": "second actor's kind",
        "title.event_counts.field.interaction": "interaction",
        "title.event_counts.field.civilian_targeting": "civilian targeting",
        "title.event_counts.field.source": "source",
        "title.event_counts.field.source_scale": "source scale",
        "title.event_counts.field.fatalities": "fatalities",
        "title.event_counts.field.participants": "participants",
        "title.event_counts.field.detained": "detained",
        "title.event_counts.field.time_precision": "date precision",
        "title.event_counts.field.geo_precision": "place precision",
    },
    "ru": {
        "title.event_counts": "События в разрезе: {fields}{types}",
        "title.event_counts.field.year": "год",
        "title.event_counts.field.month": "месяц",
        "title.event_counts.field.week": "неделя",
        "title.event_counts.field.day": "день",
        "title.event_counts.field.region": "регион (2022)",
        "title.event_counts.field.admin1": "регион (2022)",
        "title.event_counts.field.region_2022": "код региона",
        "title.event_counts.field.admin1_recorded": "регион в записи",
        "title.event_counts.field.acled_region": "регион мира (ACLED)",
        "title.event_counts.field.region_method": "способ определения региона",
        "title.event_counts.field.country": "страна",
        "title.event_counts.field.admin2": "район",
        "title.event_counts.field.admin3": "сельский округ",
        "title.event_counts.field.location": "место",
        "title.event_counts.field.event_type": "тип события",
        "title.event_counts.field.sub_event_type": "подтип события",
        "title.event_counts.field.disorder_type": "тип беспорядков",
        "title.event_counts.field.typology": "форма акции",
        "title.event_counts.field.nature": "характер",
        "title.event_counts.field.origin": "происхождение записи",
        "title.event_counts.field.actor": "участник",
        "title.event_counts.field.actor1": "первый участник",
        "title.event_counts.field.actor2": "второй участник",
        "title.event_counts.field.assoc_actor_1": "союзник первого участника",
        "title.event_counts.field.assoc_actor_2": "союзник второго участника",
        "title.event_counts.field.inter1": "вид первого участника",
        "title.event_counts.field.inter2": "вид второго участника",
        "title.event_counts.field.interaction": "взаимодействие",
        "title.event_counts.field.civilian_targeting": "нападение на мирных жителей",
        "title.event_counts.field.source": "источник",
        "title.event_counts.field.source_scale": "масштаб источника",
        "title.event_counts.field.fatalities": "погибшие",
        "title.event_counts.field.participants": "число участников",
        "title.event_counts.field.detained": "задержанные",
        "title.event_counts.field.time_precision": "точность даты",
        "title.event_counts.field.geo_precision": "точность места",
    },
    "kk": {
        "title.event_counts": "{fields} бойынша оқиғалар{types}",
        "title.event_counts.field.year": "жыл",
        "title.event_counts.field.month": "ай",
        "title.event_counts.field.week": "апта",
        "title.event_counts.field.day": "күн",
        "title.event_counts.field.region": "өңір (2022)",
        "title.event_counts.field.admin1": "өңір (2022)",
        "title.event_counts.field.region_2022": "өңір коды",
        "title.event_counts.field.admin1_recorded": "жазбадағы өңір",
        "title.event_counts.field.acled_region": "әлем аймағы (ACLED)",
        "title.event_counts.field.region_method": "өңірді анықтау әдісі",
        "title.event_counts.field.country": "ел",
        "title.event_counts.field.admin2": "аудан",
        "title.event_counts.field.admin3": "ауылдық округ",
        "title.event_counts.field.location": "орын",
        "title.event_counts.field.event_type": "оқиға түрі",
        "title.event_counts.field.sub_event_type": "оқиғаның кіші түрі",
        "title.event_counts.field.disorder_type": "тәртіпсіздік түрі",
        "title.event_counts.field.typology": "акция түрі",
        "title.event_counts.field.nature": "сипаты",
        "title.event_counts.field.origin": "жазбаның шығу тегі",
        "title.event_counts.field.actor": "қатысушы",
        "title.event_counts.field.actor1": "бірінші қатысушы",
        "title.event_counts.field.actor2": "екінші қатысушы",
        "title.event_counts.field.assoc_actor_1": "бірінші қатысушының одақтасы",
        "title.event_counts.field.assoc_actor_2": "екінші қатысушының одақтасы",
        "title.event_counts.field.inter1": "бірінші қатысушының түрі",
        "title.event_counts.field.inter2": "екінші қатысушының түрі",
        "title.event_counts.field.interaction": "өзара әрекет",
        "title.event_counts.field.civilian_targeting": "бейбіт тұрғындарға шабуыл",
        "title.event_counts.field.source": "дереккөз",
        "title.event_counts.field.source_scale": "дереккөз ауқымы",
        "title.event_counts.field.fatalities": "қаза тапқандар",
        "title.event_counts.field.participants": "қатысушылар саны",
        "title.event_counts.field.detained": "ұсталғандар",
        "title.event_counts.field.time_precision": "күн дәлдігі",
        "title.event_counts.field.geo_precision": "орын дәлдігі",
    },
})


def field_label(name: str, lang: str) -> str:
    """A grouping field (``region``, ``event_type``, ...) as readers of ``lang`` call it; another event
    column keeps its own name."""
    key = f"title.event_counts.field.{name}"
    return t(key, lang) if has_label(key) else name


def _items(value: object) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value or ())
    return [str(item).strip() for item in items if str(item).strip()]


@register_reader_title("event_counts")
def event_counts_title(params: dict, lang: str) -> str:
    """"События в разрезе: регион (2022), тип события (Protests, Riots)" /
    "Өңір (2022), оқиға түрі бойынша оқиғалар (Protests, Riots)"; the event types stay as recorded."""
    fields = ", ".join(field_label(name, lang) for name in _items(params.get("by", "year")))
    types = _items(params.get("types", ""))
    text = t("title.event_counts", lang, fields=fields, types=f" ({', '.join(types)})" if types else "")
    return text[:1].upper() + text[1:]
