"""The analysis base: parameter schemas, validation, discovery, the ledger, and commands built from schemas."""

from __future__ import annotations

import sys
import textwrap
from dataclasses import dataclass

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

import dauys.analyze
from dauys.analyze import Analysis, Parameter, analyses, get_analysis, param, run_analysis
from dauys.analyze.frequency import TopTerms
from dauys.cli.analysis_cli import analysis_command
from dauys.errors import InputError
from dauys.ingest.writer import SourceInfo, write_documents
from dauys.progress import SILENT
from dauys.provenance import Run
from dauys.store.filters import DocumentFilter


@dataclass(frozen=True)
class LengthParams:
    unit: str = param("words", "Count words or characters.", choices=("words", "characters"))
    at_least: int = param(1, "Leave out documents shorter than this.", min=1, max=10_000)
    share: float = param(0.5, "A share between 0 and 1.", min=0, max=1)
    by_corpus: bool = param(True, "One row per corpus.")


class DocumentLengths(Analysis):
    """Mean document length per corpus: a small analysis written the way every analysis is."""

    name = "document_lengths"
    title = "Document lengths"
    description = "Mean length of the documents of each corpus."
    Params = LengthParams

    def run(self, project, where, params, progress=SILENT) -> pd.DataFrame:
        condition, values = where.sql()
        length = "length(text)" if params.unit == "characters" else "len(string_split(trim(text), ' '))"
        with project.store.read() as con:
            table = con.execute(
                f"SELECT corpus AS \"group\", count(*) AS documents, avg({length}) AS mean_length "
                f"FROM documents WHERE {condition} AND {length} >= ? GROUP BY corpus ORDER BY corpus",
                [*values, params.at_least],
            ).df()
        self.counts_ = {"documents": int(table["documents"].sum())}
        return table


@pytest.fixture
def corpus(project):
    staged = pd.DataFrame({
        "row": [1, 2, 3],
        "external_id": ["a", "b", "c"],
        "text": ["Су тарифі тағы өсті", "Жол жоқ", "Смог над Алматы"],
    })
    write_documents(project, Run("import.table", {}), SourceInfo("table", "x.csv", {}), staged.iloc[:2],
                    corpus="kk", platform="telegram")
    write_documents(project, Run("import.table", {}), SourceInfo("table", "y.csv", {}), staged.iloc[2:],
                    corpus="ru", platform="telegram")
    return project


def test_parameters_are_read_from_the_params_dataclass():
    unit, at_least, share, by_corpus = DocumentLengths.parameters()
    assert unit == Parameter("unit", str, "words", "Count words or characters.", ("words", "characters"))
    assert (at_least.type, at_least.default, at_least.min, at_least.max) == (int, 1, 1, 10_000)
    assert (share.type, by_corpus.type) == (float, bool)
    assert at_least.option == "--at-least"


def test_top_terms_declares_its_options():
    feature, kind, ngram, min_length, keep, languages, by, n = TopTerms.parameters()
    assert (feature.default, feature.choices) == ("lemma", ("lemma", "norm", "form"))
    assert (kind.default, kind.choices) == ("words", ("words", "hashtags", "mentions", "emoji", "numbers"))
    assert (ngram.default, ngram.min, ngram.max) == (1, 1, 5)
    assert (by.default, by.pattern_label) == ("all", "meta.FIELD")
    assert by.choices == ("all", "corpus", "platform", "lang", "channel", "year", "month")
    assert (n.default, n.min, min_length.default, keep.default, languages.default) == (30, 1, 2, False, "")
    assert by.accepted() == "one of all, corpus, platform, lang, channel, year, month or meta.FIELD"
    assert languages.validate("kk,ru") == "kk,ru"
    with pytest.raises(InputError, match="--languages 'kk;ru': expected one of kk,ru,en"):
        languages.validate("kk;ru")


def test_validate_converts_and_fills_defaults():
    params = DocumentLengths.validate({"unit": "characters", "at_least": "3", "share": "0.25", "by_corpus": "no"})
    assert params == LengthParams("characters", 3, 0.25, False)
    assert DocumentLengths.validate(None) == LengthParams()
    assert DocumentLengths.validate({"at_least": None}) == LengthParams()
    assert DocumentLengths.validate(LengthParams(at_least=2)) == LengthParams(at_least=2)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"unit": "lines"}, r"--unit 'lines': expected one of words, characters"),
        ({"at_least": 0}, r"--at-least 0: expected a number from 1 to 10000"),
        ({"at_least": 2.5}, r"--at-least 2.5: expected a whole number"),
        ({"share": "half"}, r"--share 'half': expected a number from 0 to 1"),
        ({"by_corpus": "maybe"}, r"--by-corpus 'maybe': expected true or false"),
        ({"colour": "red"}, r"document_lengths has no option colour; its options are --unit, --at-least"),
    ],
)
def test_validate_names_the_bad_option(values, message):
    with pytest.raises(InputError, match=message):
        DocumentLengths.validate(values)


def test_a_field_not_declared_with_param_is_a_programming_error():
    @dataclass(frozen=True)
    class Loose:
        n: int = 3

    class Broken(DocumentLengths):
        Params = Loose

    with pytest.raises(TypeError, match=r"Broken.Params.n: declare it with param"):
        Broken.parameters()
    with pytest.raises(TypeError, match="needs a pattern_label"):
        param("x", "help", pattern=r"x\d")


