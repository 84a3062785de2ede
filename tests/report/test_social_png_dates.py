"""Dated line PNGs of the social views use concise numeric date ticks (review R1: ISO dates overlapped)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.dates
import pandas as pd

from dauys.report.views import channel_stats
from dauys.report.views.hashtag_campaign import hashtag_campaign_plot


def test_hashtag_volume_png_has_concise_numeric_date_ticks(monkeypatch, tmp_path):
    captured = {}

    def keep(fig, path):
        captured["fig"] = fig
        return Path(path)

    monkeypatch.setattr(channel_stats, "save_figure", keep)
    starts = pd.date_range("2021-12-13", periods=10, freq="W-MON")
    table = pd.DataFrame({"part": "volume", "hashtag": "#қаңтар", "period": starts.strftime("%G-W%V"),
                          "start": starts.date, "documents": range(10), "channels": 1})
    channel_stats.png_figure(hashtag_campaign_plot(table, "kk"), tmp_path / "volume.png")
    ax = captured["fig"].axes[0]
    assert isinstance(ax.xaxis.get_major_formatter(), matplotlib.dates.ConciseDateFormatter)
    captured["fig"].canvas.draw()
    ticks = [tick.get_text() for tick in ax.get_xticklabels() if tick.get_text()]
    assert 2 <= len(ticks) <= 8
    assert not any(any(month in tick for month in ("Jan", "Feb", "Dec")) for tick in ticks)
    assert ax.get_xlabel() == "Кезең"
