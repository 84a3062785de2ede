"""Russian lemmas: UD conventions, choices made from context, and accuracy floors on the UD dev files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import shared_data

from dauys.text.lemma import ru

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.eval_lemmas_api import half_of, read_conllu  # noqa: E402


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (
            ["В", "2020", "г.", "во", "всех", "городах", "прошли", "выборы"],
            ["в", "2020", "год", "во", "весь", "город", "пройти", "выборы"],
        ),
        (["Прочитанная", "книга", "лежала", "на", "столе"], ["прочитать", "книга", "лежать", "на", "стол"]),
        (["Читая", "книгу", ",", "он", "уснул"], ["читать", "книга", ",", "он", "уснуть"]),
        (["Она", "должна", "прийти"], ["она", "должен", "прийти"]),
        (["лучших", "студентов"], ["лучший", "студент"]),
        (["Зимой", "здесь", "очень", "холодно"], ["зима", "здесь", "очень", "холодный"]),
        (["знанье", "–", "сила"], ["знанье", "–", "сила"]),
        (["и", "т.", "д."], ["и", "так", "далее"]),
    ],
)
def test_ud_conventions(tokens, expected):
    assert ru.lemmatize(tokens) == expected


def test_initials_stress_marks_and_names():
    assert ru.lemmatize(["Ф.", "М.", "Достоевский", "родился", "в", "Москве"]) == [
        "ф",
        "м",
        "Достоевский",
        "родиться",
        "в",
        "Москва",
    ]
    assert ru.lemmatize(["И́горь", "пришёл"]) == ["Игорь", "прийти"]
    assert ru.lemmatize(["Мария", "Ивановна"])[1].lower() == "ивановна"


def test_possessive_or_personal_pronoun_from_the_next_word():
    assert ru.lemmatize(["их", "дети", "играют"])[0] == "их"
    assert ru.lemmatize(["я", "вижу", "их"])[2] == "они"
    assert ru.lemmatize(["Я", "видел", "его", "вчера"])[2] == "он"
    assert ru.lemmatize(["Они", "поняли", "его", "слова"])[2] == "его"


def test_ambiguous_forms_settled_by_context():
    assert ru.lemmatize(["Они", "стали", "лучше", "понимать"])[1] == "стать"
    assert ru.lemmatize(["изделия", "из", "стали"])[2] == "сталь"
    assert ru.lemmatize(["У", "меня", "есть", "время"])[2] == "быть"
    assert ru.lemmatize(["Ничего", "не", "вижу"])[0] == "ничто"


def test_lowercased_pipeline_tokens_social_media_and_odd_input():
    assert ru.lemmatize(["зимой", "в", "городах"]) == ["зима", "в", "город"]
    assert ru.lemmatize(["#сочи", "даааа"]) == ["#сочи", "да"]
    assert ru.lemmatize(["covid-19", "!!!", "42"]) == ["covid-19", "!!!", "42"]
    assert ru.lemmatize([]) == []
    assert all(ru.lemmatize(["ъъъ", "ь", "-"]))


def test_candidates_and_known_forms():
    lemmas = [lemma for lemma, _, _ in ru.lemma_candidates("стали")]
    assert lemmas[0] == "стать" and "сталь" in lemmas
    assert all(0 < prior <= 1 for _, _, prior in ru.lemma_candidates("стали"))
    assert ru.is_known_form("ещё") and ru.is_known_form("еще") and ru.is_known_form("Стали")
    assert not ru.is_known_form("клааас") and not ru.is_known_form("house")


def _accuracy(path: Path) -> dict[str, float]:
    sentences = read_conllu(path)
    hits = {"A": [0, 0], "B": [0, 0]}
    for (_, _, rows), half in zip(sentences, half_of(sentences), strict=True):
        for row, lemma in zip(rows, ru.lemmatize([r[1] for r in rows]), strict=True):
            if row[3] not in ("PUNCT", "NUM", "SYM", "X"):
                hits[half][0] += lemma.lower().replace("ё", "е") == row[2].lower().replace("ё", "е")
                hits[half][1] += 1
    whole = (hits["A"][0] + hits["B"][0]) / (hits["A"][1] + hits["B"][1])
    return {"whole": whole, "held_out": hits["B"][0] / hits["B"][1]}


@pytest.mark.parametrize(
    ("name", "whole", "held_out"),
    [("ru_gsd-ud-dev.conllu", 0.967, 0.963), ("ru_taiga-ud-dev.conllu", 0.962, 0.959)],
)
def test_accuracy_floor_on_ud_dev(name, whole, held_out):
    accuracy = _accuracy(shared_data("ud", name))
    assert accuracy["whole"] >= whole
    assert accuracy["held_out"] >= held_out


@pytest.mark.parametrize(
    "tokens",
    [
        [",", "Они", "стали", "лучше"], ["его", "слова", "понятны"], ["и", "т.", "д."], ["ничего", "не", "знаю"],
        ["Читая", "книгу", ",", "он", "уснул"], ["мыла", "раму"], ["клааасс"],
    ],
)
def test_lemma_at_is_the_lemma_in_the_sentence(tokens):
    assert [ru.lemma_at(tokens, k) for k in range(len(tokens))] == ru.lemmatize(tokens)
