"""Importing population figures per 2022 region and year, for rates per 100,000 people on event maps.

A CSV or XLSX with the columns ``region``, ``year``, ``population``; ``source`` (where the figures come
from: publication, table, date) is required and recorded with the import (the ``sources`` row and the
ledger entry ``import.populations``), and shown with every map that uses the figures. dauys bundles no
population figures: the researcher brings them, with their source.

``region`` is a 2022 region name (any language or older spelling) or its code (``KZ-75``); a pre-2022
name of a region split in 2022 (Almaty Region before June 2022 also held Jetisu) is rejected, because the
figure does not belong to one 2022 region. ``year`` is a whole number from 1991 to next year and
``population`` a number above 0. The whole file is refused when any row is wrong (figures are few and
must all be right); a figure for a region and year the project already holds is replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa

from dauys.errors import InputError
from dauys.ingest.events_common import finish_run, read_event_table, record_source, unknown_place

COLUMNS = ("region", "year", "population")
MAX_LISTED = 10


@dataclass
class PopulationImportResult:
    source_id: int
    run_id: int
    read: int
    imported: int
    replaced: int
    years: list[int]


def _region_code(name: str) -> tuple[str | None, str]:
    from dauys.geo.event_regions import admin1_codes
    from dauys.geo.regions import REGIONS

    if name.upper() in REGIONS:
        return name.upper(), ""
    codes = admin1_codes(pd.Series([name])).get(name, ())
    if len(codes) == 1:
        return codes[0], ""
    if codes:
        return None, (f"{name!r} names a region split in 2022 ({', '.join(codes)}); give the figure of each 2022 "
                      "region")
    return None, unknown_place(name)


def import_populations(project, path: str | Path, *, source: str, sheet: str | None = None,
                       encoding: str | None = None, delimiter: str | None = None) -> PopulationImportResult:
    """Import population figures; ``source`` names where they come from (required)."""
    path = Path(path)
    source = (source or "").strip()
    if not source:
        raise InputError('--source is required: name the publication the figures come from, for example --source '
                         '"Bureau of National Statistics, Population of the Republic of Kazakhstan by region, '
                         '1 January 2023"')
    figures = read_event_table(path, "import.populations", COLUMNS, COLUMNS, "a population table", sheet=sheet,
                               encoding=encoding, delimiter=delimiter, params={"source": source})
    staged, rejects = figures.staged, figures.rejects
    for name in COLUMNS:
        rejects.add(staged[name].isna(), name, staged[name], f"{name} is empty")
    years = pd.to_numeric(staged["year"], errors="coerce")
    last = date.today().year + 1
    rejects.add(staged["year"].notna() & (years.isna() | (years % 1 != 0) | ~years.between(1991, last)), "year",
                staged["year"], f"not a year from 1991 to {last}")
    population = pd.to_numeric(staged["population"].str.replace(r"[\s\u00a0\u202f,]", "", regex=True),
                               errors="coerce")
    rejects.add(staged["population"].notna() & ~(population > 0), "population", staged["population"],
                "not a number above 0")
    codes = []
    for i, name in enumerate(staged["region"]):
        code, reason = (None, "") if name is None else _region_code(name)
        codes.append(code)
        if name is not None and code is None:
            mask = [j == i for j in range(len(staged))]
            rejects.add(mask, "region", staged["region"], reason)
    staged["code"] = codes
    staged["year_int"] = years
    good = ~rejects.bad
    repeated = staged.loc[good].duplicated(["code", "year_int"], keep=False)
    if repeated.any():
        rejects.add(good & staged.index.isin(staged.loc[good].index[repeated.to_numpy()]), "region",
                    staged["region"], "the same region and year appear twice in the file")
    problems = rejects.frame()  # by row, every problem of a row listed
    if len(problems):
        lines = [f"row {r.row}, {r.field}: {'' if r.value is None else r.value!r} — {r.reason}"
                 for r in problems.head(MAX_LISTED).itertuples()]
        raise InputError(f"{path}: {len(problems)} problem(s), so nothing was imported:\n  " + "\n  ".join(lines))
    table = pa.Table.from_pandas(pd.DataFrame({
        "region_2022": staged["code"].astype("string"), "year": years.astype("int64"),
        "population": population.astype("float64"),
    }), preserve_index=False)
    with project.store.write() as con:
        con.register("staged_populations", table)
        run_id, source_id = record_source(con, figures.run, "populations", path, figures.params, n_in=len(staged),
                                          n_out=len(staged))
        replaced = con.execute(
            """UPDATE populations SET population = s.population, source_id = ? FROM staged_populations s
               WHERE populations.region_2022 = s.region_2022 AND populations.year = s.year""",
            [source_id],
        ).fetchone()[0]
        imported = con.execute(
            """INSERT INTO populations (region_2022, year, population, source_id)
               SELECT s.region_2022, s.year, s.population, ? FROM staged_populations s
               WHERE NOT EXISTS (SELECT 1 FROM populations p WHERE p.region_2022 = s.region_2022
                                 AND p.year = s.year)""",
            [source_id],
        ).fetchone()[0]
        con.unregister("staged_populations")
        finish_run(con, figures.run, run_id, {"read": len(staged), "imported": int(imported),
                                              "replaced": int(replaced)}, n_out=len(staged))
    return PopulationImportResult(source_id, run_id, len(staged), int(imported), int(replaced),
                                  sorted({int(y) for y in years}))
