"""Audience geography: which of Kazakhstan's regions the selected posts and comments mention.

Every document's text is searched with the gazetteer (:mod:`dauys.geo.gazetteer`: regions, regional
centres and towns in Kazakh, Russian and English with their inflected forms); each place counts for its
2022 region. Result columns (one row per group and region that is mentioned):

``channel``       the channel's handle with ``--by channel``, else ``all``
``period``        the period's label (``2022``, ``2022-01``, ``all``)
``start``         the local start of the period
``region``        the 2022 region code (ISO 3166-2:KZ)
``region_name``   its name in English
``documents``     documents of the group that mention the region at least once (a document mentioning
                  Алматыда twice and Алматы once counts once for KZ-75)
``mentions``      every mention of a place of the region in the group's documents
``share``         ``documents`` as a percent of all documents of the group (mentioning a region or not)
``group_documents`` all documents of the group
``places``        the places mentioned most, with their mention counts (``Almaty 12; Konaev 3``)
``forms``         the forms as written that matched most (``Алматыда 7; в Алматы 3``)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.geo.gazetteer import load_gazetteer
from dauys.geo.regions import REGIONS, region_name
from dauys.progress import SILENT, Progress
from dauys.social import metrics as sm
from dauys.social.near_duplicates import require_documents
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

COLUMNS = ("channel", "period", "start", "region", "region_name", "documents", "mentions", "share",
           "group_documents", "places", "forms")
TOP = 5


@dataclass(frozen=True)
class RegionMentionsParams:
    by: str = param("all", "Group by channel, by year or month, or not at all.",
                    choices=("all", "channel", "year", "month"))
    period: str = param("all", "Period of each group (with --by channel: per channel and period).",
                        choices=("all", "year", "quarter", "month", "week", "day"))
    gazetteer: str = param("", "A CSV of extra places (same columns as dauys/data/geo/places.csv).")
    lowercase: bool = param(False, "Also count names written in lower case (more hits in informal posts, "
                            "more false ones: орал, арал, семей are common words).")


def _top(counter: Counter, n: int = TOP) -> str:
    return "; ".join(f"{k} {v}" for k, v in counter.most_common(n))


def region_mentions_table(docs: pd.DataFrame, gazetteer, by: str, period: str, tz: str) -> pd.DataFrame:
    """The table of :class:`RegionMentions` from a frame with ``channel``, ``created_at`` and ``text``."""
    period = by if by in ("year", "month") else period
    docs = docs.copy()
    docs["channel"] = docs["channel"] if by == "channel" else "all"
    if len(docs) == 0:
        return pd.DataFrame(columns=list(COLUMNS))
    sm.label_periods(docs, period, tz)
    rows: dict[tuple, dict] = {}
    group_sizes = docs.groupby(["channel", "period", "start"], sort=False).size()
    mentioning = 0
    for channel, label, start, text in docs[["channel", "period", "start", "text"]].itertuples(index=False):
        seen: set[str] = set()
        found = gazetteer.find_forms(text or "")
        mentioning += bool(found)
        for _, _, key, written in found:
            place = gazetteer.places_[key]
            row = rows.setdefault((channel, label, start, place.region),
                                  {"documents": 0, "mentions": 0, "places": Counter(), "forms": Counter()})
            row["mentions"] += 1
            row["places"][place.name("en")] += 1
            row["forms"][written] += 1
            if place.region not in seen:
                seen.add(place.region)
                row["documents"] += 1
    out = []
    for (channel, label, start, code), row in rows.items():
        total = int(group_sizes[(channel, label, start)])
        out.append({
            "channel": channel, "period": label, "start": start, "region": code,
            "region_name": region_name(code, "en"), "documents": row["documents"], "mentions": row["mentions"],
            "share": round(100 * row["documents"] / total, 2), "group_documents": total,
            "places": _top(row["places"]), "forms": _top(row["forms"]),
        })
    table = pd.DataFrame(out, columns=list(COLUMNS))
    order = {code: i for i, code in enumerate(REGIONS)}
    table["_order"] = table["region"].map(order)
    table = table.sort_values(["channel", "start", "documents", "_order"], ascending=[True, True, False, True],
                              kind="stable")
    table = table.drop(columns="_order").reset_index(drop=True)
    table.attrs["documents_mentioning"] = mentioning
    return table


class RegionMentions(Analysis):
    name = "region_mentions"
    title = "Region mentions"
    description = (
        "Documents mentioning each of Kazakhstan's 20 regions (2022 division) through the names of the region, "
        "its towns and their Kazakh and Russian inflected forms, per channel and period, with the matched forms."
    )
    Params = RegionMentionsParams
    command_group = "social"

    def result_title(self, params: RegionMentionsParams) -> str:
        by = {"all": "", "channel": " per channel", "year": " per year", "month": " per month"}[params.by]
        per = f" and {params.period}" if params.by == "channel" and params.period != "all" else ""
        return f"Region mentions{by}{per}"

    def run(self, project: Project, where: DocumentFilter, params: RegionMentionsParams,
            progress: Progress = SILENT) -> pd.DataFrame:
        gazetteer = load_gazetteer(params.gazetteer or None, require_capital=not params.lowercase)
        docs, _ = sm.posts_frame(project, where, metrics=[], text_chars=None, posts=False)
        require_documents(len(docs), where)
        table = region_mentions_table(docs, gazetteer, params.by, params.period, project.tz)
        mentioning = table.attrs.get("documents_mentioning", 0)
        self.counts_ = {"documents": len(docs), "documents_mentioning": int(mentioning), "places": len(gazetteer)}
        self.resources_ = {"gazetteer": params.gazetteer or "shipped", "gazetteer_places": len(gazetteer)}
        if len(docs) and not mentioning:
            self.warnings_.append("no selected document mentions a place of the gazetteer")
        self.warnings_.append(
            "a document counts once per region it mentions; a mention of a town counts for its 2022 region; "
            "names of pre-2022 regions that were split count for the successor that kept the name"
        )
        return table
