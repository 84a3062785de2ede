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
        (["it", "'s", "always", "been", "fun"], ["it", "have", "always", "be", "fun"]),
        (["the", "food", "'s", "okay"], ["the", "food", "be", "okay"]),
        (["Maybe", "he", "does", "n't"], ["maybe", "he", "do", "not"]),
        (["WILL", "SOMEONE", "HELP", "ME"], ["will", "someone", "help", "I"]),
    ],
)
def test_pronouns_and_clitics(tokens, expected):
    assert en.lemmatize(tokens) == expected


def test_ing_and_ed_forms_from_context():
    assert en.lemmatize(["We", "were", "thinking", "about", "the", "following", "meetings", "."]) == [
        "we",
        "be",
        "think",
        "about",
        "the",
        "follow",
        "meeting",
        ".",
    ]
    assert en.lemmatize(["They", "have", "located", "it"])[2] == "locate"
    assert en.lemmatize(["a", "very", "interested", "reader"])[2] == "interested"


@pytest.mark.parametrize(
    ("tokens", "index", "expected"),
    [
        (["Thanks", "for", "fixing", "my", "garage"], 2, "fix"),  # a gerund after a preposition
        (["See", "the", "attached", "file"], 2, "attach"),  # a participle before its noun
        (["We", "had", "a", "meeting", "."], 3, "meeting"),  # a noun after a determiner
        (["affordable", "housing", "units"], 1, "housing"),
        (["He", "is", "building", "the", "house"], 2, "build"),
        (["Making", "sense"], 0, "make"),
        (["I", "am", "interested", "in", "it"], 2, "interested"),
        (["the", "view", "was", "amazing"], 3, "amazing"),
        (["I", "was", "surprised", "by", "the", "news"], 2, "surprise"),  # passive with an agent
        (["they", "qualified", "for", "it"], 1, "qualify"),
        (["He", "added", "a", "note"], 1, "add"),  # not "ad"
        (["They", "were", "travelling"], 2, "travel"),
        (["I", "mixed", "it"], 1, "mix"),
        (["I", "won", "a", "prize"], 1, "win"),
        (["a", "thought", "."], 1, "thought"),
        (["it", "has", "gone"], 2, "go"),
        (["the", "pizza", "is", "long", "gone"], 4, "gone"),
    ],
)
def test_ing_ed_and_irregular_forms(tokens, index, expected):
    assert en.lemmatize(tokens)[index] == expected


def test_plural_names_numbers_and_plural_nouns():
    assert en.lemmatize(["the", "Palestinians", "and", "Israelis"]) == ["the", "Palestinian", "and", "Israeli"]
    assert en.lemmatize(["Americans", "love", "it"])[0] == "American"
    assert en.lemmatize(["The", "United", "States"])[1] == "United"
    assert en.lemmatize(["in", "the", "1990s", "and", "the", "70's", ",", "the", "5th"]) == [
        "in", "the", "1990s", "and", "the", "70s", ",", "the", "5th",
    ]
    assert en.lemmatize(["the", "troops", "and", "some", "weed"]) == ["the", "troops", "and", "some", "weed"]
    assert en.lemmatize(["at", "least", "we", "can", "do", "better"]) == ["at", "least", "we", "can", "do", "well"]
    assert en.lemmatize(["on", "Nov", "5", ",", "5", "yrs", "ago"]) == ["on", "November", "5", ",", "5", "year", "ago"]


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
    # Reached: 0.9859 on the whole file, 0.9821 on half B, which the word lists were not checked against.
    assert (hits["A"][0] + hits["B"][0]) / (hits["A"][1] + hits["B"][1]) >= 0.985
    assert hits["B"][0] / hits["B"][1] >= 0.981
