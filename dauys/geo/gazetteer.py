"""A gazetteer of Kazakhstan: the 20 units of the 2022 division and the towns that can be placed reliably.

The shipped file ``dauys/data/geo/places.csv`` has one row per place (columns ``key, kind, region, lat,
lon, en, ru, kk, other, context_names, source``; ``other`` and ``context_names`` hold names separated by
``;``). A user's file in the same layout adds places or replaces shipped ones with the same key; only
``kind``, ``region`` (a code such as ``KZ-47`` or a name :func:`dauys.geo.regions.match_admin1` maps to one
unit) and one of ``en``/``ru``/``kk``/``other`` are required.

Every name is indexed with its inflected forms:

- Kazakh: the case forms (locative Жаңаөзенде, ablative Ақтөбеден, dative Алматыға, genitive,
  accusative, instrumental, the attributive -дағы and the demonym -лық/-лік with its plural), with vowel
  harmony and the consonant alternations of the suffixes as in :mod:`dauys.text.lemma.kk.phonology`;
  for names ending in облысы/қаласы the possessive forms (облысында, облысынан, ...);
- Russian: singular case forms from pymorphy3's dictionary for the names it knows as place names
  (Караганде, Павлодаре), else by the endings of the name (в Жанаозене, Шымкенте, Алматинской области);
  names ending in о, е, и, ы, у, э, ю (Алматы, Актобе, Атырау) are indeclinable and stay as they are;
- English and other Latin names as written, and the Kazakh forms in Latin letters (Almatyda, Aqtobeden,
  Jañaözende) through a folding that ignores the differences between the Latin alphabets.

Matching folds Kazakh letters onto their Russian neighbours (ә -> а, қ -> к, ң -> н, ө -> о, ...) so that
Kazakh typed with Russian letters (Жанаозенде, Актобеден) matches too. In :meth:`Gazetteer.find` a match
must start with a capital letter (the names include common words: орал "return", арал "island", есік
"door", семей "of families"), and names listed in ``context_names`` (Абай, Сатпаев, Aral, ...) count only
next to a settlement word (қаласы, ауылы, город, г., city, town).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from dauys.errors import InputError
from dauys.geo.regions import REGIONS, match_admin1
from dauys.text.lemma.kk.phonology import FRONT, harmony_of

__all__ = ["PLACES_FILE", "Gazetteer", "Place", "fold_token", "kazakh_case_forms", "load_gazetteer",
           "russian_case_forms"]

PLACES_FILE = Path(str(files("dauys.data.geo") / "places.csv"))
KINDS = ("region", "city", "town", "village", "district")
COLUMNS = ("key", "kind", "region", "lat", "lon", "en", "ru", "kk", "other", "context_names", "source")


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer: names by language ("en", "ru", "kk"), kind, 2022 region code, centre
    coordinates (WGS 84, None when not known reliably) and the source of its placement."""

    key: str
    names: dict[str, str]
    kind: str
    region: str
    lat: float | None
    lon: float | None
    source: str
    other_names: tuple[str, ...] = field(default=(), compare=False)
    context_names: tuple[str, ...] = field(default=(), compare=False)

    def name(self, lang: str = "en") -> str:
        """The place's name in ``lang``, falling back to English, Russian, Kazakh."""
        for key in (lang, "en", "ru", "kk"):
            if self.names.get(key):
                return self.names[key]
        return self.key


# ---------------------------------------------------------------------------------------------- folding

_KK_TO_RU = str.maketrans({"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х",
                           "і": "и", "ё": "е"})
_CYR_TO_LAT = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "io", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o",
    "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "h",
    "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "і": "i", "ь": "", "э": "e",
    "ю": "iu", "я": "ia", "-": "-",
}
_LAT_SPECIAL = str.maketrans({"ş": "sh", "ç": "ch", "ğ": "g", "ı": "i", "ñ": "n", "'": "", "’": "", "ʼ": "",
                              "ə": "a", "ɵ": "o"})
_LAT_MULTI = (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("ng", "n"), ("q", "k"), ("w", "u"),
              ("y", "i"))
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*")


