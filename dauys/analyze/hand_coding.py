"""Hand coding: draw a sample of documents for coders, write their sheet, read the filled sheets back.

The steps of a reliability study:

1. :func:`make_coder_sheet` draws a seeded sample (:func:`draw_sample`, optionally stratified by a
   document field, proportional or equal per stratum) and writes the sheet the coders fill in
   (:func:`write_coder_sheet`): XLSX with a frozen header, the texts wrapped, one empty column per
   code and an ``instructions`` sheet listing the codes with their descriptions; or CSV (UTF-8 with a
   byte-order mark, so Excel shows Kazakh and Russian letters).
2. Each coder marks every code column with ``1`` or ``x`` where the code applies and ``0`` or nothing
   where it does not (a Cyrillic ``х`` typed on a Kazakh or Russian keyboard counts as ``x``).
3. :func:`import_coded_sheets` reads the filled sheets (:func:`read_coded_sheet`), refuses a sheet
   with a problem naming its file, row and column, and stores the codes in the ``codes`` table in one
   transaction with a ledger entry.

How hand codes are stored in ``codes``: one row per code a coder marked present (``coder`` = the
coder's name, ``run_id`` = the import), and one row with the code :data:`CODED` per document the coder
coded, whose ``codebook_id`` points at the codes of the sheet (a ``codebooks`` row named
:data:`SHEET_CODEBOOK` whose definition lists them as ``codes: [{name, description}]``). So "coded,
code absent" differs from "not coded", and two sheets with different codes for the same documents keep
apart. Readers of ``codes`` that count code assignments leave out :data:`CODED`; :func:`read_hand_codes`
turns the rows back into every judgment (1 or 0) per document, coder and code.

Codes named ``VARIABLE:VALUE`` (``tone:negative``, ``tone:neutral``, ``tone:positive``) form a
single-choice variable for :mod:`dauys.analyze.agreement`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import yaml

from dauys.analyze.frequency import GROUP_FIELDS, NO_VALUE, group_expression
from dauys.analyze.learned.storage import write_atomically
from dauys.errors import InputError
from dauys.progress import SILENT, Progress
from dauys.provenance import Run
from dauys.store.filters import DocumentFilter

if TYPE_CHECKING:
    from dauys.project import Project

CODED = "(coded)"
"""The code of the row that says a hand coder coded a document with a sheet (whatever codes apply)."""
SHEET_CODEBOOK = "hand coding sheet"
"""The name of the ``codebooks`` rows that hold the codes of imported coder sheets."""
PER_STRATUM = ("proportional", "equal")
SHEET_SUFFIXES = (".xlsx", ".csv")
CODING_SHEET = "coding"
INSTRUCTIONS_SHEET = "instructions"
DOC_ID, CODER, TITLE, TEXT, NOTE = "doc_id", "coder", "title", "text", "note"
STRATA_FIELDS = tuple(f for f in GROUP_FIELDS if f != "all")
PRESENT_MARKS = frozenset({"1", "1.0", "x", "х"})  # the second x is Cyrillic, as a ru/kk keyboard types it
ABSENT_MARKS = frozenset({"0", "0.0"})
EXCEL_CELL_MAX = 32_767
SHOWN_PROBLEMS = 5
_FORBIDDEN_IN_CODE = re.compile(r"[,|=\r\n\t]")
_RESERVED_CODERS = ("codebook:", "model:")

INSTRUCTIONS = (
    "Code every row: in each code column write 1 or x if the code applies to the text, 0 or leave the cell "
    "empty if it does not.",
    "Закодируйте каждую строку: в столбце каждого кода поставьте 1 или x, если код относится к тексту, и 0 "
    "или оставьте ячейку пустой, если не относится.",
    "Әр жолды кодтаңыз: код мәтінге сәйкес келсе, сол кодтың бағанына 1 немесе x қойыңыз; сәйкес келмесе, 0 "
    "қойыңыз немесе ұяшықты бос қалдырыңыз.",
    "Write your name in the coder column. Do not change doc_id, do not add rows, do not rename columns; "
    "remarks go in the note column.",
    "Впишите своё имя в столбец coder. Не меняйте doc_id, не добавляйте строки и не переименовывайте "
    "столбцы; замечания пишите в столбец note.",
    "coder бағанына атыңызды жазыңыз. doc_id мәнін өзгертпеңіз, жол қоспаңыз, бағандардың атын "
    "өзгертпеңіз; ескертпелерді note бағанына жазыңыз.",
    "Code on your own, without consulting the other coders.",
    "Кодируйте самостоятельно, не советуясь с другими кодировщиками.",
    "Басқа кодтаушылармен ақылдаспай, өз бетіңізше кодтаңыз.",
)


# --- codes ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Code:
    """A code of a coder sheet: its column name and the description coders read."""

    name: str
    description: str = ""


def split_variable(code: str) -> tuple[str | None, str]:
    """``("tone", "negative")`` for the code ``tone:negative``; ``(None, code)`` for a code without ``:``."""
    variable, sep, value = code.partition(":")
    if sep and variable.strip() and value.strip():
        return variable.strip(), value.strip()
    return None, code


def _reserved(name: str) -> bool:
    return name.lower() in {DOC_ID, CODER, TITLE, TEXT, NOTE, *GROUP_FIELDS} or name.lower().startswith("meta.")


def check_codes(codes: Sequence[Code], where: str) -> list[Code]:
    """The codes, or an :class:`InputError` (``where`` names their origin) for a name a sheet cannot hold.

    A code name is not empty, holds none of ``, | =`` nor line breaks, does not start with ``(``, is not
    a column of the sheet itself (doc_id, coder, title, text, note, the stratum fields, meta.FIELD), is
    given once, and is not also the variable part of ``VARIABLE:VALUE`` codes.
    """
    if not codes:
        raise InputError(f"{where}: no codes given; name them with --codes a,b,c or --codebook FILE.yaml")
    seen: set[str] = set()
    for code in codes:
        name = code.name
        if not name or name != name.strip():
            raise InputError(f"{where}: the code {name!r} is empty or starts or ends with a space")
        if _FORBIDDEN_IN_CODE.search(name) or name.startswith("("):
            raise InputError(f"{where}: the code {name!r} holds a comma, |, = or a line break, or starts with "
                             "'('; rename it (letters, digits, spaces, - _ . : are fine)")
        if _reserved(name):
            raise InputError(f"{where}: {name!r} is a column of the coder sheet itself; give the code another name")
        if name in seen:
            raise InputError(f"{where}: the code {name!r} is given twice")
        seen.add(name)
    variables = {split_variable(c.name)[0] for c in codes} - {None}
    clash = sorted(variables & seen)
    if clash:
        raise InputError(f"{where}: {clash[0]!r} is both a code and the variable of {clash[0]}:VALUE codes; "
                         "rename one of them")
    return list(codes)


def parse_codes(text: str | None, option: str = "--codes") -> list[Code]:
    """Codes from a comma-separated list: ``"наразылық, сын, tone:negative"``."""
    names = [part.strip() for part in (text or "").split(",")]
    if any(not name for name in names) and text and text.strip():
        raise InputError(f"{option} {text!r}: an empty code between commas; write the codes as a,b,c")
    return [Code(name) for name in names if name]


def codebook_codes(text: str, where: str) -> list[Code]:
    """The codes of a codebook in YAML: its ``codes:`` list of ``{name, description}`` entries.

    Only those two keys are read; other keys of the codebook and of each entry (patterns, labels in
    other languages, ...) are left for the tools that use them.
    """
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{where} is not valid YAML{at}; check its indentation and quoting") from None
    entries = document.get("codes") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{where} has no codes: list; a codebook lists its codes as\n"
                         "codes:\n  - name: наразылық\n    description: ...")
    codes = []
    for number, entry in enumerate(entries, 1):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str | int) or not str(name).strip():
            raise InputError(f"{where}, code {number} of codes: it has no name; write it as - name: CODE")
        description = entry.get("description")
        codes.append(Code(str(name).strip(), "" if description is None else str(description).strip()))
    return codes


def read_codebook_codes(path: str | Path) -> list[Code]:
    """The codes (name and description) of a codebook file in YAML; see :func:`codebook_codes`."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path} does not exist or is not a file; give the path of a codebook in YAML")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text; save the codebook as UTF-8") from None
    return codebook_codes(text, str(path))


