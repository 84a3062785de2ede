"""``dauys code``: coding documents — learned coding from hand-coded examples (train, apply, evaluate).

CSV in, CSV out (standard quoting: texts may hold line breaks). Outputs are written whole or not at all.
``apply`` imports only numpy and the model (no pandas, no scikit-learn), to code thousands of texts a
second including start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dauys.cli import app
from dauys.cli.common import console, err_console

code_app = typer.Typer(help="Code texts: learn codes or tone from hand-coded examples and apply them.",
                       no_args_is_help=True)
app.add_typer(code_app, name="code")

InputCsv = Annotated[Path, typer.Option("--input", "-i", help="CSV file with a header row.", show_default=False)]
TextCol = Annotated[str, typer.Option("--text-col", help="The column holding the texts.")]
LabelCols = Annotated[
    list[str],
    typer.Option("--label-col", help="The column of hand-coded labels; repeat it for one yes/no column per code "
                 "(several codes per text).", show_default=False),
]
MultiLabel = Annotated[
    bool, typer.Option("--multi-label", help="The one --label-col holds several labels per text, separated by |.")
]
ClassPrior = Annotated[
    list[str] | None,
    typer.Option("--class-prior", help="LABEL=SHARE: the label's share in the texts the model will code, when it "
                 "differs from the training file (e.g. a balanced hand-coded sample of mostly positive "
                 "comments: --class-prior positive=0.82). Set it from a known or estimated base rate. Repeatable."),
]
Decision = Annotated[
    str, typer.Option("--decision", help="macro_f1: decide with offsets that maximise macro-F1 in cross-validation "
                      "(fairer to rare labels); probability: the most probable label.")
]
Stems = Annotated[bool, typer.Option("--stems/--no-stems", help="Add normalised Kazakh stems as word features "
                                     "(slower training; can help with few hand-coded texts).")]
AllowOtherVersion = Annotated[
    bool, typer.Option("--allow-other-version", help="Use a model written by another dauys version (warns).")
]


def _load(model: Path, allow_other_version: bool):
    """The model, a version warning printed as one line rather than as a Python warning."""
    import warnings

    from dauys.analyze.learned import load_coder

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        coder = load_coder(model, allow_other_version=allow_other_version)
    for warning in caught:
        err_console.print(f"[yellow]warning:[/] {warning.message}", highlight=False, soft_wrap=True)
    return coder


def _prior(entries: list[str] | None) -> dict[str, float] | None:
    from dauys.errors import InputError

    if not entries:
        return None
    prior = {}
    for entry in entries:
        label, sep, share = entry.rpartition("=")
        try:
            prior[label] = float(share)
        except ValueError:
            sep = ""
        if not sep or not label:
            raise InputError(f"--class-prior {entry!r}: expected LABEL=SHARE, e.g. positive=0.82")
    return prior


@code_app.command("train")
def train(
    input: InputCsv,
    out: Annotated[Path, typer.Option("--out", "-o", help="The model file to write.", show_default=False)],
    label_col: LabelCols,
    text_col: TextCol = "text",
    multi_label: MultiLabel = False,
    class_prior: ClassPrior = None,
    decision: Decision = "macro_f1",
    stems: Stems = True,
) -> None:
    """Learn a coder from a CSV of hand-coded texts and save it as one MODEL file."""
    from dauys.analyze.learned import LearnedCoder
    from dauys.analyze.learned.table import read_table

    table = read_table(input)
    texts = table.texts(text_col)
    several = multi_label or len(label_col) > 1
    labels = table.labels(label_col, multi_label)
    coder = LearnedCoder(multi_label=several, class_prior=_prior(class_prior), decision=decision, stems=stems)
    coder.fit(texts, labels)
    coder.save(out)
    shares = ", ".join(f"{c} {p:.0%}" for c, p in zip(coder.classes_, coder.train_prior_, strict=True))
    console.print(f"learned {len(coder.classes_)} labels from {coder.n_train_} texts ({shares}); wrote {out}",
                  highlight=False, soft_wrap=True)


@code_app.command("apply")
def apply(
    model: Annotated[Path, typer.Option("--model", "-m", help="A model file from `dauys code train`.",
                                        show_default=False)],
    input: InputCsv,
    out: Annotated[Path, typer.Option("--out", "-o", help="The CSV to write: every input row, in order, with all "
                                      "its columns, plus predicted_label and predicted_confidence.",
                                      show_default=False)],
    text_col: TextCol = "text",
    allow_other_version: AllowOtherVersion = False,
) -> None:
    """Code the texts of a CSV with a trained model.

    Single-label models add predicted_label and predicted_confidence (the probability of that label).
    Multi-label models add predicted_label (the labels given, joined by |, empty for none),
    predicted_confidence (the probability of the least certain of the label decisions: p for a label
    given, 1 - p for one not given) and one p_LABEL column per label (its probability).
    """
    import numpy as np

    from dauys.analyze.learned.table import read_table, write_table
    from dauys.errors import InputError

    coder = _load(model, allow_other_version)
    table = read_table(input)
    texts = table.texts(text_col)
    added = ["predicted_label", "predicted_confidence"]
    if coder.multi_label:
        added += [f"p_{label}" for label in coder.classes_]
    clash = [column for column in added if column in table.columns]
    if clash:
        raise InputError(f"{input} already has the columns {', '.join(map(repr, clash))} that apply adds: "
                         "rename or remove them first")
    proba = coder.predict_proba(texts)
    chosen = coder.labels_of(proba)
    if coder.multi_label:
        decided = np.array([[label in c for label in coder.classes_] for c in chosen], dtype=bool).reshape(proba.shape)
        confidence = np.where(decided, proba, 1 - proba).min(axis=1)
        extra = [["|".join(c), f"{conf:.4f}", *(f"{p:.4f}" for p in row)]
                 for c, conf, row in zip(chosen, confidence, proba, strict=True)]
    else:
        index = {label: i for i, label in enumerate(coder.classes_)}
        confidence = proba[np.arange(len(chosen)), [index[c] for c in chosen]]
        extra = [[c, f"{conf:.4f}"] for c, conf in zip(chosen, confidence, strict=True)]
    write_table(out, table.columns + added, (row + e for row, e in zip(table.rows, extra, strict=True)))
    err_console.print(f"coded {len(texts)} texts; wrote {out}", highlight=False)


@code_app.command("evaluate")
def evaluate(
    input: InputCsv,
    label_col: LabelCols,
    text_col: TextCol = "text",
    model: Annotated[Path | None, typer.Option("--model", "-m", help="Score this model on the file instead of "
                                               "cross-validating a new one.", show_default=False)] = None,
    folds: Annotated[int, typer.Option("--folds", min=2, help="Cross-validation folds.")] = 5,
    multi_label: MultiLabel = False,
    class_prior: ClassPrior = None,
    decision: Decision = "macro_f1",
    stems: Stems = True,
    allow_other_version: AllowOtherVersion = False,
) -> None:
    """Precision, recall and macro-F1 with a confusion matrix: cross-validated, or of --model on this file."""
    from dauys.analyze.learned import LearnedCoder
    from dauys.analyze.learned.evaluation import cross_validate_coder, score_coder
    from dauys.analyze.learned.table import read_table
    from dauys.cli.common import RichProgress

    table = read_table(input)
    texts = table.texts(text_col)
    if model is not None:
        coder = _load(model, allow_other_version)
        labels = table.labels(label_col, multi_label or coder.multi_label)
        scores = score_coder(coder, texts, labels)
        what = f"{model} on {len(texts)} texts of {input}"
    else:
        labels = table.labels(label_col, multi_label)
        coder = LearnedCoder(multi_label=multi_label or len(label_col) > 1, class_prior=_prior(class_prior),
                             decision=decision, stems=stems)
        with RichProgress() as progress:
            scores = cross_validate_coder(texts, labels, coder, folds=folds, progress=progress)
        what = f"{folds}-fold cross-validation on {len(texts)} texts of {input}"
    _print_scores(scores, what)


def _print_scores(scores, what: str) -> None:
    from rich.table import Table

    console.print(f"{what}: macro-F1 {scores.macro_f1:.3f}, exact-match accuracy {scores.accuracy:.3f}",
                  highlight=False, soft_wrap=True)
    per_label = Table("label", "precision", "recall", "F1", "support", "predicted", title="per label")
    for row in scores.table.itertuples(index=False):
        per_label.add_row(str(row.label), f"{row.precision:.3f}", f"{row.recall:.3f}", f"{row.f1:.3f}",
                          str(row.support), str(row.predicted))
    console.print(per_label)
    confusion = scores.confusion
    if "tp" in confusion.columns:
        matrix = Table("label", "tp", "fp", "fn", "tn", title="confusion (texts)")
        for row in confusion.itertuples(index=False):
            matrix.add_row(str(row.label), str(row.tp), str(row.fp), str(row.fn), str(row.tn))
    else:
        matrix = Table("hand-coded \\ coder", *map(str, confusion.columns), title="confusion (texts)")
        for label, row in confusion.iterrows():
            matrix.add_row(str(label), *map(str, row.tolist()))
    console.print(matrix)
