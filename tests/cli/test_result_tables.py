"""How analysis commands print their table: missing cells, and wide tables in 80- and 160-column terminals."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from dauys.analyze import Analysis, param
from dauys.cli.analysis_cli import MISSING, analysis_command, column_widths
from dauys.cli.common import console
from dauys.progress import SILENT

WIDE_COLUMNS = 24


@dataclass(frozen=True)
class WideParams:
    columns: int = param(3, "How many score columns.", min=1, max=100)


class WideScores(Analysis):
    """A table like bot-scores': a long id, a time, missing values of every kind, then many score columns."""

    name = "wide_scores_test"
    title = "Wide scores"
    description = "Scores per account."
    Params = WideParams

    def run(self, project, where, params, progress=SILENT) -> pd.DataFrame:
        frame = pd.DataFrame({
            "author_key": ["u_24bc88d3b6f64bb79276", "u_b8a2999cb8a979084ffe", "u_0c4a277983c345513309"],
            "арна": ["Қаңтар оқиғалары", None, "dala_habar"],
            "first_post": pd.to_datetime(["2022-01-05 04:03", None, "2022-01-06 10:00"], utc=True),
            "posts": pd.array([7, None, 3], dtype="Int64"),
            "share": [0.5, np.nan, 1.0],
            "flagged": pd.array([True, None, False], dtype="boolean"),
            "note": pd.array(["", pd.NA, "ok"], dtype="string"),
        })
        for i in range(params.columns):
            frame[f"criterion_{i}_met"] = [1.0, 0.0, 0.25]
        self.counts_ = {"documents": 0}
        return frame


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    app.command("run")(analysis_command(WideScores))
    app.command("other")(lambda: None)
    return app


def _run(app, project, monkeypatch, width: int, columns: int) -> str:
    monkeypatch.setattr(console, "_width", width)
    result = CliRunner().invoke(app, ["run", "-p", str(project.path), "--columns", str(columns)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_missing_cells_print_a_dash_not_nan_na_or_none(app, project, monkeypatch):
    # review H11.11: terminal tables printed nan, <NA>, None (and NaT) for missing cells
    out = _run(app, project, monkeypatch, 160, 1)
    for word in ("nan", "<NA>", "None", "NaT"):
        assert word not in out
    second = next(line for line in out.splitlines() if "u_b8a2999cb8a979084ffe" in line)
    assert [cell.strip() for cell in second.strip("│ ").split("│")] == [
        "u_b8a2999cb8a979084ffe", MISSING, MISSING, MISSING, MISSING, MISSING, MISSING, "0.00"]
    first = next(line for line in out.splitlines() if "u_24bc88d3b6f64bb79276" in line)
    assert [cell.strip() for cell in first.strip("│ ").split("│")] == [
        "u_24bc88d3b6f64bb79276", "Қаңтар оқиғалары", "2022-01-05 04:03 UTC", "7", "0.50", "yes", "", "1.00"]


@pytest.mark.parametrize("width", [80, 160])
def test_a_wide_table_shows_the_columns_that_fit_whole_and_names_the_rest(app, project, monkeypatch, width):
    # review H11.11: `dauys social bot-scores` squeezed 24 columns into unreadable one-letter headers
    out = _run(app, project, monkeypatch, width, WIDE_COLUMNS)
    lines = out.splitlines()
    table = [line for line in lines if line[:1] in "┏┃┡│└"]
    assert max(len(line) for line in table) <= width
    assert "u_24bc88d3b6f64bb79276" in out and "2022-01-05 04:03 UTC" in out  # ids and times are not folded
    header = next(line for line in lines if line.startswith("┃") and "author key" in line)
    assert "author key" in header and "first post" in header
    shown = header.count("┃") - 1
    note = next(line for line in lines if line.startswith("… ") and "more columns not shown" in line)
    hidden = 7 + WIDE_COLUMNS - shown
    assert note.startswith(f"… {hidden} more columns not shown (")
    assert "`dauys export result-1.csv --result 1` writes them all, or widen the terminal." in note
    assert f"criterion_{WIDE_COLUMNS - 1}_met" not in note  # the list stops after ten names ...
    assert f"and {hidden - 10} more)" in note  # ... and says how many it left out
    if width == 80:
        assert shown == 4
    else:
        assert 10 <= shown < 7 + WIDE_COLUMNS
    saved = project.results()[-1].frame()
    assert len(saved.columns) == 7 + WIDE_COLUMNS  # the saved table has every column


def test_a_table_that_fits_has_no_note(app, project, monkeypatch):
    out = _run(app, project, monkeypatch, 160, 1)
    assert "not shown" not in out and "criterion 0 met" in out


def test_column_widths_give_the_room_left_to_short_headers_first():
    assert column_widths([8, 5, 24], [8, 13, 200], 60) == [8, 13, 29]
    assert column_widths([100], [300], 80) == [76]  # one column wider than the terminal folds inside it