def merge_codes(*lists: Iterable[Code]) -> list[Code]:
    """The codes of several lists in order, each name once (the first description that is not empty)."""
    merged: dict[str, Code] = {}
    for codes in lists:
        for code in codes:
            known = merged.get(code.name)
            if known is None or (not known.description and code.description):
                merged[code.name] = code
    return list(merged.values())


# --- sampling ------------------------------------------------------------------------------------
def allocate(sizes: pd.Series, n: int, per_stratum: str = "proportional") -> pd.Series:
    """How many documents to draw from each stratum: never more than it holds.

    Parameters
    ----------
    sizes
        The number of documents of each stratum, indexed by the stratum's label.
    n
        The sample size asked for, in total over the strata.
    per_stratum
        ``proportional``: each stratum its share ``n * size / total``, rounded by the largest-remainder
        method so the counts add up to ``n`` (ties go to the larger stratum, then the first label);
        ``equal``: ``n // strata`` each, the remainder one more each for the largest strata. A stratum
        smaller than its share gives all it holds and the shortfall is not moved elsewhere (the strata
        stay equal), so an equal sample can be smaller than ``n``.

    Returns
    -------
    Series
        Documents to draw per stratum, in the order of ``sizes``.
    """
    _check_size(n, per_stratum)
    sizes = sizes.astype("int64")
    total = int(sizes.sum())
    if n >= total:
        return sizes.copy()
    if per_stratum == "proportional":
        quotas = sizes.to_numpy(dtype=np.float64) * n / total
        counts = np.floor(quotas).astype(np.int64)
        remainders = quotas - counts
        ranked = sorted(range(len(sizes)), key=lambda i: (-remainders[i], -int(sizes.iloc[i]), i))
        for i in ranked[: n - int(counts.sum())]:
            counts[i] += 1
    else:
        counts = np.full(len(sizes), n // len(sizes), dtype=np.int64)
        largest = sorted(range(len(sizes)), key=lambda i: (-int(sizes.iloc[i]), i))
        for i in largest[: n - int(counts.sum())]:
            counts[i] += 1
        counts = np.minimum(counts, sizes.to_numpy())
    return pd.Series(counts, index=sizes.index, dtype="int64")


def _check_size(n: int, per_stratum: str) -> None:
    if per_stratum not in PER_STRATUM:
        raise InputError(f"--per-stratum {per_stratum!r}: expected one of {', '.join(PER_STRATUM)}")
    if n < 1:
        raise InputError(f"--n {n}: the sample needs at least one document")


@dataclass(frozen=True)
class Sample:
    """A drawn sample of documents for hand coding.

    ``documents`` holds the sheet's rows in the order coders see them (shuffled with the seed, so the
    strata are mixed): ``doc_id``, the stratum field (named as ``stratify``) when stratified, ``title``
    when any sampled document has one, and ``text``. ``strata`` has one row per stratum: ``stratum``,
    ``available`` (documents of the selection in it), ``drawn``. ``notes`` say where the sample is
    smaller than asked.
    """

    documents: pd.DataFrame
    strata: pd.DataFrame
    n: int
    seed: int
    stratify: str | None
    per_stratum: str
    available: int
    notes: tuple[str, ...] = ()

    def describe(self) -> dict[str, Any]:
        """How the sample was drawn, for the ledger and the instructions sheet."""
        return {"n": self.n, "seed": self.seed, "stratify": self.stratify,
                "per_stratum": self.per_stratum if self.stratify else None}


def check_stratify(stratify: str | None) -> str | None:
    """``stratify`` if it names a document field to stratify by, else an :class:`InputError`."""
    if stratify is None or stratify == "":
        return None
    if stratify in STRATA_FIELDS or (stratify.startswith("meta.") and len(stratify) > len("meta.")):
        return stratify
    raise InputError(f"--stratify {stratify!r}: expected one of {', '.join(STRATA_FIELDS)} or meta.FIELD")


def draw_sample(
    project: Project,
    n: int,
    *,
    seed: int | None = None,
    stratify: str | None = None,
    per_stratum: str = "proportional",
    where: DocumentFilter | None = None,
) -> Sample:
    """Draw ``n`` documents at random (without replacement) from those ``where`` selects.

    Parameters
    ----------
    project
        The project to draw from.
    n
        The sample size in total (see :func:`allocate` for how it is shared between strata).
    seed
        The seed of numpy's ``default_rng``; the same seed and the same documents give the same sample
        on every machine. Without one, a seed is chosen and kept in :attr:`Sample.seed`.
    stratify
        A document field whose values are the strata: ``corpus``, ``platform``, ``lang``, ``channel``,
        ``year``, ``month`` (in the project's time zone) or ``meta.FIELD``; documents without a value
        form the stratum ``(none)``.
    per_stratum
        ``proportional`` or ``equal``.
    """
    stratify = check_stratify(stratify)
    _check_size(n, per_stratum)
    seed = secrets.randbelow(10**6) if seed is None else int(seed)
    if seed < 0:
        raise InputError(f"--seed {seed}: give a whole number of 0 or more")
    where = where if where is not None else DocumentFilter(tz=project.tz)
    expression, group_params, join = group_expression(stratify or "all", project.tz)
    condition, params = where.sql("d")
    with project.store.read() as con:
        frame = con.execute(
            f"SELECT d.id AS doc_id, {expression} AS stratum FROM documents d {join} WHERE {condition} ORDER BY d.id",
            group_params + params,
        ).df()
    if frame.empty:
        chosen = _filter_text(where)
        raise InputError(f"No documents to sample in {project.path}" + (f" with {chosen}" if chosen else "")
                         + "; `dauys status` lists what the project holds.")
    sizes = frame.groupby("stratum", sort=False).size()
    sizes = sizes.loc[sorted(sizes.index, key=lambda s: (s == NO_VALUE, s))]
    counts = allocate(sizes, n, per_stratum)
    notes = []
    if n > len(frame):
        notes.append(f"The selection holds {len(frame):,} documents, fewer than the {n:,} asked for: all of them "
                     "are in the sample.")
    elif per_stratum == "equal" and stratify:
        share = n // len(sizes)
        for stratum, size in sizes.items():
            if size < share:
                notes.append(f"Stratum {stratum!r} holds only {size:,} documents, fewer than its equal share of "
                             f"{share:,}: all {size:,} are in the sample.")
    rng = np.random.default_rng(seed)
    members = frame.groupby("stratum").indices
    all_ids = frame["doc_id"].to_numpy()
    drawn = []
    for stratum, count in counts.items():
        ids = all_ids[members[stratum]]  # in id order, so the draw depends only on the seed and the documents
        drawn.append(rng.choice(ids, size=int(count), replace=False) if count < len(ids) else ids)
    order = rng.permutation(np.concatenate(drawn)) if drawn else np.array([], dtype=np.int64)
    documents = _sample_documents(project, order, frame.set_index("doc_id")["stratum"], stratify)
    strata = pd.DataFrame({"stratum": list(sizes.index), "available": sizes.to_numpy(), "drawn": counts.to_numpy()})
    return Sample(documents, strata, n, seed, stratify, per_stratum, len(frame), tuple(notes))


def _filter_text(where: DocumentFilter) -> str:
    """A document filter as the options that made it: ``corpus=news, lang=kk,ru, meta.video=v1``."""
    parts = []
    for key, value in where.describe().items():
        if key == "meta":
            parts += [f"meta.{name}={wanted}" for name, wanted in value.items()]
        else:
            parts.append(f"{key}={','.join(value) if isinstance(value, list) else value}")
    return ", ".join(parts)


def _sample_documents(project: Project, order: np.ndarray, strata: pd.Series, stratify: str | None) -> pd.DataFrame:
    ids = [int(i) for i in order]
    with project.store.read() as con:
        rows = con.execute("SELECT id, title, text FROM documents WHERE list_contains(?, id)", [ids]).df()
    rows = rows.set_index("id").loc[ids]
    documents = pd.DataFrame({DOC_ID: ids})
    if stratify:
        documents[stratify] = strata.loc[ids].to_numpy()
    titles = rows["title"]
    if titles.notna().any() and (titles.fillna("").str.strip() != "").any():
        documents[TITLE] = titles.fillna("").to_numpy()
    documents[TEXT] = rows["text"].to_numpy()
    return documents


# --- the coder sheet -----------------------------------------------------------------------------
def coder_sheet_table(sample: Sample, codes: Sequence[Code]) -> pd.DataFrame:
    """The rows of the coder sheet: the sample's columns, an empty column per code, ``note`` and ``coder``."""
    table = sample.documents.copy()
    for code in codes:
        table[code.name] = ""
    table[NOTE] = ""
    table[CODER] = ""
    return table


def write_coder_sheet(sample: Sample, codes: Sequence[Code], path: str | Path) -> Path:
    """Write the sheet coders fill in: XLSX (sheets ``coding`` and ``instructions``) or CSV, by suffix.

    The file is written whole or not at all; an existing file is never overwritten (a coder may be
    filling it in).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SHEET_SUFFIXES:
        raise InputError(f"--out {path}: a coder sheet is an .xlsx or a .csv file; give a name ending in either")
    if path.exists():
        raise InputError(f"--out {path} exists (a coder may be filling it in); give another file name or move "
                         "the old one away")
    codes = check_codes(list(codes), "the coder sheet")
    table = coder_sheet_table(sample, codes)
    if suffix == ".csv":
        data = table.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
        write_atomically(path, lambda out: out.write(data))
    else:
        book = _workbook(table, sample, codes)
        write_atomically(path, book.save)
    return path


def _workbook(table: pd.DataFrame, sample: Sample, codes: Sequence[Code]):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = CODING_SHEET
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    code_names = {c.name for c in codes}
    code_fill = PatternFill("solid", fgColor="FFF4D6")
    widths = {DOC_ID: 9, TITLE: 30, TEXT: 80, NOTE: 24, CODER: 14}
    for c, name in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=c, value=str(name))
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal="center")
        if name in code_names:
            cell.fill = code_fill
        width = widths.get(name, max(len(str(name)) + 2, 8) if name in code_names else 16)
        sheet.column_dimensions[get_column_letter(c)].width = width
    for r, row in enumerate(table.itertuples(index=False, name=None), start=2):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                if len(value) > EXCEL_CELL_MAX:
                    value = value[: EXCEL_CELL_MAX - 2] + " …"
            cell = sheet.cell(row=r, column=c, value=None if value == "" else _plain(value))
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # a text, not a formula
            if table.columns[c - 1] in (TEXT, TITLE, NOTE):
                cell.alignment = wrap
            elif table.columns[c - 1] in code_names:
                cell.alignment = Alignment(horizontal="center", vertical="top")
    sheet.freeze_panes = "A2"
    marks = DataValidation(type="list", formula1='"1,0,x"', allow_blank=True, errorStyle="warning",
                           showErrorMessage=True, error="1 / x / 0 / —", errorTitle="dauys")
    first = list(table.columns).index(codes[0].name) + 1  # the code columns stand side by side
    last = first + len(codes) - 1
    marks.add(f"{get_column_letter(first)}2:{get_column_letter(last)}{len(table) + 1}")
    sheet.add_data_validation(marks)

    info = book.create_sheet(INSTRUCTIONS_SHEET)
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 100
    info.append(["Coding instructions · Инструкция по кодированию · Кодтау нұсқаулығы"])
    info["A1"].font = Font(bold=True, size=13)
    for line in INSTRUCTIONS:
        info.append([line])
    info.append([])
    facts = sample.describe()
    drawn = f"{len(sample.documents):,} of {sample.available:,} documents, seed {facts['seed']}"
    if sample.stratify:
        drawn += f", stratified by {sample.stratify} ({sample.per_stratum})"
    info.append(["sample", drawn])
    info.append(["drawn", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")])
    info.append([])
    info.append(["code", "description"])
    for cell in info[info.max_row]:
        cell.font = bold
    for code in codes:
        info.append([code.name, code.description])
        info.cell(row=info.max_row, column=2).alignment = wrap
    return book


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def make_coder_sheet(
    project: Project,
    out: str | Path,
    codes: Sequence[Code],
    n: int,
    *,
    seed: int | None = None,
    stratify: str | None = None,
    per_stratum: str = "proportional",
    where: DocumentFilter | None = None,
) -> Sample:
    """Draw a sample (:func:`draw_sample`) and write its coder sheet (:func:`write_coder_sheet`).

    The draw is recorded in the ledger as ``code.sample`` with its seed, size, strata and codes, so the
    methods section can say how the reliability sample was chosen; nothing else in the store changes.
    """
    out = Path(out)
    codes = check_codes(list(codes), "--codes/--codebook")
    if out.suffix.lower() not in SHEET_SUFFIXES:
        raise InputError(f"--out {out}: a coder sheet is an .xlsx or a .csv file; give a name ending in either")
    where = where if where is not None else DocumentFilter(tz=project.tz)
    sample = draw_sample(project, n, seed=seed, stratify=stratify, per_stratum=per_stratum, where=where)
    run = Run("code.sample", {**sample.describe(), "codes": [c.name for c in codes], "out": out.name,
                              "filter": where.describe()})
    run.counts = {"documents": len(sample.documents), "available": sample.available,
                  "strata": len(sample.strata)}
    with project.store.write() as con:
        write_coder_sheet(sample, codes, out)
        run.record(con, n_in=sample.available, n_out=len(sample.documents))
    return sample


# --- reading filled sheets -----------------------------------------------------------------------
@dataclass(frozen=True)
class CodedSheet:
    """One coder's filled sheet: ``values[i, j]`` is 1 where the coder marked ``codes[j]`` on
    ``doc_ids[i]`` (row ``rows[i]`` of the file, as a spreadsheet numbers it), else 0."""

    path: Path
    coder: str
    codes: list[Code]
    doc_ids: np.ndarray
    rows: np.ndarray
    values: np.ndarray


def _instruction_codes(path: Path) -> tuple[list[str], list[Code] | None]:
    """The sheet names of a workbook and the codes its instructions sheet lists (None without one)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"{path} cannot be read as an XLSX workbook ({exc}); open it in Excel or LibreOffice "
                         "and save it again") from None
    try:
        names = list(book.sheetnames)
        if INSTRUCTIONS_SHEET not in names:
            return names, None
        codes: list[Code] | None = None
        for values in book[INSTRUCTIONS_SHEET].iter_rows(values_only=True):
            first = str(values[0]).strip() if values and values[0] is not None else ""
            if codes is None:
                if first == "code" and len(values) > 1 and str(values[1]).strip() == "description":
                    codes = []
            elif first:
                description = values[1] if len(values) > 1 and values[1] is not None else ""
                codes.append(Code(first, str(description).strip()))
        return names, codes
    finally:
        book.close()


