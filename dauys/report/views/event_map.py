"""The event map in the report: a choropleth of events (or events per 100,000 people) per 2022 region.

Drawn with the shared geometry of :mod:`dauys.report.maps`; a rate map names the population figures'
source in its title, as they were recorded on import.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dauys.report.charts import register_chart, register_reader_title, require_columns
from dauys.report.i18n import format_number, register_labels, t
from dauys.report.png import register_png
from dauys.report.views import event_counts as _event_counts  # noqa: F401  (its labels column.events, .fatalities)

COLUMNS = ("region", "events", "value", "measure")

register_labels({
    "en": {
        "analysis.event_map": "Event map: events per region",
        "column.name": "Name",
        "column.population": "Population",
        "column.population_year": "Population year",
        "column.rate_per_100k": "Events per 100,000",
        "column.population_source": "Population source",
        "column.measure": "Measure",
        "event_map.count": "Events per region (2022 regions)",
        "event_map.rate": "Events per 100,000 people (2022 regions)",
        "event_map.count_bar": "events",
        "event_map.rate_bar": "per 100,000",
        "event_map.source": "Population: {source}",
    },
    "ru": {
        "analysis.event_map": "Карта событий: события по регионам",
        "column.name": "Название",
        "column.population": "Население",
        "column.population_year": "Год данных о населении",
        "column.rate_per_100k": "Событий на 100 000",
        "column.population_source": "Источник данных о населении",
        "column.measure": "Показатель",
        "event_map.count": "События по регионам (регионы 2022 года)",
        "event_map.rate": "События на 100 000 жителей (регионы 2022 года)",
        "event_map.count_bar": "события",
        "event_map.rate_bar": "на 100 000",
        "event_map.source": "Население: {source}",
    },
    "kk": {
        "analysis.event_map": "Оқиғалар картасы: өңірлер бойынша оқиғалар",
        "column.name": "Атауы",
        "column.population": "Халық саны",
        "column.population_year": "Халық саны деректерінің жылы",
        "column.rate_per_100k": "100 000 адамға шаққандағы оқиғалар",
        "column.population_source": "Халық саны дереккөзі",
        "column.measure": "Көрсеткіш",
        "event_map.count": "Өңірлер бойынша оқиғалар (2022 жылғы өңірлер)",
        "event_map.rate": "100 000 тұрғынға шаққандағы оқиғалар (2022 жылғы өңірлер)",
        "event_map.count_bar": "оқиғалар",
        "event_map.rate_bar": "100 000-ға",
        "event_map.source": "Халық саны: {source}",
    },
})


def _values(table: pd.DataFrame) -> tuple[pd.Series, str, str]:
    require_columns(table, COLUMNS, "event_map")
    measure = str(table["measure"].iloc[0]) if len(table) else "count"
    values = pd.Series(table["value"].to_numpy(dtype=float), index=table["region"].astype(str))
    return values, measure, _sources(table)


def _sources(table: pd.DataFrame) -> str:
    if "population_source" not in table:
        return ""
    return "; ".join(dict.fromkeys(str(s) for s in table["population_source"].dropna()))


def _title(measure: str, source: str, lang: str) -> str:
    title = t(f"event_map.{measure}", lang)
    if measure == "rate" and source:
        title += "<br><sub>" + t("event_map.source", lang, source=source) + "</sub>"
    return title


@register_chart("event_map")
def event_map_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    from dauys.report.maps import choropleth_figure

    values, measure, source = _values(table)
    hover = {}
    for row in table.itertuples():
        text = f"{t('column.events', lang)}: {format_number(row.events, lang)}"
        if "fatalities" in table:
            text += f"<br>{t('column.fatalities', lang)}: {format_number(row.fatalities, lang)}"
        if "population" in table and pd.notna(row.population):
            text += f"<br>{t('column.population', lang)}: {format_number(row.population, lang)} ({row.population_year})"
        hover[str(row.region)] = text
    return choropleth_figure(values.dropna(), lang, _title(measure, source, lang), t(f"event_map.{measure}_bar", lang),
                             hover=hover)


@register_png("event_map")
def event_map_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    from dauys.report.maps import choropleth_png

    values, measure, source = _values(table)
    title = t(f"event_map.{measure}", lang)
    if measure == "rate" and source:
        title += "\n" + t("event_map.source", lang, source=source)
    return choropleth_png(values.dropna(), Path(path), lang, title, t(f"event_map.{measure}_bar", lang))


# --- the result's title for readers ------------------------------------------------------------------------------
register_labels({
    "en": {
        "title.event_map.count": "Events by region",
        "title.event_map.rate": "Events per {n} people by region",
    },
    "ru": {
        "title.event_map.count": "События по регионам",
        "title.event_map.rate": "События на {n} жителей по регионам",
    },
    "kk": {
        "title.event_map.count": "Өңірлер бойынша оқиғалар",
        "title.event_map.rate": "Өңірлер бойынша {n} тұрғынға шаққандағы оқиғалар",
    },
})


@register_reader_title("event_map")
def event_map_title(params: dict, lang: str) -> str:
    """"События по регионам", or "События на 100 000 жителей по регионам" for the map of rates."""
    if params.get("measure") == "rate":
        return t("title.event_map.rate", lang, n=format_number(100_000, lang))
    return t("title.event_map.count", lang)