def fold_token(token: str) -> str:
    """The matching key of one word: Cyrillic with Kazakh letters folded onto Russian ones, or Latin with
    the spellings of the Kazakh Latin alphabets and informal typing folded together (q -> k, zh/j -> j,
    y -> i, ñ/ng -> n, no diacritics, no apostrophes).

    >>> fold_token("Жаңаөзенде") == fold_token("Жанаозенде"), fold_token("Jañaözende") == fold_token("Zhanaozende")
    (True, True)
    """
    low = token.casefold()
    if _CYRILLIC.search(low):
        return low.translate(_KK_TO_RU)
    for suffix in ("'s", "’s"):
        low = low.removesuffix(suffix)
    low = low.translate(_LAT_SPECIAL)
    low = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    for a, b in _LAT_MULTI:
        low = low.replace(a, b)
    return low


def _latin_of_kazakh(word: str) -> str:
    return "".join(_CYR_TO_LAT.get(c, c) for c in word.casefold())


def _tokens(text: str) -> list[re.Match]:
    return list(_TOKEN.finditer(text))


# ---------------------------------------------------------------------------------------- Kazakh forms

_VOWELS = set("аәеёоөұүыіэяюи")
_SONORANT = set("йурлю")
_NASAL = set("мнң")
_VOICED = set("жз")


def _kk_class(word: str) -> str:
    last = word[-1].casefold()
    if last in _VOWELS and last not in "иу":
        return "vowel"
    if last in _SONORANT or last in "иу":
        return "sonorant"
    if last in _NASAL:
        return "nasal"
    if last in _VOICED:
        return "voiced"
    return "voiceless"


def kazakh_case_forms(word: str) -> list[str]:
    """The Kazakh case forms of a name (one word), with the demonym in -лық/-лік and its plural.

    >>> forms = kazakh_case_forms("Жаңаөзен")
    >>> "Жаңаөзенде" in forms and "Жаңаөзенге" in forms and "Жаңаөзеннен" in forms
    True
    >>> "Алматыдан" in kazakh_case_forms("Алматы") and "Шымкентте" in kazakh_case_forms("Шымкент")
    True
    """
    if not word:
        return []
    low = word.casefold()
    # a town named after a person keeps the Russian surname suffix -ев, whose е does not set the harmony:
    # Қонаевта, Сәтбаевқа (not Қонаевте); the vowels before it decide
    harmony_word = low[:-2] if low.endswith("ев") and len(low) > 4 else low
    front = harmony_of(harmony_word) == FRONT
    a, y = ("е", "і") if front else ("а", "ы")
    if low.endswith(("облысы", "қаласы", "ауданы", "ауылы")) or (low.endswith(("ы", "і")) and low in _POSSESSIVE):
        # a possessive noun: облысы -> облысын, облысының, облысына, облысында, облысынан, облысымен
        return [word] + [word + s for s in (
            "н", f"н{y}ң", f"н{a}", f"нд{a}", f"н{a}н", "мен", f"нд{a}ғ{y}" if not front else "ндегі",
        )]
    cls = _kk_class(word)
    loc = {"vowel": "д", "sonorant": "д", "nasal": "д", "voiced": "д", "voiceless": "т"}[cls]
    abl = {"vowel": "д", "sonorant": "д", "nasal": "н", "voiced": "д", "voiceless": "т"}[cls]
    gen = {"vowel": "н", "sonorant": "д", "nasal": "н", "voiced": "д", "voiceless": "т"}[cls]
    acc = {"vowel": "н", "sonorant": "д", "nasal": "д", "voiced": "д", "voiceless": "т"}[cls]
    ins = {"vowel": "м", "sonorant": "м", "nasal": "м", "voiced": "б", "voiceless": "п"}[cls]
    dem = {"vowel": "л", "sonorant": "л", "nasal": "д", "voiced": "д", "voiceless": "т"}[cls]
    if cls == "sonorant" and low[-1] == "л":
        dem = "д"
    dat = ("к" if front else "қ") if cls == "voiceless" else ("г" if front else "ғ")
    g = "г" if front else "ғ"
    q = "к" if front else "қ"
    suffixes = [
        f"{loc}{a}", f"{abl}{a}н", f"{dat}{a}", f"{gen}{y}ң", f"{acc}{y}", f"{ins}ен", f"{loc}{a}{g}{y}",
    ]
    demonym = f"{dem}{y}{q}"
    suffixes += [demonym, f"{demonym}т{a}р", f"{demonym}т{a}рд{y}ң", f"{demonym}т{a}р{g}{a}",
                 f"{demonym}т{a}рд{y}", f"{demonym}т{a}рд{a}", f"{demonym}т{a}рд{a}н", f"{demonym}т{a}рмен"]
    return [word] + [word + s for s in suffixes]