def read_coded_sheet(path: str | Path, coder: str | None = None, codes: Sequence[Code] | None = None) -> CodedSheet:
    """Read and check one coder's filled sheet (XLSX or CSV).

    Parameters
    ----------
    path
        The sheet: an XLSX workbook (its ``coding`` sheet, else the first) or a CSV file (UTF-8, cp1251 or
        kz1048; comma, semicolon or tab, as Excel saves it).
    coder
        The coder's name; by default the name in the sheet's ``coder`` column, else the file name without
        its suffix. A name given here that differs from the one in the sheet is refused.
    codes
        The codes the sheet must hold. By default those listed on the workbook's instructions sheet, or
        for a CSV every column that is not one of the sheet's own (doc_id, coder, title, text, note, the
        stratum field).

    Raises
    ------
    InputError
        For a missing doc_id or code column, a doc_id that is not a whole number, a document on two rows,
        a mark other than 1, x, 0 or empty, or a coder name that cannot be told; the message names the
        file, the row and the column.
    """
    from dauys.ingest.readers import check_file, detect_format, read_table, read_xlsx

    path = Path(path)
    kind = detect_format(path, check_file(path))
    listed: list[Code] | None = None
    if kind == "xlsx":
        sheets, listed = _instruction_codes(path)
        raw = read_xlsx(path, CODING_SHEET if CODING_SHEET in sheets else None)
    elif kind == "csv":
        raw = read_table(path)
    else:
        raise InputError(f"{path} is read as {kind.upper()}; a coder sheet is an XLSX workbook or a CSV file")
    frame, rows = raw.frame, raw.rows
    blank = frame.isna().all(axis=1).to_numpy()
    frame, rows = frame.loc[~blank].reset_index(drop=True), rows[~blank]
    columns = {str(c).strip(): c for c in frame.columns}
    lower = {name.lower(): column for name, column in columns.items()}
    if DOC_ID not in lower:
        raise InputError(f"{path} has no {DOC_ID} column (its columns are {', '.join(map(repr, columns))}); the "
                         "sheet from `dauys code sample` has one: keep it as it was")
    expected = list(codes) if codes is not None else listed
    if expected is None:
        expected = [Code(name) for name in columns if not _reserved(name)]
        if not expected:
            raise InputError(f"{path} has no code columns besides {', '.join(map(repr, columns))}")
    expected = check_codes(expected, str(path))
    missing = [c.name for c in expected if c.name not in columns]
    if missing:
        raise InputError(f"{path} lacks the code column{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(map(repr, missing))}; add {'them' if len(missing) > 1 else 'it'} back "
                         "(left empty if no text has the code) or import the sheet with the codes it holds")
    doc_ids = _doc_ids(path, frame[lower[DOC_ID]], rows)
    values = np.column_stack([_marks(path, frame[columns[c.name]], rows, c.name) for c in expected])
    name = _coder_name(path, frame[lower[CODER]] if CODER in lower else None, rows, coder)
    return CodedSheet(path, name, expected, doc_ids, rows, values.astype(np.int8))


