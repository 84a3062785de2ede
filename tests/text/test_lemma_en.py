"""English lemmas: UD EWT conventions, context rules, and an accuracy floor on the EWT dev file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import shared_data

from dauys.text.lemma import en

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.eval_lemmas_api import half_of, read_conllu  # noqa: E402


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["It", "'s", "her", "book", ",", "not", "mine"], ["it", "be", "her", "book", ",", "not", "my"]),
        (["I", "gave", "her", "the", "keys"], ["I", "give", "she", "the", "key"]),
        (["Let", "'s", "go"], ["let", "we", "go"]),
        (["John", "'s", "car"], ["John", "'s", "car"]),
        (["I", "'d", "like", "it"], ["I", "would", "like", "it"]),
        (["I", "'d", "been", "there"], ["I", "have", "be", "there"]),
        (["I", "ca", "n't", "stay"], ["I", "can", "not", "stay"]),
        (["me", "and", "them"], ["I", "and", "they"]),
    ],
)
def test_pronouns_and_clitics(tokens, expected):
    assert en.lemmatize(tokens) == expected


def test_ing_and_ed_forms_from_context():
    assert en.lemmatize(["We", "were", "thinking", "about", "the", "following", "meetings"]) == [
        "we",
        "be",
        "think",
        "about",
        "the",
        "following",
        "meeting",
    ]
    assert en.lemmatize(["They", "have", "located", "it"])[2] == "locate"
    assert en.lemmatize(["a", "very", "interested", "reader"])[2] == "interested"


def test_names_acronyms_and_web_spellings():
    assert en.lemmatize(["The", "US", "and", "the", "ISS"]) == ["the", "US", "and", "the", "ISS"]
    assert en.lemmatize(["u", "r", "so", "cool"]) == ["you", "be", "so", "cool"]
    assert en.lemmatize(["Meet", "at", "5", "pm"])[3] == "p.m."
    assert en.lemmatize(["send", "an", "e-mail"])[2] == "e-mail"
    assert en.lemmatize([]) == []
    assert all(en.lemmatize(["!!!", "42", "ok"]))


def test_known_forms():
    assert en.is_known_form("houses") and en.is_known_form("Houses")
    assert not en.is_known_form("жол") and not en.is_known_form("")


def test_accuracy_floor_on_ud_dev():
    sentences = read_conllu(shared_data("ud", "en_ewt-ud-dev.conllu"))
    hits = {"A": [0, 0], "B": [0, 0]}
    for (_, _, rows), half in zip(sentences, half_of(sentences), strict=True):
        for row, lemma in zip(rows, en.lemmatize([r[1] for r in rows]), strict=True):
            if row[3] not in ("PUNCT", "NUM", "SYM", "X"):
                hits[half][0] += lemma.lower() == row[2].lower()
                hits[half][1] += 1
    assert (hits["A"][0] + hits["B"][0]) / (hits["A"][1] + hits["B"][1]) >= 0.972
    assert hits["B"][0] / hits["B"][1] >= 0.971
