"""Build the Kazakh analyser's shipped data from hunspell-kk and the learning part of UD Kazakh-KTB.

Three files are written into ``dauys/text/lemma/kk/data/``:

``stems.txt`` (from Debian's ``hunspell-kk``, used under MPL-1.1, one of its three licences)
    One stem a line, ``stem<TAB>classes``. hunspell-kk lists about 54,000 words with affix flags that
    are paradigm classes: nominal words (flags A..L), infinitives in -у (flags M..Z, from which the
    verb stem is recovered: жазу -> жаз, оқу -> оқы, шығу -> шық, сүю -> сүй), words without flags
    (mostly nouns in -лық/-шылық) and 395 given names. Classes: ``N`` nominal, ``B`` nominal without
    flags, ``P`` proper name, ``I`` infinitive in -у (a verbal noun), ``V`` verb stem, ``v`` a second,
    less likely verb stem for the same infinitive (кем-у or кемі-у), ``x`` a listed word that is an
    inflected form of another listed stem (the list has шықты, зерттейді, болашағы, барайық).
``ud.txt`` (from UD_Kazakh-KTB, CC BY-SA 4.0)
    ``form<TAB>lemma<TAB>UPOS<TAB>count``: every lowercased word form of the treebank's learning part
    (train plus the dev sentences of the documents not held out for evaluation, see
    ``dauys.text.lemma.kk.lexicon.UD_HELD_OUT_DOCUMENTS``) with its most frequent gold lemma and that
    lemma's most frequent UPOS.
    Punctuation, numbers, symbols and X are left out.
``weights.json`` (learned from the same learning part, CC BY-SA 4.0)
    The analyser's ranking weights: an averaged perceptron over the candidates of each word of the
    learning part, preferring one with the gold lemma (five runs over shuffled data, averaged). Each of
    two parts of the learning data (the narrative book kdt, and everything else) is analysed with the
    treebank lemmas of the other part only, so that the weights learn how far to trust a lexicon
    entry, not the answers themselves.

Run it where the hunspell files have been unpacked (CI never needs the Debian package: the built files
are committed)::

    apt-get download hunspell-kk && dpkg-deb -x hunspell-kk_*.deb /tmp/hunspell-kk
    python tools/build_kk_lexicon.py /tmp/hunspell-kk --ud ../shared/data/ud
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dauys.text.lemma.kk import analyzer  # noqa: E402
from dauys.text.lemma.kk.closed import CLOSED_WORDS  # noqa: E402
from dauys.text.lemma.kk.lexicon import UD_HELD_OUT_DOCUMENTS, Lexicon, add_treebank_forms  # noqa: E402
from dauys.text.lemma.kk.morphotactics import VERBAL, Grammar  # noqa: E402
from dauys.text.lemma.kk.phonology import PLAIN_VOWELS, VOICED_TO_STEM, drops_vowel  # noqa: E402

OUT = ROOT / "dauys" / "text" / "lemma" / "kk" / "data"
# Latin letters that slipped into a few Cyrillic names of the word list (Aманжол, Iсмет, Бейiмбет).
_LATIN_LOOKALIKES = str.maketrans({"a": "а", "A": "А", "i": "і", "I": "І", "e": "е", "o": "о", "c": "с", "p": "р"})
_VOWELS = set("аәеёиоөұүыіэюяу")
_BACK = set("аоұыяё")
_FRONT = set("әөүіеэи")
_DEVOICE = {"ғ": "қ", "г": "к", "б": "п"}
_SKIPPED_UPOS = {"PUNCT", "NUM", "SYM", "X"}
# Verb suffixes that only an inflected verb form has (a converb -а or a negated bare stem can be a noun).
_FINITE = {"PAST", "PRES", "CONV.P", "PTCP.PAST", "PTCP.FUT", "OPT.1SG", "OPT.1PL", "IMP.POL", "IMP.PL", "COND",
           "EVID", "DESID", "CONV.GALY", "VN"}
_VOICE = {"PASS", "REFL", "RCP"}
_FOLD_DOCUMENT = "kdt.tagged.txt"
# Starting weights of the perceptron: how much each kind of lexical evidence is worth before learning.
_INITIAL_WEIGHTS = {
    "lex:ud": 4.0, "lex:ud_verb": 4.0, "lex:pron": 4.0, "lex:place": 4.0, "lex:N": 3.0, "lex:B": 3.0, "lex:P": 3.0,
    "lex:I": 2.0, "lex:V": 3.0, "lex:v": 2.0, "lex:NV": -1.0, "lex:x": 0.5, "lex:derived": 1.5,
    "lex:derived_verb": 1.5, "r:surname": 1.0, "split:inflected": 2.0,
}
_EPOCHS = 15
_SEEDS = 5


def _high_vowel(text: str) -> str:
    for ch in reversed(text):
        if ch in _BACK:
            return "ы"
        if ch in _FRONT:
            return "і"
    return "ы"


def read_hunspell(folder: Path) -> tuple[list[tuple[str, str]], str]:
    """The (word, flags) entries of ``kk_KZ.dic`` found under ``folder`` and the package version."""
    dic = next(folder.rglob("kk_KZ.dic"), None)
    if dic is None:
        raise SystemExit(f"no kk_KZ.dic under {folder}: unpack hunspell-kk there (dpkg-deb -x)")
    entries = []
    for line in dic.read_text(encoding="utf-8-sig").splitlines()[1:]:
        line = line.strip()
        if line:
            word, _, flags = line.partition("/")
            entries.append((word.translate(_LATIN_LOOKALIKES), flags))
    version = "unknown version"
    changelog = next(folder.rglob("changelog.Debian.gz"), None)
    if changelog is not None:
        first = gzip.decompress(changelog.read_bytes()).decode("utf-8").splitlines()[0]
        match = re.match(r"(\S+) \(([^)]+)\)", first)
        if match:
            version = f"{match.group(1)} {match.group(2)}"
    return entries, version


def verb_stems(infinitive: str, listed: set[str]) -> tuple[str, str | None]:
    """The verb stem of an infinitive in -у/-ю and, when the spelling hides it, a second candidate.

    An infinitive such as оқу may come from оқ- or оқы-: the forms the word list has decide (оқиды,
    оқыған speak for оқы-; келеді, келген for кел-), and without them the consonant stem comes first.

    >>> verb_stems("жазу", set()), verb_stems("шығу", set()), verb_stems("сүю", set())
    (('жаз', None), ('шық', None), ('сүй', None))
    >>> verb_stems("оқу", {"оқ", "оқы", "оқиды"}), verb_stems("есту", {"есті"})
    (('оқы', 'оқ'), ('есті', 'ест'))
    """
    base = infinitive[:-1]
    if infinitive.endswith("ю"):
        return (base, None) if base.endswith("и") else (base + "й", None)
    if not base or base[-1] in _VOWELS:
        return base, None
    if base[-1] in _DEVOICE:
        return base[:-1] + _DEVOICE[base[-1]], None
    high = _high_vowel(base)
    extended = base + high
    if extended in listed:
        if base not in listed:
            return extended, base
        low, past, participle, future = ("а", "ды", "ған", "атын") if high == "ы" else ("е", "ді", "ген", "етін")
        for_extended = {base + "и" + past, extended + participle, extended + past, base + "и" + future[1:]}
        for_base = {base + low + past, base + participle, base + past, base + future}
        if len(for_extended & listed) > len(for_base & listed):
            return extended, base
        return base, extended
    if len(base) >= 3 and base[-2] not in _VOWELS and base[-3] in _VOWELS:
        # Stems that drop their last vowel before -у: қорық -> қорқу, ерін -> ерну.
        epenthetic = base[:-1] + high + base[-1]
        if epenthetic in listed and base not in listed:
            return epenthetic, None
    return base, None


def looks_inflected(word: str, classes: dict[str, set[str]], grammar: Grammar) -> bool:
    """Whether a listed word is an inflected form of another listed stem.

    Three kinds are caught: a verb stem with a finite or participial suffix (шықты is not, as қатты
    and ақылды are adjectives more often than verbs, but зерттейді and барайық are; chains with voice
    suffixes are left alone, as жабынды and боранды are nouns); a nominal stem of four letters or more
    whose final consonant is voiced before a suffix (болашағы, академигі: shorter ones such as бұғы,
    шегі are too often words of their own); and a possessive of a vowel-dropping noun (мұрны, орны),
    unless the word is itself a verb stem (толқы).
    """
    for parse in grammar.parses(word):
        tags = [m.tag for surface, m in parse.morphemes if surface]
        if not tags or tags[-1] == "NMLZ":
            continue
        stem = parse.stem
        if parse.kind == VERBAL:
            finite = _FINITE & set(tags) and tags != ["PAST"]
            if len(stem) >= 3 and "V" in classes.get(stem, ()) and finite and not _VOICE & set(tags):
                return True
            continue
        first = next(surface for surface, _ in parse.morphemes if surface)
        if first[0] not in PLAIN_VOWELS:
            continue
        if stem[-1] in VOICED_TO_STEM and len(stem) >= 4:
            if classes.get(stem[:-1] + VOICED_TO_STEM[stem[-1]], set()) & {"N", "B", "P"}:
                return True
        elif tags[0] == "POSS.3" and drops_vowel(stem):
            restored = classes.get(stem[:-1] + _high_vowel(stem) + stem[-1], set())
            if restored & {"N", "B"} and "x" not in restored and "V" not in classes.get(word, ()):
                return True
    return False


def build_stems(entries: list[tuple[str, str]]) -> dict[str, set[str]]:
    """stem -> classes (see the module docstring)."""
    classes: dict[str, set[str]] = defaultdict(set)
    nominal = set()
    infinitives = []
    for word, flags in entries:
        lowered = word.lower()
        if flags.startswith("M"):
            infinitives.append(lowered)
            classes[lowered].add("I")
        elif word[:1].isupper():
            classes[lowered].add("P")
            nominal.add(lowered)
        else:
            classes[lowered].add("N" if flags else "B")
            nominal.add(lowered)
    for infinitive in infinitives:
        primary, secondary = verb_stems(infinitive, nominal)
        classes[primary].add("V")
        if secondary:
            classes[secondary].add("v")
    for stem in list(classes):
        if "V" in classes[stem]:
            classes[stem].discard("v")
        if len(stem) < 2:
            del classes[stem]
    grammar = Grammar()
    inflected = [stem for stem, c in classes.items() if c & {"N", "B"} and looks_inflected(stem, classes, grammar)]
    for stem in inflected:
        classes[stem].add("x")
    return classes


def read_conllu(path: Path) -> list[tuple[str, list[list[str]]]]:
    """(sent_id, syntactic words) for each sentence; multiword-token lines and empty nodes skipped."""
    sentences = []
    sent_id = ""
    words: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# sent_id"):
            sent_id = line.split("=", 1)[1].strip()
        elif not line.strip():
            if words:
                sentences.append((sent_id, words))
            words = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "-" not in cols[0] and "." not in cols[0]:
                words.append(cols)
    if words:
        sentences.append((sent_id, words))
    return sentences


def learning_sentences(ud: Path) -> list[tuple[str, list[list[str]]]]:
    """Sentences of train and of the dev documents that are not held out."""
    sentences = []
    for name in ("kk_ktb-train.conllu", "kk_ktb-dev.conllu"):
        path = ud / name
        if not path.exists():
            raise SystemExit(f"{path} is missing: pass --ud with the folder of the UD Kazakh files")
        sentences += [s for s in read_conllu(path) if s[0].split(":", 1)[0] not in UD_HELD_OUT_DOCUMENTS]
    return sentences


def _plain(text: str) -> str:
    return text.lower().replace("ё", "е")


def ud_forms(sentences: list[tuple[str, list[list[str]]]]) -> list[tuple[str, str, str, int]]:
    """(form, lemma, UPOS, count): each lowercased form with its most frequent gold lemma and UPOS."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for _, words in sentences:
        for cols in words:
            form, lemma, upos = cols[1], cols[2], cols[3]
            if upos in _SKIPPED_UPOS:
                continue
            lemma = lemma.replace("ё", "е") if upos == "PROPN" else _plain(lemma)
            counts[_plain(form)][(lemma, upos)] += 1
    rows = []
    for form, choices in sorted(counts.items()):
        by_lemma: Counter = Counter()
        for (lemma, _), n in choices.items():
            by_lemma[lemma] += n
        lemma = by_lemma.most_common(1)[0][0]
        upos = max((n, u) for (lem, u), n in choices.items() if lem == lemma)[1]
        rows.append((form, lemma, upos, sum(choices.values())))
    return rows