def _doc_ids(path: Path, column: pd.Series, rows: np.ndarray) -> np.ndarray:
    text = column.astype("string").str.strip()
    numbers = pd.to_numeric(text, errors="coerce")
    bad = numbers.isna() | (numbers % 1 != 0)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        shown = "empty" if pd.isna(text.iloc[i]) else repr(text.iloc[i])
        raise InputError(f"{path}, row {rows[i]}, column {DOC_ID!r}: {shown} is not a document id (a whole "
                         "number); restore it from the sheet as it was written")
    ids = numbers.to_numpy(dtype=np.int64)
    twice = pd.Series(ids).duplicated(keep=False).to_numpy()
    if twice.any():
        doc = ids[twice][0]
        on = rows[ids == doc]
        raise InputError(f"{path}: document {doc} is on rows {', '.join(map(str, on))}; keep one row per document")
    return ids


def _marks(path: Path, column: pd.Series, rows: np.ndarray, code: str) -> np.ndarray:
    text = column.astype("string").str.strip().str.lower()
    present = text.isin(PRESENT_MARKS).fillna(False).to_numpy(dtype=bool)
    absent = (text.isna() | text.isin(ABSENT_MARKS) | (text == "")).fillna(True).to_numpy(dtype=bool)
    bad = ~(present | absent)
    if bad.any():
        where = np.flatnonzero(bad)
        more = f" ({len(where) - 1} more cells of the column are like it)" if len(where) > 1 else ""
        raise InputError(f"{path}, row {rows[where[0]]}, column {code!r}: {column.iloc[where[0]]!r} is not a mark; "
                         f"write 1 or x where the code applies, 0 or nothing where it does not{more}")
    return present.astype(np.int8)


