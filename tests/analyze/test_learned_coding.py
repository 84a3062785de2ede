"""Learned coding: the estimator, its model file, the CSV commands and their errors.

The fixtures are short app and shop reviews written for these tests, Kazakh (Cyrillic, Russian
letters and Latin) mixed with Russian, built from a few phrases so that the right codes are known:
tone from the praising or complaining phrase, the codes ``price`` and ``delivery`` from the topic words.
KazSAnDRA is used only by the accuracy floor at the end, which trains at test time and skips without it.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from itertools import cycle, islice

import numpy as np
import pytest
from conftest import shared_data

from dauys.analyze.learned import LearnedCoder, load_coder
from dauys.analyze.learned import storage as storage_module
from dauys.analyze.learned.evaluation import cross_validate_coder, score_coder
from dauys.analyze.learned.features import FeatureConfig, WordKeys, feature_counts, fold_text
from dauys.errors import InputError

GOOD = ["өте жақсы", "керемет", "маган унады", "kushti eken", "рахмет, тамаша", "отлично, супер", "jaqsy boldy"]
BAD = ["нашар", "ұнамады", "жаман, ашылмайды", "ужас, не работает", "qate shyghady", "мүлдем нашар", "плохо"]
NEUTRAL = ["қалай жүктеймін?", "как скачать?", "qashan ashylady?", "қайда табамын?", "где найти?"]
TOPICS = {
    "price": ["бағасы қымбат", "цена высокая", "bagasy arzan", "ақшасы"],
    "delivery": ["жеткізу", "доставка", "курьер кеш келді", "zhetkizu"],
    "": ["қосымша", "ойын", "приложение", "бағдарлама", "дүкен"],
}


def _reviews(n_per_tone: int = 42, tones: tuple[str, ...] = ("positive", "negative")) -> tuple[list[str], list[str]]:
    phrases = {"positive": GOOD, "negative": BAD, "neutral": NEUTRAL}
    topics = list(islice(cycle(TOPICS["price"] + TOPICS["delivery"] + TOPICS[""]), n_per_tone))
    texts, labels = [], []
    for tone in tones:
        for i, (phrase, topic) in enumerate(zip(cycle(phrases[tone]), topics, strict=False)):
            texts.append(f"{topic.capitalize()} {phrase}" if i % 2 else f"{phrase.capitalize()}, {topic}")
            labels.append(tone)
    return texts, labels


def _codes(texts: list[str]) -> list[tuple[str, ...]]:
    return [tuple(code for code in ("delivery", "price") if any(w in text.lower() for w in TOPICS[code]))
            for text in texts]


def _write_csv(path, columns, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


def _read_csv(path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


# -- features ------------------------------------------------------------------------------------------


def test_folding_makes_keyboard_spellings_of_a_word_alike():
    assert fold_text("Жақсы") == fold_text("жаксы") == fold_text("Jaqsy") == fold_text("zhaksyyy") == "жаксы"
    assert fold_text("КҮШТІ!!!") == "кушти!"
    assert fold_text("Салем, как дела?") == "салем, как дела?"


def test_hashed_features_are_the_same_on_every_machine():
    rows, features, counts = feature_counts(["Өте жақсы", "өте жақсы өте"], FeatureConfig(), WordKeys())
    first = features[rows == 0]
    # char 1- to 5-grams of " оте " (3 + 4 + 3 + 2 + 1) and " жаксы " (5 + 6 + 5 + 4 + 3), two words, one bigram
    assert len(first) == 13 + 23 + 3
    # fixed hashes (not Python's salted hash): these buckets must never change without FEATURES_VERSION
    assert first[:3].tolist() == sorted(first.tolist())[:3]
    again = feature_counts(["Өте жақсы"], FeatureConfig(), WordKeys())[1]
    assert again.tolist() == first.tolist()
    assert counts[rows == 1].max() == 2  # "өте" twice in the second text


def test_stems_give_inflected_forms_one_word_feature():
    keys = WordKeys.learn({"жақсысы", "жақсыға", "жақсы"})
    assert keys.keys(["жаксысы", "жаксыга"]) == [fold_text("жақсы")] * 2


# -- the estimator -------------------------------------------------------------------------------------


def test_fit_learns_tone_and_follows_the_estimator_convention():
    texts, labels = _reviews()
    coder = LearnedCoder()
    assert coder.fit(texts, labels) is coder
    assert coder.classes_ == ["negative", "positive"]
    assert coder.get_params()["C"] == 0.05 and coder.set_params(C=0.5).C == 0.5
    assert coder.predict(["Өте жақсы қосымша, рахмет", "Мүлдем нашар, ашылмайды"]) == ["positive", "negative"]
    proba = coder.predict_proba(["керемет ойын", "ужас"])
    assert proba.shape == (2, 2) and np.allclose(proba.sum(axis=1), 1)
    assert proba[0, 1] > 0.5 > proba[1, 1]
    assert coder.n_train_ == len(texts) and len(coder.train_sha256_) == 64


def test_three_tones_and_label_strings_kept_as_they_are():
    texts, labels = _reviews(tones=("positive", "negative", "neutral"))
    renamed = {"positive": "оң (+1)", "negative": "01", "neutral": "бейтарап"}
    coder = LearnedCoder().fit(texts, [renamed[label] for label in labels])
    assert coder.classes_ == ["01", "бейтарап", "оң (+1)"]
    assert coder.predict(["Қалай жүктеймін? ойын", "Керемет, супер ойын", "Нашар, не работает"]) == [
        "бейтарап", "оң (+1)", "01"]


def test_multi_label_codes_each_label_on_its_own():
    texts, _ = _reviews()
    codes = _codes(texts)
    coder = LearnedCoder(multi_label=True, folds=3).fit(texts, codes)
    assert coder.classes_ == ["delivery", "price"]
    assert coder.predict(["Курьер кеш келді, бағасы қымбат", "доставка быстрая", "Жақсы ойын"]) == [
        ("delivery", "price"), ("delivery",), ()]
    assert coder.predict_proba(["ойын"]).shape == (1, 2)


def test_class_prior_moves_probabilities_by_bayes_rule():
    texts, labels = _reviews()
    plain = LearnedCoder(decision="probability").fit(texts, labels)
    shifted = LearnedCoder(decision="probability", class_prior={"positive": 0.9}).fit(texts, labels)
    p, q = plain.predict_proba(["ойын"])[0, 1], shifted.predict_proba(["ойын"])[0, 1]
    # training shares are 50/50, so the odds are multiplied by 0.9 / 0.1
    assert q / (1 - q) == pytest.approx(9 * p / (1 - p))
    with pytest.raises(InputError, match="'pozitive', not labels of this coder"):
        LearnedCoder(class_prior={"pozitive": 0.9}).fit(texts, labels)
    with pytest.raises(InputError, match="add up to 1"):
        LearnedCoder(class_prior={"positive": 0.9, "negative": 0.3}).fit(texts, labels)


@pytest.mark.parametrize(
    ("texts", "labels", "message"),
    [
        (["жақсы", "керемет"] * 5, ["positive"] * 10, "at least two different labels"),
        (["жақсы", "  ", "нашар"] * 5, ["positive", "negative", "negative"] * 5, "empty or not text"),
        (["жақсы", "нашар"], ["positive"], "2 texts but 1 labels"),
        (["жақсы", "нашар"] * 5 + ["ок"], ["positive", "negative"] * 5 + ["neutral"], "'neutral' is on 1 texts"),
    ],
)
def test_fit_refuses_bad_training_data_with_a_message(texts, labels, message):
    with pytest.raises(InputError, match=message):
        LearnedCoder().fit(texts, labels)


def test_cross_validation_and_scoring_count_what_they_say():
    texts, labels = _reviews()
    scores = cross_validate_coder(texts, labels, LearnedCoder(folds=3), folds=3)
    assert scores.n == len(texts) and scores.folds == 3
    assert scores.confusion.to_numpy().sum() == len(texts)
    assert scores.table["support"].tolist() == [42, 42]
    assert scores.macro_f1 > 0.9
    coder = LearnedCoder(folds=3).fit(texts, labels)
    held_out = score_coder(coder, ["Тамаша ойын", "Нашар ойын", "ок"], ["positive", "negative", "neutral"])
    assert held_out.table["label"].tolist() == ["negative", "neutral", "positive"]
    assert held_out.table.set_index("label").loc["neutral", "recall"] == 0


# -- the model file ------------------------------------------------------------------------------------


def test_saved_model_codes_the_same_and_records_where_it_comes_from(tmp_path):
    texts, labels = _reviews()
    coder = LearnedCoder(stems=True, class_prior={"positive": 0.8}).fit(texts, labels)
    path = tmp_path / "tone.model"
    coder.save(path)
    loaded = load_coder(path)
    probe = ["Курьер кеш келді", "керемет ойын", "qate shyghady"]
    assert np.allclose(loaded.predict_proba(probe), coder.predict_proba(probe))
    assert loaded.get_params() == coder.get_params()
    header = storage_module.read_header(path)
    assert header["dauys_version"] and header["train_sha256"] == coder.train_sha256_
    assert header["n_train"] == len(texts) and header["classes"] == ["negative", "positive"]


def test_model_from_another_version_is_refused_or_loaded_with_a_warning(tmp_path, monkeypatch):
    texts, labels = _reviews()
    path = tmp_path / "old.model"
    monkeypatch.setattr(storage_module, "__version__", "0.0.1")
    LearnedCoder(folds=3).fit(texts, labels).save(path)
    monkeypatch.undo()
    with pytest.raises(InputError, match="written by dauys 0.0.1"):
        load_coder(path)
    with pytest.warns(UserWarning, match="written by dauys 0.0.1"):
        assert load_coder(path, allow_other_version=True).classes_ == ["negative", "positive"]
    monkeypatch.setattr(storage_module, "FEATURES_VERSION", 999)
    with pytest.raises(InputError, match="train the model again"):
        load_coder(path, allow_other_version=True)


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    path = tmp_path / "notes.model"
    path.write_text("not a model", encoding="utf-8")
    with pytest.raises(InputError, match="is not a dauys coder model"):
        load_coder(path)
    with pytest.raises(InputError, match="no such model file"):
        load_coder(tmp_path / "missing.model")


def test_applying_a_model_does_not_import_scikit_learn_or_pandas(tmp_path):
    texts, labels = _reviews()
    path = tmp_path / "tone.model"
    LearnedCoder(folds=3).fit(texts, labels).save(path)
    script = (f"import sys\nfrom dauys.analyze.learned.model import LearnedCoder\n"
              f"print(LearnedCoder.load({str(path)!r}).predict(['керемет']))\n"
              "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["['positive']", "[]"]


# -- the commands --------------------------------------------------------------------------------------


@pytest.fixture
def tone_csv(tmp_path):
    texts, labels = _reviews()
    texts[0] = "Өте жақсы,\nқосымша\r\nкеремет"  # line breaks and a comma inside a quoted field
    path = tmp_path / "coded.csv"
    rows = [[f"r{i:03}", text, labels[i], f"нота {i}"] for i, text in enumerate(texts)]
    _write_csv(path, ["id", "text", "tone", "note"], rows)
    return path


def test_train_apply_evaluate_from_the_command_line(cli, tone_csv, tmp_path):
    model = tmp_path / "tone.model"
    result = cli("code", "train", "--input", tone_csv, "--text-col", "text", "--label-col", "tone", "--out", model)
    assert result.exit_code == 0, result.stderr
    assert "from 84 texts" in result.stdout

    new = tmp_path / "new.csv"
    rows = [["n1", "Ойын керемет, рахмет!\nТағы жасаңыздар", "x"], ["n2", "Ужас, мүлдем ашылмайды", ""],
            ["n3", "zhetkizu tez, kushti", "z"]]
    _write_csv(new, ["id", "text", "extra"], rows)
    out = tmp_path / "coded_new.csv"
    result = cli("code", "apply", "--model", model, "--input", new, "--text-col", "text", "--out", out)
    assert result.exit_code == 0, result.stderr
    columns, written = _read_csv(out)
    assert columns == ["id", "text", "extra", "predicted_label", "predicted_confidence"]
    assert [row[:3] for row in written] == rows  # every row, in order, text with its line break intact
    assert [row[3] for row in written] == ["positive", "negative", "positive"]
    assert all(0.5 <= float(row[4]) <= 1 for row in written)

    result = cli("code", "evaluate", "--input", tone_csv, "--label-col", "tone", "--folds", "3")
    assert result.exit_code == 0, result.stderr
    assert "3-fold cross-validation on 84 texts" in result.stdout and "macro-F1" in result.stdout
    assert "confusion" in result.stdout and "precision" in result.stdout

    result = cli("code", "evaluate", "--input", tone_csv, "--label-col", "tone", "--model", model)
    assert result.exit_code == 0, result.stderr
    assert "on 84 texts" in result.stdout


def test_multi_label_commands_with_code_columns_or_one_column_of_sets(cli, tmp_path):
    texts, _ = _reviews()
    codes = _codes(texts)
    by_columns, by_sets = tmp_path / "columns.csv", tmp_path / "sets.csv"
    pairs = list(zip(texts, codes, strict=True))
    _write_csv(by_columns, ["text", "price", "delivery"],
               [[t, "1" if "price" in c else "0", "yes" if "delivery" in c else ""] for t, c in pairs])
    _write_csv(by_sets, ["text", "codes"], [[t, "|".join(c)] for t, c in pairs])
    model_a, model_b = tmp_path / "a.model", tmp_path / "b.model"
    assert cli("code", "train", "-i", by_columns, "--label-col", "price", "--label-col", "delivery",
               "-o", model_a).exit_code == 0
    assert cli("code", "train", "-i", by_sets, "--label-col", "codes", "--multi-label", "-o", model_b).exit_code == 0
    new = tmp_path / "new.csv"
    _write_csv(new, ["text"], [["Курьер кеш келді, бағасы қымбат"], ["Жақсы ойын"]])
    for model in (model_a, model_b):
        out = tmp_path / f"{model.stem}.csv"
        assert cli("code", "apply", "-m", model, "-i", new, "-o", out).exit_code == 0
        columns, rows = _read_csv(out)
        assert columns == ["text", "predicted_label", "predicted_confidence", "p_delivery", "p_price"]
        assert [row[1] for row in rows] == ["delivery|price", ""]
        assert float(rows[0][2]) == pytest.approx(min(float(rows[0][3]), float(rows[0][4])), abs=1e-4)
    result = cli("code", "evaluate", "-i", by_sets, "--label-col", "codes", "--multi-label", "--model", model_a)
    assert result.exit_code == 0 and "tp" in result.stdout


def _fails(result, *phrases):
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    for phrase in phrases:
        assert phrase in message, message


def test_command_errors_are_one_line_and_write_nothing(cli, tone_csv, tmp_path):
    out = tmp_path / "out.model"
    _fails(cli("code", "train", "-i", tone_csv, "--text-col", "body", "--label-col", "tone", "-o", out),
           "has no column 'body'", "its columns are 'id', 'text', 'tone', 'note'")
    _fails(cli("code", "train", "-i", tone_csv, "--label-col", "sentiment", "-o", out), "no column 'sentiment'")
    one_class = tmp_path / "one.csv"
    _write_csv(one_class, ["text", "tone"], [["жақсы", "positive"], ["керемет", "positive"]])
    _fails(cli("code", "train", "-i", one_class, "--label-col", "tone", "-o", out), "at least two different labels")
    empty = tmp_path / "empty.csv"
    _write_csv(empty, ["text", "tone"], [["жақсы", "positive"], ["", "negative"], [" ", "negative"]])
    _fails(cli("code", "train", "-i", empty, "--label-col", "tone", "-o", out), "empty in 2 rows (2, 3")
    _fails(cli("code", "train", "-i", tone_csv, "--label-col", "tone", "--class-prior", "positive", "-o", out),
           "expected LABEL=SHARE")
    assert not out.exists()

    model = tmp_path / "tone.model"
    assert cli("code", "train", "-i", tone_csv, "--label-col", "tone", "-o", model).exit_code == 0
    predictions = tmp_path / "predictions.csv"
    _fails(cli("code", "apply", "-m", model, "-i", empty, "--text-col", "body", "-o", predictions), "no column 'body'")
    _fails(cli("code", "apply", "-m", model, "-i", empty, "-o", predictions), "empty in 2 rows")
    _fails(cli("code", "apply", "-m", tone_csv, "-i", empty, "-o", predictions), "is not a dauys coder model")
    assert not predictions.exists()
    assert not list(tmp_path.glob(".*partial"))


def test_apply_refuses_a_model_from_another_version(cli, tone_csv, tmp_path, monkeypatch):
    texts, labels = _reviews()
    model = tmp_path / "old.model"
    monkeypatch.setattr(storage_module, "__version__", "0.0.1")
    LearnedCoder(folds=3).fit(texts, labels).save(model)
    monkeypatch.undo()
    out = tmp_path / "out.csv"
    _fails(cli("code", "apply", "-m", model, "-i", tone_csv, "-o", out), "written by dauys 0.0.1",
           "--allow-other-version")
    assert not out.exists()
    result = cli("code", "apply", "-m", model, "-i", tone_csv, "-o", out, "--allow-other-version")
    assert result.exit_code == 0 and out.exists()
    assert "warning:" in result.stderr and "written by dauys 0.0.1" in " ".join(result.stderr.split())


# -- accuracy on real reviews (skips without ../shared/data) -------------------------------------------


def test_kazsandra_accuracy_floor():
    """The issue's floor: trained at test time on KazSAnDRA's training file (never shipped), about 15 s.

    Macro-F1 on the whole validation file with the class prior the issue states (82% positive), not tuned
    on the validation file. Without stems, which take 40 s more on 47,902 texts and make no difference
    with this many (cross-validated on the training file: 0.7946 with, 0.7957 without);
    ``bench/coding_bench.py`` prints the figures of the default coder.
    """
    from dauys.analyze.learned.table import read_table

    train = read_table(shared_data("kazsandra", "03_pc_train_rus.csv"))
    valid = read_table(shared_data("kazsandra", "04_pc_valid.csv"))
    coder = LearnedCoder(class_prior={"1": 0.82}, stems=False)
    coder.fit(train.texts("text"), train.labels(["label"], False))
    scores = score_coder(coder, valid.texts("text"), valid.labels(["label"], False))
    assert scores.macro_f1 >= 0.78