_POSSESSIVE = frozenset({"облысы", "қаласы", "ауданы", "ауылы"})


# --------------------------------------------------------------------------------------- Russian forms

_RU_INDECLINABLE_END = set("оеиыуэю")
# the town (Новый Узень, now Zhanaozen) is masculine; OpenCorpora has the feminine river
_RU_OVERRIDES = {"узень": ("узень", "узеня", "узеню", "узень", "узенем", "узене")}
_SIBILANT_VELAR = set("гкхжшщч")


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _ru_word_cases(word: str) -> list[str] | None:
    """The six singular cases (nomn, gent, datv, accs, ablt, loct) of one Russian word, None if invariant."""
    low = word.casefold()
    if low in ("обл", "обл."):
        return None
    if low in _RU_OVERRIDES:
        return [_recase(word, f) for f in _RU_OVERRIDES[low]]
    if low == "область":
        return ["область", "области", "области", "область", "областью", "области"]
    for stem_end, endings in (
        ("ская", ("ая", "ой", "ой", "ую", "ой", "ой")),
        ("ая", ("ая", "ой", "ой", "ую", "ой", "ой")),
        ("ый", ("ый", "ого", "ому", "ый", "ым", "ом")),
        ("ий", ("ий", "ого", "ому", "ий", "им", "ом")),
    ):
        if low.endswith(stem_end) and len(low) > 4:
            stem = word[: -len(endings[0])]
            return [stem + e for e in endings]
    morph = _morph()
    for parse in morph.parse(low):
        if "Geox" in parse.tag and "Fixd" not in parse.tag and parse.tag.case == "nomn" and parse.word == low:
            if parse.is_known:
                forms = {}
                for item in parse.lexeme:
                    if item.tag.number == "sing" and item.tag.case in ("nomn", "gent", "datv", "accs", "ablt", "loct"):
                        forms.setdefault(item.tag.case, item.word)
                cases = [forms.get(c, low) for c in ("nomn", "gent", "datv", "accs", "ablt", "loct")]
                return [_recase(word, f) for f in cases]
    last = low[-1]
    if last in _RU_INDECLINABLE_END or last == "ь" or not last.isalpha():
        return None
    if last == "а":
        stem = word[:-1]
        gen = "и" if low[-2] in _SIBILANT_VELAR else "ы"
        return [word, stem + gen, stem + "е", stem + "у", stem + "ой", stem + "е"]
    if last == "я":
        stem = word[:-1]
        return [word, stem + "и", stem + "е", stem + "ю", stem + "ей", stem + "е"]
    if last == "й":
        stem = word[:-1]
        return [word, stem + "я", stem + "ю", word, stem + "ем", stem + "е"]
    return [word, word + "а", word + "у", word, word + ("ем" if last in "жшщчц" else "ом"), word + "е"]


def _recase(original: str, form: str) -> str:
    return form[:1].upper() + form[1:] if original[:1].isupper() else form


def russian_case_forms(name: str) -> list[str]:
    """The singular case forms of a Russian place name (each word inflected, invariant words kept).

    >>> "Жанаозене" in russian_case_forms("Жанаозен"), russian_case_forms("Алматы")
    (True, ['Алматы'])
    >>> "Алматинской области" in russian_case_forms("Алматинская область")
    True
    """
    words = name.split()
    per_word = []
    for w in words:
        head, sep, tail = w.rpartition("-")
        cases = _ru_word_cases(tail if sep else w)
        per_word.append([head + sep + c for c in cases] if cases and sep else cases or [w] * 6)
    forms = [" ".join(ws) for ws in zip(*per_word, strict=True)]
    return list(dict.fromkeys(forms))


# ---------------------------------------------------------------------------------------------- loading

def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(";") if v.strip())