def _coder_name(path: Path, column: pd.Series | None, rows: np.ndarray, given: str | None) -> str:
    named = column.astype("string").str.strip() if column is not None else pd.Series([], dtype="string")
    named = named.loc[named.notna() & (named != "")]
    distinct = list(dict.fromkeys(named.tolist()))
    if len(distinct) > 1:
        where = [int(rows[named.index[named == name][0]]) for name in distinct[:2]]
        raise InputError(f"{path}: the coder column names {distinct[0]!r} (row {where[0]}) and {distinct[1]!r} "
                         f"(row {where[1]}); one sheet holds one coder's codes")
    if given is not None and given.strip() and distinct and distinct[0] != given.strip():
        raise InputError(f"{path}: its coder column names {distinct[0]!r} but --coder says {given.strip()!r}; "
                         "check which file is whose")
    name = (given or "").strip() or (distinct[0] if distinct else path.stem.strip())
    if not name or "," in name or name == CODED or name.lower().startswith(_RESERVED_CODERS):
        raise InputError(f"{path}: {name!r} cannot be a coder's name (it is empty, holds a comma or starts with "
                         "codebook: or model:); give the name with --coder")
    return name


# --- storing --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SheetImport:
    """What was stored from one sheet: its coder, documents, codes and codes marked present."""

    path: Path
    coder: str
    documents: int
    codes: list[str]
    present: int


