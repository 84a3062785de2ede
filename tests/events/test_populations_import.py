"""`dauys import populations`: the problems of a refused file are listed in row order."""

from __future__ import annotations

import re

import pytest

from dauys.errors import InputError
from dauys.events.store import load_populations
from dauys.ingest.populations import import_populations

SOURCE = "Invented test figures (not statistics)"


def test_problems_are_listed_by_row_with_every_problem_of_a_row(project, tmp_path):
    # review H11.5: the problems came in the order of the checks (years, then regions), not by row
    path = tmp_path / "populations.csv"
    path.write_text(
        "region,year,population\n"
        "Нарния,2022,750000\n"          # row 2: region
        "Маңғыстау облысы,2022,-3\n"    # row 3: population
        "KZ-75,1850,2000000\n"          # row 4: year
        "Ақтөбе облысы,2022,100\n"      # row 5: fine
        "Атлантида,1700,\n",            # row 6: region, year and population
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        import_populations(project, path, source=SOURCE)
    message = str(info.value)
    assert "6 problem(s), so nothing was imported" in message
    listed = re.findall(r"row (\d+), (\w+):", message)
    assert [row for row, _ in listed] == ["2", "3", "4", "6", "6", "6"]
    assert sorted(field for row, field in listed if row == "6") == ["population", "region", "year"]
    assert "row 2, region: 'Нарния' — unknown region 'Нарния'" in message
    assert "row 6, population: '' — population is empty" in message
    assert load_populations(project).empty