def _read_places(path: Path) -> list[Place]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the gazetteer file ({exc.strerror})") from None
    places: list[Place] = []
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in ("kind", "region") if c not in header]
        if missing:
            raise InputError(
                f"{path}: the gazetteer needs the columns {', '.join(missing)}; its columns are "
                f"{', '.join(header) or '(none)'}; expected {', '.join(COLUMNS)}"
            )
        for row_no, row in enumerate(reader, start=2):
            row = {k: (v or "").strip() for k, v in row.items() if k}
            names = {lang: row[lang] for lang in ("en", "ru", "kk") if row.get(lang)}
            other = _split(row.get("other", ""))
            if not names and not other:
                raise InputError(f"{path}, row {row_no}: no name; fill at least one of en, ru, kk, other")
            kind = row.get("kind", "").lower()
            if kind not in KINDS:
                raise InputError(f"{path}, row {row_no}, field kind: {kind!r} is not one of {', '.join(KINDS)}")
            region = row.get("region", "")
            if region.upper() in REGIONS:
                code = region.upper()
            else:
                match = match_admin1(region)
                if len(match.codes) != 1:
                    why = "names two 2022 regions" if match.codes else "is not a known region"
                    raise InputError(
                        f"{path}, row {row_no}, field region: {region!r} {why}; give a 2022 code such as "
                        f"KZ-47 ({', '.join(REGIONS)})"
                    )
                code = match.codes[0]
            lat = _coordinate(row.get("lat", ""), path, row_no, "lat", -90, 90)
            lon = _coordinate(row.get("lon", ""), path, row_no, "lon", -180, 180)
            if (lat is None) != (lon is None):
                raise InputError(f"{path}, row {row_no}: give both lat and lon or neither")
            first = names.get("en") or names.get("ru") or names.get("kk") or other[0]
            key = row.get("key") or re.sub(r"\W+", "-", fold_token(first)).strip("-")
            places.append(Place(
                key=key, names=names, kind=kind, region=code, lat=lat, lon=lon,
                source=row.get("source") or f"user file {path.name}", other_names=other,
                context_names=_split(row.get("context_names", "")),
            ))
    return places


def _coordinate(value: str, path: Path, row_no: int, name: str, low: float, high: float) -> float | None:
    if not value:
        return None
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        raise InputError(f"{path}, row {row_no}, field {name}: {value!r} is not a number (decimal degrees)") from None
    if not low <= number <= high:
        raise InputError(f"{path}, row {row_no}, field {name}: {number} is outside {low}..{high}")
    return number


# -------------------------------------------------------------------------------------------- the index

# generated forms that are more often another word: Арыстан (ablative of Арыс) is "lion" and a given name
_NEVER = frozenset({"арыстан", "aristan"})
_CONTEXT_BEFORE = {"г", "город", "города", "городе", "городу", "городом", "пос", "посёлок", "поселок", "поселке",
                   "село", "селе", "с", "city", "town", "of"}
_CONTEXT_AFTER_PREFIX = ("кала", "ауыл", "кент", "city", "town")


def _forms_of(name: str, lang: str) -> list[str]:
    words = name.split()
    if not words:
        return []
    cyrillic = bool(_CYRILLIC.search(name))
    if not cyrillic:
        return [name]
    forms: list[str] = [name]
    kazakh = lang == "kk" or bool(_KAZAKH_LETTERS.search(name))
    if lang == "ru" or not kazakh:
        forms += russian_case_forms(name)
    if kazakh or len(words) == 1:
        last = words[-1]
        cases = kazakh_case_forms(last)
        forms += [" ".join([*words[:-1], f]) for f in cases]
        if _is_abbreviation(last):
            # an abbreviation takes its Kazakh endings after a hyphen: ШҚО-да, БҚО-ның, СҚО-ға
            forms += [" ".join([*words[:-1], f"{last}-{f[len(last):]}"]) for f in cases[1:]]
    return forms


def _is_abbreviation(word: str) -> bool:
    """An abbreviation such as ШҚО or ЗКО: two to five letters, all capitals."""
    return 2 <= len(word) <= 5 and word.isalpha() and word.isupper()


def _key(phrase: str) -> str:
    return " ".join(fold_token(m.group()) for m in _tokens(phrase))