@dataclass(frozen=True)
class ImportCodedResult:
    """What :func:`import_coded_sheets` stored.

    ``judgments`` counts document × code cells read, ``present`` those marked present, ``replaced``
    the documents whose earlier codes by the same coder were replaced, ``coders_on_documents`` every
    hand coder (earlier imports included) who has coded at least one of the imported documents.
    """

    run_id: int
    sheets: list[SheetImport]
    judgments: int
    present: int
    replaced: int
    coders_on_documents: list[str] = field(default_factory=list)


def _definition(codes: Sequence[Code]) -> str:
    entries = [{"name": c.name, "description": c.description} for c in codes]
    return ("# The codes of a hand-coding sheet, as `dauys code import-coded` read them.\n"
            + yaml.safe_dump({"codes": entries}, allow_unicode=True, sort_keys=False))


def import_coded_sheets(
    project: Project,
    paths: Sequence[str | Path],
    *,
    coders: Sequence[str] | None = None,
    codes: Sequence[Code] | None = None,
    progress: Progress = SILENT,
) -> ImportCodedResult:
    """Read the filled sheets of one or more coders and store their codes, all or nothing.

    Parameters
    ----------
    project
        The project the sheets were drawn from.
    paths
        The filled sheets (XLSX or CSV), one coder's each.
    coders
        One name per sheet, in the order of ``paths``; by default each sheet's coder column or file name.
    codes
        The codes every sheet must hold (see :func:`read_coded_sheet`). Without them, CSV sheets of one
        import must hold the same code columns.

    Every sheet is read and checked before anything is written: unknown document ids (listing the first
    few with their rows), bad marks, missing code columns, duplicate rows and coder names are refused with
    a message, and then nothing is stored. Importing a sheet again for the same coder replaces that
    coder's codes of those documents (for the sheet's codes) instead of adding them twice. The import is
    one transaction with the ledger entry ``code.import_coded``.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise InputError("give one or more filled coder sheets (XLSX or CSV)")
    if coders is not None and len(coders) not in (0, len(paths)):
        raise InputError(f"give one --coder per file ({len(paths)} files, {len(coders)} names), or none to take "
                         "the names from the sheets")
    names = list(coders) if coders else [None] * len(paths)
    progress.stage("Reading coder sheets", len(paths))
    sheets = []
    for path, name in zip(paths, names, strict=True):
        sheets.append(read_coded_sheet(path, name, codes))
        progress.advance()
    if codes is None:
        _same_csv_codes(sheets)
    _one_sheet_per_document(sheets)

    judgments = sum(s.values.size for s in sheets)
    present = sum(int(s.values.sum()) for s in sheets)
    all_codes = merge_codes(*(s.codes for s in sheets))
    run = Run("code.import_coded", {"files": [p.name for p in paths], "coders": [s.coder for s in sheets],
                                    "codes": [c.name for c in all_codes]})
    progress.stage("Storing codes", len(sheets))
    with project.store.write() as con:
        _check_documents(con, sheets, project.path)
        replaced = sum(_remove_replaced(con, sheet) for sheet in sheets)
        run.counts = {"documents": len({int(d) for s in sheets for d in s.doc_ids}), "sheets": len(sheets),
                      "judgments": judgments, "present": present, "replaced_documents": replaced}
        run.record(con, n_in=judgments, n_out=present)
        summaries = []
        for sheet in sheets:
            _store_sheet(con, run, sheet)
            summaries.append(SheetImport(sheet.path, sheet.coder, len(sheet.doc_ids), [c.name for c in sheet.codes],
                                         int(sheet.values.sum())))
            progress.advance()
        imported = sorted({int(d) for s in sheets for d in s.doc_ids})
        on_documents = [row[0] for row in con.execute(
            "SELECT DISTINCT coder FROM codes WHERE code = ? AND list_contains(?, doc_id) ORDER BY coder",
            [CODED, imported]).fetchall()]
    return ImportCodedResult(run.id, summaries, judgments, present, replaced, on_documents)


def _same_csv_codes(sheets: list[CodedSheet]) -> None:
    """CSV sheets carry no list of their codes: within one import they must hold the same code columns."""
    csv_sheets = [s for s in sheets if s.path.suffix.lower() != ".xlsx"]
    every = merge_codes(*(s.codes for s in csv_sheets))
    for sheet in csv_sheets:
        held = {c.name for c in sheet.codes}
        for code in every:
            if code.name not in held:
                other = next(s for s in csv_sheets if code.name in {c.name for c in s.codes})
                raise InputError(f"{sheet.path} lacks the code column {code.name!r} that {other.path} has; add it "
                                 "(left empty if no text has the code), or pass --codes to say which codes the "
                                 "sheets hold")


def _one_sheet_per_document(sheets: list[CodedSheet]) -> None:
    seen: dict[tuple[str, int], Path] = {}
    for sheet in sheets:
        for doc in sheet.doc_ids:
            key = (sheet.coder, int(doc))
            if key in seen:
                raise InputError(f"{seen[key]} and {sheet.path} both hold {sheet.coder}'s codes of document {doc}; "
                                 "import them one at a time if one corrects the other")
            seen[key] = sheet.path


def _check_documents(con, sheets: list[CodedSheet], project_path: Path) -> None:
    for sheet in sheets:
        ids = [int(d) for d in sheet.doc_ids]
        known = {row[0] for row in con.execute(
            "SELECT id FROM documents WHERE list_contains(?, id)", [ids]).fetchall()}
        unknown = [(int(d), int(r)) for d, r in zip(sheet.doc_ids, sheet.rows, strict=True) if int(d) not in known]
        if unknown:
            shown = ", ".join(f"{d} (row {r})" for d, r in unknown[:SHOWN_PROBLEMS])
            more = f" and {len(unknown) - SHOWN_PROBLEMS} more" if len(unknown) > SHOWN_PROBLEMS else ""
            raise InputError(f"{sheet.path}: {len(unknown)} document id{'s are' if len(unknown) > 1 else ' is'} not "
                             f"in the project {project_path}: {shown}{more}. Was the sheet drawn from another "
                             "project? Import it into the project `dauys code sample` drew it from")


def _codes_of(definition: str) -> set[str]:
    return {c.name for c in codebook_codes(definition, SHEET_CODEBOOK)}


def _remove_replaced(con, sheet: CodedSheet) -> int:
    """Delete the coder's earlier codes of the sheet's documents for the sheet's codes; returns documents."""
    ids = [int(d) for d in sheet.doc_ids]
    names = [c.name for c in sheet.codes]
    removed = {row[0] for row in con.execute(
        "DELETE FROM codes WHERE coder = ? AND code <> ? AND list_contains(?, code) AND list_contains(?, doc_id) "
        "RETURNING doc_id", [sheet.coder, CODED, names, ids]).fetchall()}
    books = con.execute(
        "SELECT DISTINCT b.id, b.definition FROM codes c JOIN codebooks b ON b.id = c.codebook_id "
        "WHERE c.coder = ? AND c.code = ? AND list_contains(?, c.doc_id)", [sheet.coder, CODED, ids]).fetchall()
    # an earlier sheet with other codes as well still says those were coded; one within this sheet's is replaced
    superseded = [book for book, definition in books if _codes_of(definition) <= set(names)]
    removed |= {row[0] for row in con.execute(
        "DELETE FROM codes WHERE coder = ? AND code = ? AND list_contains(?, codebook_id) AND list_contains(?, doc_id) "
        "RETURNING doc_id", [sheet.coder, CODED, superseded, ids]).fetchall()}
    return len(removed)


