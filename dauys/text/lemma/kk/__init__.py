"""Kazakh lemmas, stems and morphological analyses: dauys's own analyser.

A word is peeled right to left by a finite-state model of Kazakh morphotactics (plural, possessive,
case, predicative person; voice, negation, tense, participles, converbs, mood and person of verbs),
with vowel harmony, consonant assimilation and stem alternations (кітабы -> кітап, халқы -> халық,
тауып -> тап). Candidate stems are checked against a lexicon of about 55,000 stems derived from
hunspell-kk and the lemmas of the learning part of the Kazakh UD treebank, and ranked by weights
learned on that treebank; unknown stems are guessed from the most plausible suffix chain.

Lemmas follow the conventions of UD Kazakh-KTB: verbs have their bare stem without voice suffixes
(болады -> бол, енгізілген -> енгіз, соғыса -> соқ), pronouns their nominative (маған -> мен, мұнда ->
бұл), derivational suffixes stay (бейбітшілікті -> бейбітшілік) but the attributive -дағы and the
similative -дай go (өңірдегі -> өңір), proper nouns keep their capital, the copula's forms have ``е``
and numbers lose their endings (55-ші -> 55).

>>> lemmatize(["Қазақстан", "осы", "өңірдегі", "бейбітшілікті", "қолдайды", "."])
['Қазақстан', 'осы', 'өңір', 'бейбітшілік', 'қолда', '.']
>>> stem("енгізілген")
'енгізіл'
>>> analyze("кітабымызда")[0].lemma
'кітап'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from dauys.text.lemma.kk.analyzer import (
    GRAMMAR,
    Analysis,
    analyze_word,
    best_candidate,
    best_lemma,
    is_listed,
    stem_evidence,
    stem_variants,
)
from dauys.text.lemma.kk.closed import CLOSED_WORDS, PLACE_NAMES
from dauys.text.lemma.kk.lexicon import UD_HELD_OUT_DOCUMENTS, load_lexicon
from dauys.text.lemma.kk.morphotactics import VERBAL, Parse

__all__ = ["Analysis", "UD_HELD_OUT_DOCUMENTS", "analyze", "is_known_form", "lemmatize", "stem"]

_NUMBER_WITH_ENDING = re.compile(r"^(\d[\d.,]*)[-‐‑–]\w+$")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_START = frozenset({".", "!", "?", "…", "-", "–", "—", "«", "»", '"', "“", "”", ":", "(", ")", "'"})
_CLITICS_AFTER_HYPHEN = frozenset({"ақ", "ау", "ай", "ей", "мыс", "міс", "ғой", "да", "де", "та", "те", "ды", "ді"})
# Multiword tokens of the treebank whose last word is an auxiliary: көрген емеспін -> көр.
_AUXILIARY_TAILS = frozenset({"жоқ"})
_VOICE_TAGS = frozenset({"PASS", "REFL", "RCP"})
# Auxiliaries after a converb in -а/-е/-й: ability (ала алмайды) and progressive (келе жатыр).
_CONVERB_AUXILIARIES = frozenset({"ал", "жат"})


def _plain(token: str) -> str:
    return unicodedata.normalize("NFC", token).replace("ё", "е").replace("Ё", "Е")


@lru_cache(maxsize=1 << 18)
def _word_lemma(word: str, capitalised: bool) -> tuple[str, str]:
    """(lemma, UPOS) of one lowercase word (hyphens and spaces inside handled)."""
    lexicon = load_lexicon()
    known = lexicon.forms.get(word)
    if known is not None:
        return known.lemma, known.upos
    closed = CLOSED_WORDS.get(word)
    if closed is not None:
        return closed
    if " " in word:
        parts = word.split()
        tail = CLOSED_WORDS.get(parts[-1])
        if parts[-1] in _AUXILIARY_TAILS or (tail is not None and tail[0] == "е"):
            return _word_lemma(" ".join(parts[:-1]), capitalised)
        lemma, upos = _word_lemma(parts[-1], capitalised)
        head = " ".join(parts[:-1])
        return (head + lemma if head in {"еш", "әр", "кей", "бір"} else f"{head} {lemma}"), upos
    if "-" in word and word.strip("-"):
        return _hyphenated_lemma(word.strip("-"), capitalised)
    return best_lemma(word, capitalised)


def _hyphenated_lemma(word: str, capitalised: bool) -> tuple[str, str]:
    if "-" not in word:
        return _word_lemma(word, capitalised)
    head, _, tail = word.rpartition("-")
    if tail in _CLITICS_AFTER_HYPHEN:
        return _word_lemma(head, capitalised)
    if GRAMMAR.is_ending(tail):
        return head, "PROPN" if capitalised else "NOUN"  # КСРО-дағы, АҚШ-пен
    tail_lemma, upos = _word_lemma(tail, False)
    head_lemma, _ = _word_lemma(head, capitalised)
    if head_lemma == tail_lemma:
        # өзін-өзі -> өз, but бір-бірімен -> бір-бір: an uninflected first half stays
        return (f"{head}-{tail_lemma}" if head == head_lemma else tail_lemma), upos
    if head.endswith(("п", "м")) and len(head) >= 2 and tail.startswith(head[:-1]):
        return tail_lemma, upos  # тап-таза, қап-қара
    return f"{head}-{tail_lemma}", upos


def _cased(lemma: str, upos: str, token: str, capitalised: bool) -> str:
    """The lemma lowercased, or with the capitals of a proper noun (the treebank's spelling if known)."""
    lexicon = load_lexicon()
    spelled = lexicon.lemma_spelling.get(lemma.lower())
    if spelled is not None:
        return spelled
    proper = upos == "PROPN" or lemma in PLACE_NAMES or "P" in lexicon.stem_classes(lemma)
    if not proper and not (capitalised and not lexicon.stem_classes(lemma) and lemma not in lexicon.lemmas):
        return lemma
    plain = _plain(token)
    if plain.lower().startswith(lemma):
        return plain[: len(lemma)] if plain[:1].isupper() else lemma[:1].upper() + lemma[1:]
    return lemma[:1].upper() + lemma[1:]


def lemmatize(tokens: list[str]) -> list[str]:
    """One lemma per token of one sentence, in the conventions of UD Kazakh-KTB; never empty.

    Punctuation and numbers come back as they are (a number loses its ending: ``55-ші`` -> ``55``),
    hashtags lowercased and whole;
    lemmas are lowercase except for proper nouns, which keep their capitals (``Қазақстанға`` ->
    ``Қазақстан``). A capitalised word is taken for a proper noun unless it opens the sentence or is a
    word of more than four letters written in capitals.

    >>> lemmatize(["Біздің", "елде", "сізге", "ерекше", "құрметпен", "қарайды"])
    ['біз', 'ел', 'сіз', 'ерекше', 'құрмет', 'қара']
    """
    lemmas = []
    initial = True
    for token in tokens:
        lemma, opens = _token_lemma(token, initial)
        lemmas.append(lemma)
        initial = initial and opens
    for i in range(len(tokens) - 1):
        if lemmas[i + 1] in _CONVERB_AUXILIARIES:
            lemmas[i] = _converb_lemma(_plain(tokens[i]).strip().lower()) or lemmas[i]
    return lemmas


@lru_cache(maxsize=1 << 18)
def _token_lemma(token: str, initial: bool) -> tuple[str, bool]:
    """The lemma of one token (``initial``: nothing but punctuation before it in the sentence), and
    whether the token is punctuation that may open a sentence (so the next word is still initial)."""
    plain = _plain(token).strip()
    if not _HAS_LETTER.search(plain):
        return token, plain in _SENTENCE_START
    number = _NUMBER_WITH_ENDING.match(plain)
    if number:
        return number.group(1), False  # 55-ші -> 55
    if plain.startswith("#"):
        return plain.lower(), False  # hashtags stay whole
    # A capital inside the sentence marks a name; a word in capitals longer than an acronym is shouting.
    capitalised = plain[:1].isupper() and not initial and not (plain.isupper() and len(plain) > 4)
    lemma, upos = _word_lemma(plain.lower(), capitalised)
    return _cased(lemma, upos, plain, capitalised) or token, False


def _converb_lemma(word: str) -> str | None:
    """The verb of a converb in -а/-е/-й before ал- or жат- (ала алмады -> ал, келе жатыр -> кел).

    Only a word read out of context as something other than a verb changes, and only to a known verb
    stem with nothing but the converb suffix (бала алды stays "бала").
    """
    lexicon = load_lexicon()
    if _word_lemma(word, False)[1] in ("VERB", "AUX"):
        return None
    for analysis in analyze_word(word):
        tags = [tag for _, tag in analysis.morphemes[1:]]
        if tags == ["CONV.A"] and analysis.upos == "VERB":
            evidence, _ = stem_evidence(analysis.lemma, VERBAL, False, lexicon)
            if not evidence[-1].startswith(("unk:", "lex:derived")):
                return analysis.lemma
    return None


def analyze(word: str) -> list[Analysis]:
    """Ranked morphological analyses of one word: lemma, UPOS, UD features and morphemes.

    The first analysis is the one :func:`lemmatize` would choose for a plain word (no hyphen or space
    inside) out of context; a word with a capital is read as a name could be.

    >>> best = analyze("мектептерімізде")[0]
    >>> best.lemma, best.upos, best.feats["Case"], best.morphemes[1:]
    ('мектеп', 'NOUN', 'Loc', (('тер', 'PL'), ('іміз', 'POSS.1PL'), ('де', 'LOC')))
    """
    plain = _plain(word).strip()
    lowered = plain.lower()
    analyses = list(analyze_word(lowered, plain[:1].isupper()))
    known = load_lexicon().forms.get(lowered)
    if known is not None:
        position = next((i for i, a in enumerate(analyses) if a.lemma == known.lemma.lower()), None)
        top = analyses[0].score if analyses else 0.0
        if position is None:
            analyses.insert(0, Analysis(known.lemma, known.upos, {}, ((lowered, "STEM"),), top + 1.0))
        else:
            chosen = analyses.pop(position)
            analyses.insert(0, Analysis(chosen.lemma, known.upos, chosen.feats, chosen.morphemes, top + 1.0))
    if not analyses:
        analyses.append(Analysis(lowered, "X", {}, ((lowered, "STEM"),), 0.0))
    return analyses


def best_score(word: str) -> float:
    """The score of :func:`analyze`'s first analysis of ``word``, without building the analyses (the
    normaliser weighs spellings by it; the best parse is cached for the lemmatiser, which needs it next)."""
    plain = _plain(word).strip()
    lowered = plain.lower()
    if lowered in CLOSED_WORDS:
        top: float | None = 100.0
    else:
        best = best_candidate(lowered, plain[:1].isupper())
        top = None if best is None else round(best[0], 3)
    if lowered in load_lexicon().forms:
        return (top or 0.0) + 1.0
    return 0.0 if top is None else top


def stem(word: str) -> str:
    """The stem of a word: inflection stripped, derivation kept (voice suffixes of verbs included).

    Stems group the forms of one word for search and counting; unlike lemmas they keep the passive,
    reflexive and reciprocal (``енгізілген`` -> ``енгізіл``, ``жазылды`` -> ``жазыл``).

    >>> stem("мектептерімізде"), stem("жазылды")
    ('мектеп', 'жазыл')
    """
    best = analyze(word)[0]
    voice = "".join(surface for surface, tag in best.morphemes[1:] if tag in _VOICE_TAGS)
    return best.lemma.lower() + voice


@lru_cache(maxsize=1 << 16)
def is_known_form(word: str) -> bool:
    """Whether ``word`` is a form of a stem the lexicons know (not a guess about an unknown stem).

    A cheap check for normalisers that restore Kazakh letters typed with Russian ones: ``күшті`` is
    known, ``кушти`` is not.

    >>> is_known_form("күшті"), is_known_form("кушти")
    (True, False)
    """
    word = _plain(word).strip().lower()
    lexicon = load_lexicon()
    if word in lexicon.forms or word in CLOSED_WORDS or word in lexicon.stems:
        return True
    return any(parse_is_known(parse) for parse in GRAMMAR.parses(word, False))  # the lemmatiser's call, cached


def parse_is_known(parse: Parse) -> bool:
    """Whether the stem of a parse (or one of its restored spellings) is vouched for by the lexicons."""
    lexicon = load_lexicon()
    for candidate, _ in stem_variants(parse, False, lexicon):
        if not is_listed(candidate, lexicon):
            continue  # a guess at best
        evidence, _ = stem_evidence(candidate, parse.kind, False, lexicon)
        if any(not f.startswith(("unk:", "lex:derived")) for f in evidence):
            return True
    return False