def _examples(sentences, lexicon: Lexicon) -> list[tuple[str, list[tuple[str, tuple[str, ...]]]]]:
    """(gold lemma, candidates as (lemma, features)) for each word the analyser has to rank."""
    examples = []
    for _, words in sentences:
        initial = True
        for cols in words:
            if cols[3] in _SKIPPED_UPOS:
                initial = initial and cols[3] == "PUNCT"
                continue
            word = _plain(cols[1])
            capitalised = cols[1][:1].isupper() and not initial
            initial = False
            if word in CLOSED_WORDS or "-" in word or " " in word:
                continue
            listed = analyzer.word_status(word, lexicon)
            candidates = []
            for parse in analyzer.parses_of(word, capitalised):
                for stem, restoration in analyzer.stem_variants(parse, capitalised, lexicon):
                    features, _ = analyzer.candidate_features(parse, stem, restoration, capitalised, lexicon, listed)
                    candidates.append((stem, features))
            gold = _plain(cols[2])
            if any(stem == gold for stem, _ in candidates):
                examples.append((gold, candidates))
    return examples


def _best(weights: dict[str, float], candidates: list[tuple[str, tuple[str, ...]]]) -> tuple[str, tuple[str, ...]]:
    """The candidate the analyser would choose (the first of the highest score)."""
    best_score = None
    best = candidates[0]
    for candidate in candidates:
        score = sum(weights.get(name, 0.0) for name in candidate[1])
        if best_score is None or score > best_score:
            best_score, best = score, candidate
    return best


