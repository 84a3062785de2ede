"""Spikes in the report: markers of the scored posts or days over time, spikes larger, one colour per channel."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dauys.report.charts import register_reader_title, require_columns
from dauys.report.i18n import t
from dauys.report.views.channel_stats import (
    Plot,
    Trace,
    by_group,
    label,
    number,
    of_metric,
    register_plot,
    register_titles,
    sentence,
)

COLUMNS = ("channel", "date", "metric", "value", "baseline", "z", "spike")


def spikes_plot(table: pd.DataFrame, lang: str) -> Plot:
    """Spike markers (size grows with z); other scored rows, when the table has them, as small grey dots."""
    require_columns(table, COLUMNS, "spikes")
    traces = []
    others = table[~table["spike"].astype(bool)]
    if len(others):
        traces.append(Trace(label("social.other", lang), pd.to_datetime(others["date"]).tolist(),
                            others["value"].tolist(), [f"{c} {d}: {number(v)}" for c, d, v in
                                                       zip(others["channel"], others["date"], others["value"],
                                                           strict=True)],
                            size=[5] * len(others), color="#b0b7bf"))
    spikes = table[table["spike"].astype(bool)]
    for channel, part in spikes.groupby("channel", sort=True):
        z = part["z"].replace([np.inf, -np.inf], np.nan).fillna(10).abs()
        hover = [f"{channel} {d}: {number(v)}<br>{label('column.baseline', lang)}: {number(b)} · z {number(s, 1)}"
                 for d, v, b, s in zip(part["date"], part["value"], part["baseline"], part["z"], strict=True)]
        traces.append(Trace(str(channel), pd.to_datetime(part["date"]).tolist(), part["value"].tolist(), hover,
                            size=(6 + z.clip(upper=20)).tolist()))
    metric = table["metric"].iloc[0] if len(table) else "views"
    return Plot("marker", label("analysis.spikes", lang), label("column.date", lang), label(f"column.{metric}", lang),
                traces)


register_plot("spikes", spikes_plot)

register_titles({
    "title.spikes": ("Spikes in {metric} ({unit}, z ≥ {z})", "Всплески {metric} ({unit}, z ≥ {z})",
                     "{metric} секірістері ({unit}, z ≥ {z})"),
})


@register_reader_title("spikes")
def spikes_title(params: dict, lang: str) -> str:
    """"Всплески просмотров (по постам, z ≥ 3.5)", "Қаралым секірістері (жазбалар бойынша, z ≥ 3.5)"."""
    metric = of_metric(str(params.get("metric", "views")), lang)
    unit = by_group(lang, str(params.get("unit", "posts")))
    return sentence(t("title.spikes", lang, metric=metric, unit=unit, z=f"{float(params.get('z', 3.5)):g}"))