def test_run_analysis_validates_runs_records_and_saves(corpus):
    saved = run_analysis(corpus, DocumentLengths, {"unit": "words"}, DocumentFilter(corpus=("kk",)))
    table = saved.frame()
    assert table.to_dict("records") == [{"group": "kk", "documents": 2, "mean_length": 3.0}]
    entry = corpus.log()[-1]
    assert entry["step"] == "analyze.document_lengths"
    assert entry["params"] == {"unit": "words", "at_least": 1, "share": 0.5, "by_corpus": True,
                               "filter": {"corpus": ["kk"]}}
    assert (entry["n_in"], entry["n_out"], entry["counts"]) == (2, 1, {"documents": 2, "rows": 1})
    assert (saved.run_id, saved.analysis, saved.title) == (entry["id"], "document_lengths", "Document lengths")
    assert corpus.results()[-1].path == saved.path


def test_run_analysis_refuses_bad_parameters_before_running(corpus):
    with pytest.raises(InputError, match="--unit"):
        run_analysis(corpus, DocumentLengths, {"unit": "pages"})
    assert [e["step"] for e in corpus.log()] == ["import.table", "import.table"]


def test_the_registry_lists_analyses_by_name():
    registry = analyses()
    assert registry["top_terms"] is TopTerms
    assert get_analysis("top_terms") is get_analysis("Top-Terms") is TopTerms
    with pytest.raises(InputError, match="there is no analysis 'sentiment'; the analyses are: .*top_terms"):
        get_analysis("sentiment")


@pytest.fixture
def drop_in(tmp_path, monkeypatch):
    """Put a module file beside the package's analyses, as a contributor adding one file would."""
    added: list[str] = []
    monkeypatch.setattr(dauys.analyze, "__path__", [*dauys.analyze.__path__, str(tmp_path)])

    def write(module: str, source: str) -> None:
        (tmp_path / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        added.append(f"dauys.analyze.{module}")

    yield write
    for name in added:
        sys.modules.pop(name, None)


def test_a_new_module_is_discovered_without_a_central_list(drop_in):
    before = set(analyses())
    drop_in("sentence_counts", """
        from dataclasses import dataclass
        import pandas as pd
        from dauys.analyze.base import Analysis, param

        @dataclass(frozen=True)
        class Params:
            n: int = param(5, "How many.", min=1)

        class Helper:
            pass

        class SentenceCounts(Analysis):
            name = "sentence_counts"
            title = "Sentence counts"
            description = "Sentences per document."
            Params = Params

            def run(self, project, where, params, progress=None):
                return pd.DataFrame()
    """)
    assert "sentence_counts" not in before
    registry = analyses()
    assert set(registry) - before == {"sentence_counts"}
    assert {"top_terms", "term_matrix"} <= before
    assert registry["sentence_counts"].__module__ == "dauys.analyze.sentence_counts"


def test_a_badly_declared_analysis_is_reported_to_its_author(drop_in):
    drop_in("half_done", """
        from dauys.analyze.base import Analysis

        class HalfDone(Analysis):
            name = "Half Done"

            def run(self, project, where, params, progress=None):
                return None
    """)
    with pytest.raises(TypeError, match=r"HalfDone needs a non-empty title, a non-empty description, a name of "
                                        r"lowercase letters, digits and underscores, a Params dataclass"):
        analyses()


def test_two_analyses_with_one_name_are_refused(drop_in):
    drop_in("copy_of_top_terms", """
        from dauys.analyze.frequency import TopTerms

        class Again(TopTerms):
            pass
    """)
    with pytest.raises(TypeError, match="two analyses are named 'top_terms'"):
        analyses()


def test_abstract_analyses_are_not_listed():
    assert Analysis not in analyses().values()


def _app_for(analysis: type[Analysis]) -> typer.Typer:
    app = typer.Typer()
    app.command("run")(analysis_command(analysis))
    app.command("other")(lambda: None)  # a group with two commands keeps the command name on the line
    return app


def test_a_command_is_built_from_the_schema(corpus):
    app = _app_for(DocumentLengths)
    runner = CliRunner()
    help_text = runner.invoke(app, ["run", "--help"]).stdout
    for option in ("--unit", "--at-least", "--share", "--by-corpus", "--corpus", "--where", "--project"):
        assert option in help_text
    result = runner.invoke(app, ["run", "-p", str(corpus.path), "--unit", "characters", "--at-least", "8",
                                 "--platform", "telegram"])
    assert result.exit_code == 0, result.output
    assert "Saved as result 1" in result.stdout
    entry = corpus.log()[-1]
    assert entry["params"]["unit"] == "characters" and entry["params"]["at_least"] == 8
    assert entry["params"]["filter"] == {"platform": ["telegram"]}
    assert corpus.results()[-1].frame()["group"].tolist() == ["kk", "ru"]


def test_choices_and_bounds_are_checked_on_the_command_line(corpus):
    runner = CliRunner()
    app = _app_for(DocumentLengths)
    assert runner.invoke(app, ["run", "-p", str(corpus.path), "--unit", "lines"]).exit_code == 2
    assert runner.invoke(app, ["run", "-p", str(corpus.path), "--at-least", "0"]).exit_code == 2
    assert corpus.results() == []
