"""Scrubbing personal identifiers out of texts: Kazakhstan IINs, Kazakhstan phone numbers, e-mail addresses.

:func:`scrub_text` replaces each identifier with a placeholder and counts what it replaced:

``[IIN]``    a Kazakhstan individual identification number (ЖСН / ИИН): 12 digits written together (not part of a
             longer number; a label glued to it, as in ``ИИН900101300017``, does not hide it) whose
             first six are a valid birth date YYMMDD, whose 7th digit (century and sex) is 0 to 6 and whose
             12th digit is the checksum (below). A 12-digit number that fails any of these — an order number,
             an account number — is left as it is.
``[PHONE]``  a phone number of Kazakhstan: ``+7`` or ``8`` followed by ten digits whose first is 7 (mobile
             7xx, and city numbers such as Almaty's 727 or Astana's 7172), written together or with
             spaces, dashes, dots and brackets: ``+7 701 234 56 78``, ``8 (727) 123-45-67``,
             ``87011234567``, also glued to a label (``тел87011234567``). With ``+7`` any ten digits
             count (``+7 912 ...`` is a Russian number, also personal). Numbers written without ``+7`` or
             ``8`` are left alone: a bare ten-digit number is too often something else.
``[EMAIL]``  an e-mail address (Latin or Cyrillic letters).

The IIN checksum (Government decree No. 565 of 11 June 2003): the weighted sum of the first 11 digits with
weights 1, 2, ..., 11, modulo 11; if that is 10, the sum again with weights 3, 4, ..., 11, 1, 2, modulo 11;
if that is 10 too, no valid IIN has these 11 digits. The 7th digit is 1–6 for citizens (1/2 born in the
19th century, 3/4 in the 20th, 5/6 in the 21st; odd male, even female); 0 is accepted too, as numbers issued
to some foreign residents have been reported with it (the date and checksum still have to hold).

:func:`scrub_text` and :func:`scrub_texts` are pure functions (the importers' ``scrub`` option calls them
before writing). :func:`scrub_documents` rewrites the texts a project already holds (``dauys text scrub``), in
one transaction with its ledger entry; the originals are not kept anywhere. The token table notices the
changed texts by their hash, so the next ``dauys text process`` tokenises exactly those documents again.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dauys.progress import Progress
    from dauys.project import Project
    from dauys.store.filters import DocumentFilter

IIN_MARK = "[IIN]"
PHONE_MARK = "[PHONE]"
EMAIL_MARK = "[EMAIL]"
KINDS = ("iin", "phone", "email")

_WEIGHTS_1 = tuple(range(1, 12))
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]*\w@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}(?![\w-])")
_CANDIDATE = re.compile(r"[\d@]")
# digits only bound an IIN: a label glued to it (ИИН900101300017, ЖСН:900101300017) must not hide it
_TWELVE_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")
_SEP = r"[ \t\u00a0\-.]{0,2}"
_PHONE = re.compile(
    r"(?<![\d+])(?P<prefix>\+[ \u00a0]?7|8)"
    rf"{_SEP}\(?{_SEP}(?P<digits>\d(?:{_SEP}\)?{_SEP}\d){{9}})(?![\d\w])"
)


@dataclass
class Scrubbed:
    """A scrubbed text and how many of each identifier were replaced in it."""

    text: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    @property
    def changed(self) -> bool:
        return any(self.counts.values())


def iin_checksum(first_eleven: str) -> int | None:
    """The control digit of an IIN whose first 11 digits are given, or None if no IIN has them."""
    digits = [int(c) for c in first_eleven]
    check = sum(d * w for d, w in zip(digits, _WEIGHTS_1, strict=True)) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits, _WEIGHTS_2, strict=True)) % 11
    return None if check == 10 else check


def is_valid_iin(value: str) -> bool:
    """True when ``value`` is 12 digits with a valid birth date, century/sex digit and checksum.

    >>> is_valid_iin("900101300017"), is_valid_iin("900101300018"), is_valid_iin("123456789012")
    (True, False, False)
    """
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        return False
    year, month, day, century = int(value[0:2]), int(value[2:4]), int(value[4:6]), int(value[6])
    if century > 6 or not 1 <= month <= 12:
        return False
    # 0 says nothing of the century: a date valid in a leap year (2000) is accepted
    full_year = _CENTURY.get(century, 2000) + year
    if not 1 <= day <= calendar.monthrange(full_year, month)[1]:
        return False
    return iin_checksum(value[:11]) == int(value[11])


def _phone(match: re.Match) -> str | None:
    digits = re.sub(r"\D", "", match.group("digits"))
    if len(digits) != 10:
        return None
    if match.group("prefix") == "8" and digits[0] != "7":
        return None  # 8 800 ... and other 8-numbers that are not Kazakhstan's
    return PHONE_MARK


def scrub_text(text: str) -> Scrubbed:
    """Replace IINs, phone numbers and e-mail addresses in ``text`` with ``[IIN]``, ``[PHONE]``, ``[EMAIL]``.

    >>> s = scrub_text("Хабарласыңыз: +7 701 234 56 78, aigerim@mail.kz, ЖСН 900101300017, заказ 123456789012")
    >>> s.text
    'Хабарласыңыз: [PHONE], [EMAIL], ЖСН [IIN], заказ 123456789012'
    >>> s.counts
    {'iin': 1, 'phone': 1, 'email': 1}
    """
    counts = dict.fromkeys(KINDS, 0)
    if not text or not _CANDIDATE.search(text):
        return Scrubbed(text, counts)

    def email(match: re.Match) -> str:
        counts["email"] += 1
        return EMAIL_MARK

    def iin(match: re.Match) -> str:
        if not is_valid_iin(match.group(0)):
            return match.group(0)
        counts["iin"] += 1
        return IIN_MARK

    def phone(match: re.Match) -> str:
        mark = _phone(match)
        if mark is None:
            return match.group(0)
        counts["phone"] += 1
        return mark

    if "@" in text:
        text = _EMAIL.sub(email, text)
    text = _TWELVE_DIGITS.sub(iin, text)
    text = _PHONE.sub(phone, text)
    return Scrubbed(text, counts)


def scrub_texts(texts: Iterable[str | None]) -> tuple[list[str | None], dict[str, int], list[bool]]:
    """Scrub many texts: ``(texts, total counts, changed flags)``; missing texts stay missing."""
    out: list[str | None] = []
    changed: list[bool] = []
    totals = dict.fromkeys(KINDS, 0)
    for text in texts:
        if not isinstance(text, str) or not _CANDIDATE.search(text):
            out.append(text)
            changed.append(False)
            continue
        result = scrub_text(text)
        out.append(result.text)
        changed.append(result.changed)
        for kind, n in result.counts.items():
            totals[kind] += n
    return out, totals, changed


@dataclass
class ScrubResult:
    """What :func:`scrub_documents` did: documents ``checked``, ``changed``, identifiers replaced by kind."""

    run_id: int | None
    checked: int
    changed: int
    counts: dict[str, int]


def scrub_documents(project: Project, where: DocumentFilter | None = None,
                    progress: Progress | None = None) -> ScrubResult:
    """Replace IINs, phone numbers and e-mails in the stored text and title of the selected documents.

    Only documents whose text or title holds a digit or ``@`` are read. The changed documents are rewritten in
    one transaction that also records the run (step ``text.scrub``, with the counts); when nothing changes,
    nothing is written and ``run_id`` is None. Their tokens become stale (the token table keeps the hash of the
    text it tokenised), so ``dauys text process`` processes them again.
    """
    import pyarrow as pa

    from dauys.progress import SILENT
    from dauys.provenance import Run, to_json
    from dauys.store.filters import DocumentFilter

    progress = progress or SILENT
    where = where or DocumentFilter(tz=project.tz)
    condition, values = where.sql("d")
    with project.store.read() as con:
        checked = con.execute(f"SELECT count(*) FROM documents d WHERE {condition}", values).fetchone()[0]
        candidates = con.execute(
            f"""SELECT d.id, d.text, d.title FROM documents d WHERE ({condition})
                AND (regexp_matches(d.text, '[0-9@]') OR regexp_matches(coalesce(d.title, ''), '[0-9@]'))
                ORDER BY d.id""",
            values,
        ).fetchall()
    progress.stage(f"scrubbing {len(candidates):,} documents", total=len(candidates))
    ids, texts, titles = [], [], []
    counts = dict.fromkeys(KINDS, 0)
    for doc_id, text, title in candidates:
        new_text, new_title = scrub_text(text), scrub_text(title) if title else None
        if new_text.changed or (new_title is not None and new_title.changed):
            ids.append(doc_id)
            texts.append(new_text.text)
            titles.append(new_title.text if new_title is not None else title)
            for kind in KINDS:
                counts[kind] += new_text.counts[kind] + (new_title.counts[kind] if new_title is not None else 0)
        progress.advance(1)
    if not ids:
        return ScrubResult(None, checked, 0, counts)
    run = Run("text.scrub", {"filter": where.describe()})
    run.counts = {"checked": checked, "changed": len(ids), **counts}
    changes = pa.table({"id": pa.array(ids, pa.int64()), "text": pa.array(texts, pa.large_string()),
                        "title": pa.array(titles, pa.large_string())})
    with project.store.write() as con:
        run_id = run.record(con, n_in=checked, n_out=len(ids))
        con.register("scrubbed_documents", changes)
        con.execute("UPDATE documents SET text = s.text, title = s.title FROM scrubbed_documents s "
                    "WHERE documents.id = s.id")
        con.unregister("scrubbed_documents")
        con.execute("UPDATE runs SET counts = ? WHERE id = ?", [to_json(run.counts), run_id])
    return ScrubResult(run_id, checked, len(ids), counts)
