"""Emoji: what counts as one, and its English name.

Two things live here, both built from Unicode's own emoji data (version 15.0), so that the tokenizer
and the name lookup agree on what an emoji is:

- :data:`EMOJI_PATTERN`, a regular expression (for :mod:`re`) matching one whole emoji: a flag (two
  regional indicators, or a black flag with tag characters such as Scotland's), a keycap (``1️⃣``,
  ``#️⃣``), or a pictograph with its presentation selector and skin tone, joined by zero-width joiners
  into one sequence (``👍🏽``, ``👨‍👩‍👧``, ``❤️‍🔥``, ``🏳️‍🌈``). Pictographs are the characters with the Unicode
  ``Emoji`` property (``☺``, ``♥`` and ``✈`` count without a selector), plus every ``Extended_Pictographic``
  code point from U+1F000 on, so that emoji added after Unicode 15.0 are still recognised. ``©``, ``®``,
  ``™``, ``‼``, ``⁉`` and ``ℹ`` are emoji only when followed by the emoji selector U+FE0F.
- :func:`emoji_name`, the CLDR short name (``"thumbs up: medium skin tone"``, ``"flag: Kazakhstan"``)
  read from ``emoji_names.txt`` (Unicode's ``emoji-test.txt``; see the header of that file for its
  source and licence).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.resources import files


def _char_class(ranges: str) -> str:
    """A regex character-class body from space-separated hex code points and ``A-B`` ranges."""
    parts = []
    for item in ranges.split():
        first, _, last = item.partition("-")
        parts.append(f"\\U{int(first, 16):08X}" + (f"-\\U{int(last, 16):08X}" if last else ""))
    return "".join(parts)


# Unicode 15.0 emoji-data.txt: the Emoji property from U+2194 on (the ASCII keycap bases and the six
# text-style characters below are left out) and Extended_Pictographic from U+1F000 on.
_EMOJI = _char_class(
    "2194-2199 21A9-21AA 231A-231B 2328 23CF 23E9-23F3 23F8-23FA 24C2 25AA-25AB 25B6 25C0 25FB-25FE 2600-2604 260E "
    "2611 2614-2615 2618 261D 2620 2622-2623 2626 262A 262E-262F 2638-263A 2640 2642 2648-2653 265F-2660 2663 "
    "2665-2666 2668 267B 267E-267F 2692-2697 2699 269B-269C 26A0-26A1 26A7 26AA-26AB 26B0-26B1 26BD-26BE "
    "26C4-26C5 26C8 26CE-26CF 26D1 26D3-26D4 26E9-26EA 26F0-26F5 26F7-26FA 26FD 2702 2705 2708-270D 270F 2712 "
    "2714 2716 271D 2721 2728 2733-2734 2744 2747 274C 274E 2753-2755 2757 2763-2764 2795-2797 27A1 27B0 27BF "
    "2934-2935 2B05-2B07 2B1B-2B1C 2B50 2B55 3030 303D 3297 3299 "
    "1F000-1F0FF 1F10D-1F10F 1F12F 1F16C-1F171 1F17E-1F17F 1F18E 1F191-1F19A 1F1AD-1F1FF 1F201-1F20F 1F21A "
    "1F22F 1F232-1F23A 1F23C-1F23F 1F249-1F3FA 1F3FB-1F3FF 1F400-1F53D 1F546-1F64F 1F680-1F6FF 1F774-1F77F "
    "1F7D5-1F7FF 1F80C-1F80F 1F848-1F84F 1F85A-1F85F 1F888-1F88F 1F8AE-1F8FF 1F90C-1F93A 1F93C-1F945 "
    "1F947-1FAFF 1FC00-1FFFD"
)
_TEXT_STYLE = _char_class("A9 AE 203C 2049 2122 2139")  # emoji only with U+FE0F after them
_REGIONAL = _char_class("1F1E6-1F1FF")
_SKIN_TONE = _char_class("1F3FB-1F3FF")
_ELEMENT = (
    rf"(?:[{_EMOJI}]|[{_TEXT_STYLE}]\uFE0F)[\uFE0E\uFE0F]?[{_SKIN_TONE}]?"
    r"(?:[\U000E0020-\U000E007E]+\U000E007F)?"
)
# The lookahead rejects letters at once: the engine walks the long list of emoji ranges one by one.
EMOJI_PATTERN = (
    r"(?=[#*0-9\u00A9\u00AE\u203C-\u3299\U0001F000-\U0001FFFF])"
    rf"(?:[{_REGIONAL}][{_REGIONAL}]|[#*0-9]\uFE0F?\u20E3|{_ELEMENT}(?:\u200D{_ELEMENT})*)"
)
"""Regular expression source for one emoji (no capturing groups); see the module docstring."""

_SELECTORS = str.maketrans("", "", "\ufe0e\ufe0f")
_ZWJ = "\u200d"
_REGIONAL_A = 0x1F1E6
_TAG_BASE = 0xE0000


@cache
def _names() -> dict[str, str]:
    """Emoji sequence without presentation selectors → CLDR name."""
    names: dict[str, str] = {}
    for line in files(__package__).joinpath("emoji_names.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            points, name = line.split("\t")
            key = "".join(chr(int(point, 16)) for point in points.split()).translate(_SELECTORS)
            names.setdefault(key, name)
    return names


def _char_name(char: str) -> str:
    if _REGIONAL_A <= ord(char) <= _REGIONAL_A + 25:
        return f"regional indicator {chr(ord(char) - _REGIONAL_A + ord('A'))}"
    name = unicodedata.name(char, "")
    return name.lower() if name else f"U+{ord(char):04X}"


def emoji_name(emoji: str) -> str:
    """The English CLDR short name of an emoji, as in Unicode's emoji charts.

    Names come from CLDR (lowercase except proper names, a colon before a qualifier). A sequence that
    CLDR does not name is described from its parts: an unlisted skin-tone combination as
    ``"<emoji>: <tone>"``, an unlisted ZWJ sequence as its parts' names joined by ``", "``, an unknown
    flag as ``"flag: XX"``, and any other character by its Unicode character name in lowercase (or
    ``U+`` and the hexadecimal code point, ``"U+E000"``, for an unassigned one). The result is never empty.

    Parameters
    ----------
    emoji : str
        One emoji as a token of :func:`dauys.text.tokenize.tokenize` gives it; any non-empty string
        is accepted.

    Returns
    -------
    str
        The name.

    Raises
    ------
    ValueError
        If ``emoji`` is empty.

    Examples
    --------
    >>> emoji_name("😷"), emoji_name("👍🏽")
    ('face with medical mask', 'thumbs up: medium skin tone')
    >>> emoji_name("🇰🇿"), emoji_name("❤️"), emoji_name("❤")
    ('flag: Kazakhstan', 'red heart', 'red heart')
    >>> emoji_name("👨‍👩‍👧")
    'family: man, woman, girl'
    """
    if not emoji:
        raise ValueError("emoji_name() needs an emoji, got an empty string")
    names = _names()
    key = emoji.translate(_SELECTORS) or emoji
    if key in names:
        return names[key]
    if _ZWJ in key.strip(_ZWJ):
        return ", ".join(emoji_name(part) for part in key.split(_ZWJ) if part)
    tones = [char for char in key if 0x1F3FB <= ord(char) <= 0x1F3FF]
    base = "".join(char for char in key if char not in tones)
    if tones and base:
        return f"{emoji_name(base)}: {', '.join(names[tone] for tone in tones)}"
    if len(key) == 2 and all(_REGIONAL_A <= ord(char) <= _REGIONAL_A + 25 for char in key):
        return "flag: " + "".join(chr(ord(char) - _REGIONAL_A + ord("A")) for char in key)
    if key[-1] == "\u20e3" and len(key) == 2:
        return f"keycap: {key[0]}"
    tags = "".join(chr(ord(char) - _TAG_BASE) for char in key[1:] if 0xE0020 <= ord(char) <= 0xE007E)
    if key[0] == "\U0001F3F4" and tags:
        return f"flag: {tags}"
    return ", ".join(_char_name(char) for char in key)
