"""The chronology in the report: events per day as bars, documents per day as a line on a second axis.

The report shades the shutdown periods behind it (it is a date chart); the PNG shades the days the table
marks as under a shutdown.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure

from dauys.report.charts import PALETTE, register_chart, register_reader_title, require_columns, style_figure
from dauys.report.i18n import register_labels, t
from dauys.report.png import png_style, register_png, save_figure

COLUMNS = ("date", "events", "documents", "shutdown")

register_labels({
    "en": {
        "analysis.chronology": "Chronology: events, shutdowns and online activity day by day",
        "column.date": "Date",
        "column.event_types": "Event types",
        "column.places": "Places",
        "column.sources": "Sources",
        "column.shutdown": "Shutdown",
        "column.shutdowns": "Restrictions in force",
        "column.documents_by": "Documents by platform or corpus",
        "chronology.day": "day",
        "chronology.events": "events per day",
        "chronology.documents": "documents per day",
        "chronology.shutdown_days": "shutdown in force",
    },
    "ru": {
        "analysis.chronology": "Хроника: события, отключения и активность в сети по дням",
        "column.date": "Дата",
        "column.event_types": "Типы событий",
        "column.places": "Места",
        "column.sources": "Источники",
        "column.shutdown": "Отключение",
        "column.shutdowns": "Действующие ограничения",
        "column.documents_by": "Документы по платформам или корпусам",
        "chronology.day": "день",
        "chronology.events": "событий в день",
        "chronology.documents": "документов в день",
        "chronology.shutdown_days": "действует отключение",
    },
    "kk": {
        "analysis.chronology": "Хроника: оқиғалар, өшірулер және желідегі белсенділік күн сайын",
        "column.date": "Күні",
        "column.event_types": "Оқиға түрлері",
        "column.places": "Орындар",
        "column.sources": "Дереккөздер",
        "column.shutdown": "Өшіру",
        "column.shutdowns": "Күшіндегі шектеулер",
        "column.documents_by": "Платформа не корпус бойынша құжаттар",
        "chronology.day": "күн",
        "chronology.events": "күніне оқиғалар",
        "chronology.documents": "күніне құжаттар",
        "chronology.shutdown_days": "өшіру күшінде",
    },
})


@register_chart("chronology")
def chronology_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    require_columns(table, COLUMNS, "chronology")
    days = pd.to_datetime(table["date"])
    fig = go.Figure()
    fig.add_trace(go.Bar(x=days, y=table["events"], name=t("chronology.events", lang), marker_color=PALETTE[1],
                         customdata=list(zip(table["event_types"], table["places"], strict=True)),
                         hovertemplate="%{x|%Y-%m-%d}: %{y}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>"))
    fig.add_trace(go.Scatter(x=days, y=table["documents"], name=t("chronology.documents", lang), yaxis="y2",
                             mode="lines+markers", line={"color": PALETTE[0], "width": 2},
                             customdata=table["documents_by"],
                             hovertemplate="%{x|%Y-%m-%d}: %{y}<br>%{customdata}<extra></extra>"))
    fig.update_layout(
        yaxis={"title": {"text": t("chronology.events", lang)}, "rangemode": "tozero"},
        yaxis2={"title": {"text": t("chronology.documents", lang)}, "overlaying": "y", "side": "right",
                "rangemode": "tozero", "showgrid": False},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
    fig.update_xaxes(type="date", title_text=t("chronology.day", lang), dtick=86_400_000 if len(table) <= 31 else None)
    style_figure(fig, height=420)
    return fig


@register_png("chronology")
def chronology_png(table: pd.DataFrame, path: Path, lang: str) -> Path:
    require_columns(table, COLUMNS, "chronology")
    positions = list(range(len(table)))
    with matplotlib.rc_context(png_style()):
        fig = Figure(figsize=(7.0, 3.8), layout="constrained")
        ax = fig.subplots()
        for i, off in zip(positions, table["shutdown"], strict=True):
            if off:
                ax.axvspan(i - 0.5, i + 0.5, color="0.5", alpha=0.18, linewidth=0, zorder=0)
        bars = ax.bar(positions, table["events"].to_numpy(dtype=float), color=PALETTE[1],
                      label=t("chronology.events", lang))
        ax.set_ylabel(t("chronology.events", lang))
        other = ax.twinx()
        (line,) = other.plot(positions, table["documents"].to_numpy(dtype=float), color=PALETTE[0], marker="o",
                             markersize=3, label=t("chronology.documents", lang))
        other.set_ylabel(t("chronology.documents", lang))
        other.spines["right"].set_visible(True)
        other.set_ylim(bottom=0)
        step = max(1, len(positions) // 12)
        ax.set_xticks(positions[::step], [str(d)[5:] if len(table) <= 366 else str(d) for d in table["date"]][::step],
                      rotation=45, ha="right")
        ax.set_xlabel(t("chronology.day", lang))
        # which colour is which: the bars, the line on the right axis and the shaded shutdown days
        handles = [bars, line]
        if table["shutdown"].any():
            from matplotlib.patches import Patch

            handles.append(Patch(color="0.5", alpha=0.3, label=t("chronology.shutdown_days", lang)))
        fig.legend(handles=handles, fontsize=8, frameon=False, loc="outside lower center", ncols=len(handles))
        ax.set_title(f"{t('analysis.chronology', lang)}: {table['date'].iloc[0]} – {table['date'].iloc[-1]}",
                     fontsize=10)
        return save_figure(fig, path)


# --- the result's title for readers ------------------------------------------------------------------------------
register_labels({
    "en": {"title.chronology": "Chronology {date_from} – {date_to}"},
    "ru": {"title.chronology": "Хроника: {date_from} – {date_to}"},
    "kk": {"title.chronology": "Хроника: {date_from} – {date_to}"},
})


@register_reader_title("chronology")
def chronology_title(params: dict, lang: str) -> str:
    """"Хроника: 2022-01-02 – 2022-01-12" (the window's first and last day)."""
    return t("title.chronology", lang, date_from=params.get("date_from", ""), date_to=params.get("date_to", ""))