def train_weights(examples, epochs: int = _EPOCHS, seed: int = 0) -> dict[str, float]:
    """Averaged perceptron: move weight from the chosen wrong candidate to the best gold one."""
    weights = dict(_INITIAL_WEIGHTS)
    totals: Counter = Counter()
    stamps: Counter = Counter()
    step = 0
    order = list(examples)
    shuffle = random.Random(seed).shuffle

    def bump(name: str, delta: float) -> None:
        totals[name] += (step - stamps[name]) * weights.get(name, 0.0)
        stamps[name] = step
        weights[name] = weights.get(name, 0.0) + delta

    for _ in range(epochs):
        shuffle(order)
        for gold, candidates in order:
            step += 1
            chosen = _best(weights, candidates)
            if chosen[0] == gold:
                continue
            right = _best(weights, [c for c in candidates if c[0] == gold])
            for name in right[1]:
                bump(name, 1.0)
            for name in chosen[1]:
                bump(name, -1.0)
    averaged = {}
    for name, value in weights.items():
        totals[name] += (step - stamps[name]) * value
        averaged[name] = round(totals[name] / max(step, 1), 3)
    return {name: value for name, value in sorted(averaged.items()) if value}


def averaged_weights(examples, seeds: int = _SEEDS) -> dict[str, float]:
    """The perceptron's weights averaged over several orders of the examples (steadier than one run)."""
    totals: Counter = Counter()
    for seed in range(seeds):
        for name, value in train_weights(examples, seed=seed).items():
            totals[name] += value / seeds
    return {name: round(value, 3) for name, value in sorted(totals.items()) if round(value, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("hunspell", type=Path, help="folder where hunspell-kk was unpacked (holds kk_KZ.dic)")
    parser.add_argument("--ud", type=Path, default=ROOT.parent / "shared" / "data" / "ud",
                        help="folder with kk_ktb-train.conllu and kk_ktb-dev.conllu")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write stems.txt, ud.txt and weights.json")
    args = parser.parse_args(argv)

    entries, version = read_hunspell(args.hunspell)
    classes = build_stems(entries)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "stems.txt").open("w", encoding="utf-8", newline="\n") as out:
        out.write(f"# Kazakh stems derived from hunspell-kk ({version}), kk_KZ.dic; licence MPL-1.1\n")
        out.write("# (hunspell-kk is GPL-2+ or LGPL-2.1+ or MPL-1.1+). Built by tools/build_kk_lexicon.py.\n")
        out.write("# stem<TAB>classes: N nominal, B nominal without flags, P proper name, I infinitive in -у,\n")
        out.write("# V verb stem, v second verb stem candidate, x inflected form of another listed stem.\n")
        for stem in sorted(classes):
            out.write(f"{stem}\t{''.join(sorted(classes[stem]))}\n")

    sentences = learning_sentences(args.ud)
    rows = ud_forms(sentences)
    with (args.out / "ud.txt").open("w", encoding="utf-8", newline="\n") as out:
        out.write("# Word forms with gold lemma and UPOS from UD_Kazakh-KTB (train and the learning part of dev);\n")
        out.write("# licence CC BY-SA 4.0. Built by tools/build_kk_lexicon.py.\n")
        out.write("# form<TAB>lemma<TAB>UPOS<TAB>count\n")
        for form, lemma, upos, count in rows:
            out.write(f"{form}\t{lemma}\t{upos}\t{count}\n")

    stems = {stem: "".join(sorted(c)) for stem, c in classes.items()}
    book = [s for s in sentences if s[0].split(":", 1)[0] == _FOLD_DOCUMENT]
    rest = [s for s in sentences if s[0].split(":", 1)[0] != _FOLD_DOCUMENT]
    examples = []
    for part, other in ((book, rest), (rest, book)):
        lexicon = Lexicon(stems=stems)
        add_treebank_forms(lexicon, ud_forms(other))
        examples += _examples(part, lexicon)
    weights = averaged_weights(examples)
    (args.out / "weights.json").write_text(json.dumps(weights, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(classes)} stems from hunspell-kk ({version}), {sum('x' in c for c in classes.values())} marked "
          f"inflected; {len(rows)} UD word forms; {len(weights)} weights from {len(examples)} words -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
