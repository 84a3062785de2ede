"""Events per 2022 region, as counts or as rates per 100,000 people, for a regional choropleth.

One row per 2022 region (all 20, also those without events), sorted by code:

``region``             the ISO 3166-2:KZ code (KZ-75)
``name``               the region's name in ``label_lang``
``events``             events in the selection (``types``, dates inclusive)
``fatalities``         their fatalities
``population``         the imported population figure used (empty without one)
``population_year``    its year
``rate_per_100k``      events per 100,000 people (empty without a population figure)
``value``              what the map shows: ``events`` for ``measure=count``, ``rate_per_100k`` for ``rate``
``population_source``  the source named when the figures were imported
``measure``            count or rate (the same in every row)

Events without a 2022 region cannot be mapped; their number is a warning. Rates need figures imported
with ``dauys import populations FILE --source "..."``; dauys ships none. ``population_year`` 0 takes, for
each region, the latest year imported.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dauys.analyze.base import Analysis, param
from dauys.errors import InputError
from dauys.events.store import event_conditions, load_populations
from dauys.progress import SILENT

PER = 100_000


@dataclass(frozen=True)
class EventMapParams:
    measure: str = param("count", "Map the number of events, or events per 100,000 people (needs imported "
                         "population figures).", choices=("count", "rate"))
    types: str = param("", "Only these event types, comma-separated (default: all).")
    date_from: str = param("", "First event date, YYYY-MM-DD (default: the selection's --since).")
    date_to: str = param("", "Last event date, inclusive (default: the selection's --until).")
    population_year: int = param(0, "The year of the population figures (0: the latest year for each region).",
                                 min=0)
    label_lang: str = param("en", "Language of region names.", choices=("en", "ru", "kk"))


def event_map_table(project, measure="count", types=None, since=None, until=None, population_year=0,
                    lang="en") -> tuple[pd.DataFrame, list[str]]:
    """The table of the module docstring and the warnings."""
    from dauys.geo.regions import REGIONS, region_name

    condition, params = event_conditions(project, types, since or None, until or None)
    with project.store.read() as con:
        grouped = con.execute(
            f"""SELECT region_2022, count(*) AS events, coalesce(sum(fatalities), 0) AS fatalities
                FROM events WHERE {condition} GROUP BY region_2022""",
            params,
        ).df()
    warnings = []
    if not int(grouped["events"].sum()):
        with project.store.read() as con:
            stored = con.execute("SELECT count(*) FROM events").fetchone()[0]
        warnings.append("no events match the selection (types, dates): every region shows 0" if stored else
                        "the project has no events: every region shows 0; import them with `dauys import acled` "
                        "or `dauys import events`")
    unresolved = int(grouped.loc[grouped["region_2022"].isna(), "events"].sum())
    if unresolved:
        warnings.append(f"{unresolved} of {int(grouped['events'].sum())} events have no 2022 region and are not on "
                        "the map")
    grouped = grouped.dropna(subset=["region_2022"]).set_index("region_2022")
    table = pd.DataFrame({"region": sorted(REGIONS)})
    table["name"] = [region_name(code, lang) for code in table["region"]]
    table = table.join(grouped, on="region")
    table["events"] = table["events"].fillna(0).astype("int64")
    table["fatalities"] = table["fatalities"].fillna(0).astype("int64")

    populations = load_populations(project, population_year or None)
    if len(populations):
        latest = populations.sort_values("year").groupby("region_2022").tail(1).set_index("region_2022")
    else:
        latest = pd.DataFrame(columns=["year", "population", "source"])
    table["population"] = table["region"].map(latest["population"]).astype("float64")
    table["population_year"] = table["region"].map(latest["year"]).astype("Int64")
    table["rate_per_100k"] = table["events"] / table["population"] * PER
    table["population_source"] = table["region"].map(latest["source"]).astype("object")
    if measure == "rate":
        if not len(populations):
            year = f" for {population_year}" if population_year else ""
            raise InputError(f"rates per 100,000 need population figures{year}; import them with `dauys import "
                             'populations FILE --source "..."` (columns region, year, population)')
        missing = table.loc[table["population"].isna(), "name"].tolist()
        if missing:
            warnings.append(f"no population figure for {', '.join(missing)}: no rate there")
        table["value"] = table["rate_per_100k"]
    else:
        table["value"] = table["events"].astype("float64")
    table["measure"] = measure
    return table, warnings


class EventMap(Analysis):
    name = "event_map"
    title = "Event map"
    description = "Events per 2022 region, as counts or rates per 100,000 people, for a choropleth map."
    Params = EventMapParams
    command_group = "events"

    def run(self, project, where, params, progress=SILENT) -> pd.DataFrame:
        since = params.date_from or (where.since.isoformat() if getattr(where, "since", None) else None)
        until = params.date_to or (where.until.isoformat() if getattr(where, "until", None) else None)
        table, warnings = event_map_table(project, params.measure, params.types or None, since, until,
                                          params.population_year, params.label_lang)
        self.warnings_.extend(warnings)
        self.counts_ = {"documents": 0, "events": int(table["events"].sum())}
        table.attrs = {"measure": params.measure}
        return table

    def result_title(self, params) -> str:
        return "Events per 100,000 people by region" if params.measure == "rate" else "Events by region"