def _store_sheet(con, run: Run, sheet: CodedSheet) -> None:
    definition = _definition(sheet.codes)
    digest = hashlib.sha256(definition.encode("utf-8")).hexdigest()
    found = con.execute("SELECT min(id) FROM codebooks WHERE name = ? AND definition_hash = ?",
                        [SHEET_CODEBOOK, digest]).fetchall()[0][0]
    book = found if found is not None else con.execute(
        "INSERT INTO codebooks (run_id, name, definition, definition_hash, created_at) VALUES (?, ?, ?, ?, ?) "
        "RETURNING id", [run.id, SHEET_CODEBOOK, definition, digest, datetime.now(UTC)]).fetchall()[0][0]
    doc_index, code_index = np.nonzero(sheet.values)
    doc_ids = [int(d) for d in sheet.doc_ids]
    # lists as parameters, unnested side by side: DuckDB refuses to register a frame while the ledger
    # insert's RETURNING result is still open on the connection
    con.execute(
        "INSERT INTO codes (doc_id, code, coder, run_id, codebook_id) "
        "SELECT unnest(?::BIGINT[]), unnest(?::VARCHAR[]), ?, ?, unnest(?::BIGINT[])",
        [doc_ids + [doc_ids[i] for i in doc_index], [CODED] * len(doc_ids) + [sheet.codes[j].name for j in code_index],
         sheet.coder, run.id, [book] * len(doc_ids) + [None] * len(doc_index)],
    )