class Gazetteer:
    """Places by name and inflected form; build it with :func:`load_gazetteer`.

    ``places_`` holds the places by key, ``forms_`` the indexed forms: folded form -> (place key, form,
    needs a settlement word).
    """

    def __init__(self, places: list[Place], require_capital: bool = True):
        self.require_capital = require_capital
        self.places_: dict[str, Place] = {}
        for place in places:
            self.places_[place.key] = place
        self.forms_: dict[str, tuple[str, str, bool]] = {}
        # later places (a user's file) win over earlier ones for the same form
        for place in self.places_.values():
            context = {_key(n) for n in place.context_names}
            named = [(n, lang) for lang, n in place.names.items()] + [(n, "") for n in place.other_names]
            for name, lang in named:
                for form in _forms_of(name, lang):
                    self._add(form, place, _key(name) in context)
                if lang == "kk" or (_CYRILLIC.search(name) and _KAZAKH_LETTERS.search(name)):
                    words = name.split()
                    for form in kazakh_case_forms(words[-1]):
                        latin = " ".join([*(_latin_of_kazakh(w) for w in words[:-1]), _latin_of_kazakh(form)])
                        self._add(latin, place, _key(name) in context)
        self.max_words_ = max((k.count(" ") + 1 for k in self.forms_), default=1)

    def _add(self, form: str, place: Place, strict: bool) -> None:
        key = _key(form)
        if key and key not in _NEVER:
            self.forms_[key] = (place.key, form, strict)

    def __len__(self) -> int:
        return len(self.places_)

    def lookup(self, name: str) -> Place | None:
        """The place a name or an inflected form names (any language or script), None when unknown.

        >>> load_gazetteer().lookup("Жаңаөзенде").region
        'KZ-47'
        """
        hit = self.forms_.get(_key(name or ""))
        return self.places_[hit[0]] if hit else None

    def find(self, text: str) -> list[tuple[int, int, Place]]:
        """The place mentions in ``text`` as (start, end, place), character offsets, longest match first.

        >>> [(s, e, p.key) for s, e, p in load_gazetteer().find("Кеше Жаңаөзенде митинг болды")]
        [(5, 15, 'zhanaozen')]
        """
        return [(s, e, self.places_[k]) for s, e, k, _ in self.find_forms(text)]

    def find_forms(self, text: str) -> list[tuple[int, int, str, str]]:
        """Like :meth:`find`, with the place key and the text as written: (start, end, key, matched)."""
        if not text:
            return []
        tokens = _tokens(text)
        folded = [fold_token(t.group()) for t in tokens]
        out: list[tuple[int, int, str, str]] = []
        i = 0
        while i < len(tokens):
            for n in range(min(self.max_words_, len(tokens) - i), 0, -1):
                hit = self.forms_.get(" ".join(folded[i : i + n]))
                if hit is None:
                    continue
                first = tokens[i].group()
                if self.require_capital and not first[:1].isupper():
                    continue
                if hit[2] and not self._in_context(folded, i, n):
                    continue
                start, end = tokens[i].start(), tokens[i + n - 1].end()
                out.append((start, end, hit[0], text[start:end]))
                i += n
                break
            else:
                i += 1
        return out

    @staticmethod
    def _in_context(folded: list[str], i: int, n: int) -> bool:
        before = folded[i - 1] if i > 0 else ""
        after = folded[i + n] if i + n < len(folded) else ""
        return before in _CONTEXT_BEFORE or after.startswith(_CONTEXT_AFTER_PREFIX)


@lru_cache(maxsize=1)
def _shipped() -> tuple[Place, ...]:
    return tuple(_read_places(PLACES_FILE))


@lru_cache(maxsize=8)
def _cached(extra: str | None, mtime: float | None, require_capital: bool) -> Gazetteer:
    places = list(_shipped())
    if extra is not None:
        places += _read_places(Path(extra))
    return Gazetteer(places, require_capital=require_capital)


def load_gazetteer(extra: str | Path | None = None, *, require_capital: bool = True) -> Gazetteer:
    """The shipped gazetteer, with the places of a user's CSV file ``extra`` added (same columns).

    A place of ``extra`` with the key of a shipped place replaces it. ``require_capital=False`` also
    counts names written in lower case (more recall in informal posts, more false hits).
    """
    if extra is None:
        return _cached(None, None, require_capital)
    path = Path(extra)
    if not path.is_file():
        raise InputError(f"{path}: no such gazetteer file; give a CSV with the columns {', '.join(COLUMNS)}")
    return _cached(str(path.resolve()), path.stat().st_mtime, require_capital)