# --- reading stored hand codes -------------------------------------------------------------------
@dataclass(frozen=True)
class HandCodes:
    """Every judgment of hand coders on the selected documents.

    ``judgments`` has one row per document, coder and code the coder's sheet held: ``doc_id``,
    ``coder``, ``code``, ``value`` (1 marked present, 0 not). ``codes`` lists the codes in the order of
    the sheets' columns, ``coders`` the coders by name, ``documents`` the number of documents judged.
    """

    judgments: pd.DataFrame
    codes: list[str]
    coders: list[str]
    documents: int


def read_hand_codes(project: Project, where: DocumentFilter | None = None,
                    coders: Sequence[str] | None = None) -> HandCodes:
    """The hand codes stored by :func:`import_coded_sheets` for the documents ``where`` selects.

    ``coders`` keeps only those coders (an unknown name is refused, listing the coders there are).
    """
    where = where if where is not None else DocumentFilter(tz=project.tz)
    condition, params = where.sql("d")
    with project.store.read() as con:
        markers = con.execute(
            f"SELECT c.doc_id, c.coder, c.codebook_id FROM codes c JOIN documents d ON d.id = c.doc_id "
            f"WHERE c.code = ? AND {condition}", [CODED, *params]).df()
        present = con.execute(
            f"SELECT DISTINCT c.doc_id, c.coder, c.code FROM codes c JOIN documents d ON d.id = c.doc_id "
            f"WHERE c.code <> ? AND c.coder IN (SELECT coder FROM codes WHERE code = ?) AND {condition}",
            [CODED, CODED, *params]).df()
        books = con.execute(
            "SELECT id, definition FROM codebooks WHERE list_contains(?, id) ORDER BY id",
            [sorted({int(b) for b in markers["codebook_id"].dropna()})]).fetchall()
    available = sorted(set(markers["coder"]))
    if coders:
        unknown = [c for c in coders if c not in available]
        if unknown:
            raise InputError(f"--coders: {', '.join(map(repr, unknown))} coded none of the selected documents; the "
                             f"hand coders are {', '.join(map(repr, available)) or 'none yet'}")
        markers = markers.loc[markers["coder"].isin(coders)]
        present = present.loc[present["coder"].isin(coders)]
    order: list[str] = []
    book_codes = []
    for book, definition in books:
        for code in codebook_codes(definition, f"codebook {book}"):
            book_codes.append((book, code.name))
            if code.name not in order:
                order.append(code.name)
    covered = markers.merge(pd.DataFrame(book_codes, columns=["codebook_id", "code"]), on="codebook_id")
    covered = covered[["doc_id", "coder", "code"]].drop_duplicates()
    present = present.assign(value=1)
    judgments = covered.merge(present, on=["doc_id", "coder", "code"], how="outer")
    judgments["value"] = judgments["value"].fillna(0).astype("int8")
    order += [c for c in dict.fromkeys(present["code"]) if c not in order]
    used = set(judgments["code"])
    judgments = judgments.astype({"doc_id": "int64", "coder": "object", "code": "object"})
    judgments = judgments.sort_values(["code", "doc_id", "coder"], kind="stable").reset_index(drop=True)
    return HandCodes(judgments, [c for c in order if c in used], sorted(set(judgments["coder"])),
                     int(judgments["doc_id"].nunique()))
