"""Reading tabular files into columns of strings: CSV/TSV, XLSX, JSON and JSON Lines.

:func:`read_table` opens a file, works out its format, encoding and delimiter, and returns a
:class:`RawTable`: one string column per source column (missing or empty cells are NaN) and, for every
record, the row number a person would look up in the file. Nothing is interpreted here (dates, numbers
and ids stay text); importers decide what the columns mean.

Encodings are detected from the first megabyte: a byte-order mark (UTF-8 or UTF-16), BOM-less UTF-16
(NUL bytes in every other position), UTF-8, and otherwise the Windows Cyrillic code page that Kazakh and
Russian exports still use: ``kz1048`` (Kazakh Windows) when the bytes where it puts Kazakh letters
(ә ғ қ ң ө ұ ү һ) occur, ``cp1251`` when they do not.

Row numbers: CSV and XLSX rows as a spreadsheet shows them (header = row 1, first data row = 2; blank
lines of a CSV are not counted); JSON Lines the line number; a JSON array the 1-based position of the
record.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from dauys.errors import InputError

SAMPLE_BYTES = 1 << 20
CSV_BLOCK_BYTES = 16 << 20
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
DELIMITED_SUFFIXES = (".csv", ".tsv", ".tab", ".txt")
# Bytes where kz1048 has Kazakh letters and cp1251 has Serbian, Macedonian, Ukrainian or Belarusian ones
_KZ1048_BYTES = frozenset(b"\x8d\x8e\x9d\x9e\xa1\xa2\xa3\xa5\xaa\xaf\xb4\xba\xbc\xbd\xbe\xbf")
_ENCODING_HELP = "pass --encoding (utf-8, cp1251, kz1048 or utf-16) to read it in another encoding"


@dataclass
class RawTable:
    """A file read as text: ``frame`` has one ``str`` column per source column (NaN where empty),
    ``rows`` the row number of each record in the source (see the module docstring)."""

    frame: pd.DataFrame
    rows: np.ndarray
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    json_key: str | None = None

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    def describe(self) -> dict[str, Any]:
        """How the file was read, for the ledger."""
        return {
            "format": self.format, "encoding": self.encoding, "delimiter": self.delimiter,
            "sheet": self.sheet, "json_key": self.json_key,
        }


def read_table(
    path: str | Path, *, sheet: str | None = None, encoding: str | None = None, delimiter: str | None = None
) -> RawTable:
    """Read a CSV/TSV, XLSX, JSON or JSON Lines file into a :class:`RawTable`.

    ``encoding`` and ``delimiter`` override detection (text files only); ``sheet`` picks an XLSX sheet by
    name (default: the first). Problems with the file as a whole (missing, empty, undecodable, malformed)
    raise :class:`InputError` naming the file and, where there is one, the row or line.
    """
    path = Path(path)
    head = check_file(path)
    if encoding is not None:
        encoding = _codec_name(encoding)
    if delimiter is not None:
        delimiter = check_delimiter(delimiter)
    kind = detect_format(path, head)
    if sheet is not None and kind != "xlsx":
        raise InputError(
            f"--sheet {sheet!r} applies to XLSX workbooks only; {path} is read as {kind.upper()}"
        )
    if kind == "xlsx":
        return read_xlsx(path, sheet)
    if kind in ("json", "jsonl"):
        return read_json(path, encoding, lines=kind == "jsonl")
    return read_delimited(path, encoding, delimiter)


def check_file(path: Path) -> bytes:
    """Refuse a missing file, a folder, an unreadable or empty file; return the file's first megabyte."""
    if not path.exists():
        raise InputError(f"{path} does not exist; check the path (the current folder is {Path.cwd()})")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give the path of one CSV, XLSX, JSON or JSON Lines file")
    try:
        with open(path, "rb") as fh:
            head = fh.read(SAMPLE_BYTES)
    except OSError as exc:
        raise InputError(
            f"{path} cannot be read ({exc.strerror}); check that it is a file you may open"
        ) from None
    if not head:
        raise InputError(f"{path} is empty (0 bytes); export the data again")
    return head


def check_delimiter(delimiter: str) -> str:
    """A one-character delimiter; ``\\t``, ``tab`` and ``TAB`` mean the tab character."""
    if delimiter in ("\\t", "tab", "TAB", "Tab"):
        return "\t"
    if len(delimiter) != 1 or delimiter in ('"', "\n", "\r"):
        raise InputError(f"--delimiter {delimiter!r}: give one character such as , ; | or tab")
    return delimiter


def _codec_name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise InputError(
            f"--encoding {encoding!r} is not an encoding Python knows; use utf-8, utf-8-sig, cp1251, "
            "kz1048 or utf-16"
        ) from None


def detect_format(path: Path, head: bytes) -> str:
    """``"xlsx"``, ``"json"``, ``"jsonl"`` or ``"csv"`` from the file name and its first bytes."""
    suffix = path.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            f"{path} is an old binary Excel (.xls) or other OLE file; open it in Excel or LibreOffice "
            "and save it as .xlsx or CSV"
        )
    if head.startswith(b"PK\x03\x04"):
        if suffix in EXCEL_SUFFIXES or suffix not in DELIMITED_SUFFIXES + JSON_LINES_SUFFIXES + (".json",):
            return "xlsx"
        raise InputError(f"{path} is a ZIP archive, not a {suffix} file; unpack it or give the .xlsx file")
    if suffix in EXCEL_SUFFIXES:
        raise InputError(f"{path} is not an XLSX workbook (it is not a ZIP archive); check the file")
    if suffix in JSON_LINES_SUFFIXES:
        return "jsonl"
    if suffix == ".json":
        return "json"
    if suffix in DELIMITED_SUFFIXES:
        return "csv"
    first = head.lstrip(codecs.BOM_UTF8).lstrip()[:1]
    return "json" if first in (b"[", b"{") else "csv"


def detect_encoding(sample: bytes, path: Path, complete: bool) -> str:
    """The encoding of a text file from its first bytes (``complete``: the sample is the whole file)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    nul = sample.find(b"\x00")
    if nul >= 0:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        for name, stray in (("utf-16-le", even), ("utf-16-be", odd)):
            if stray == 0 and _decodes(sample, name, complete):
                return name
        raise InputError(
            f"{path} holds binary data (a NUL byte at byte offset {nul}), not text; if it is a spreadsheet "
            "or an archive, save or unpack it as CSV, XLSX or JSON first"
        )
    if _decodes(sample, "utf-8", complete):
        return "utf-8"
    return "kz1048" if _KZ1048_BYTES.intersection(sample) else "cp1251"


def _decodes(sample: bytes, encoding: str, complete: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _decode(data: bytes, encoding: str, path: Path, forced: bool) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(_undecodable(path, encoding, exc.start, data[exc.start], forced)) from None


def _undecodable(path: Path, encoding: str, offset: int, byte: int, forced: bool) -> str:
    how = "as given with --encoding" if forced else "as detected from the start of the file"
    return (
        f"{path} cannot be decoded as {encoding} ({how}): byte 0x{byte:02x} at byte offset {offset:,} is not "
        f"valid there; {_ENCODING_HELP}"
    )


# --- CSV and TSV --------------------------------------------------------------------------------


def detect_delimiter(text: str, path: Path, complete: bool) -> str:
    """The delimiter that splits the first rows of ``text`` most consistently into two or more fields."""
    best, best_score = ",", (0.0, 0)
    for candidate in DELIMITERS:
        widths = [len(row) for row in _sample_rows(text, candidate, complete) if row]
        if not widths or widths[0] < 2:
            continue
        if candidate == "\t" and path.suffix.lower() in (".tsv", ".tab"):
            return candidate
        score = (sum(w == widths[0] for w in widths) / len(widths), widths[0])
        if score > best_score:
            best, best_score = candidate, score
    return best


def _sample_rows(text: str, delimiter: str, complete: bool, limit: int = 200) -> list[list[str]]:
    rows: list[list[str]] = []
    try:
        rows.extend(islice(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), limit))
    except csv.Error:
        return rows  # a field longer than the csv module's limit: the rows before it are sample enough
    if not complete and len(rows) > 1 and len(rows) < limit:
        rows.pop()  # the sample ends inside this row
    return rows


def read_delimited(path: Path, encoding: str | None = None, delimiter: str | None = None) -> RawTable:
    """Read a delimited text file with pyarrow (all columns as strings, empty cells as NaN)."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        sample = fh.read(SAMPLE_BYTES)
    complete = len(sample) == size
    detected = encoding or detect_encoding(sample, path, complete)
    forced = encoding is not None
    utf8 = detected in ("utf-8", "utf-8-sig")
    if utf8:
        text_sample = codecs.getincrementaldecoder(detected)(errors="replace").decode(sample, final=complete)
        data = None
    else:
        data = _decode(path.read_bytes(), detected, path, forced).encode("utf-8")
        text_sample = data[:SAMPLE_BYTES].decode("utf-8", errors="replace")
        complete = len(data) <= SAMPLE_BYTES
    text_sample = text_sample.removeprefix("\ufeff")
    if not text_sample.strip():
        raise InputError(f"{path} holds only blank lines, no header row; export the data again")
    forced_delimiter = delimiter is not None
    delimiter = delimiter or detect_delimiter(text_sample, path, complete)
    header = next(iter(_sample_rows(text_sample, delimiter, complete, limit=1)), [])

    bad_rows: list[pacsv.InvalidRow] = []

    def keep_invalid(row: pacsv.InvalidRow) -> str:
        bad_rows.append(row)
        return "skip"

    block = CSV_BLOCK_BYTES
    while True:
        source = str(path) if utf8 else pa.BufferReader(data)
        try:
            table = pacsv.read_csv(
                source,
                read_options=pacsv.ReadOptions(block_size=block, autogenerate_column_names=True),
                parse_options=pacsv.ParseOptions(
                    delimiter=delimiter, newlines_in_values=True, invalid_row_handler=keep_invalid
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types={f"f{i}": pa.large_string() for i in range(max(len(header), 1))},
                    strings_can_be_null=True, null_values=[""],
                ),
            )
            break
        except pa.ArrowInvalid as exc:
            message = str(exc)
            if "straddl" in message and block <= (size if data is None else len(data)):
                block *= 4  # a field longer than a block: read in bigger blocks
                bad_rows.clear()
                continue
            if "UTF8" in message:
                _decode(path.read_bytes(), detected, path, forced)  # raises, naming the first bad byte
            raise InputError(f"{path} cannot be read as delimited text: {message}") from None
    if bad_rows:
        _raise_ragged(path, detected, delimiter, forced_delimiter, table.num_columns, len(bad_rows), data)
    if table.num_rows < 2:
        raise InputError(f"{path} has a header row but no data rows; export the data again with its rows")
    names = unique_names([table.column(i)[0].as_py() for i in range(table.num_columns)])
    body = table.slice(1).rename_columns(names)
    frame = body.to_pandas(split_blocks=True, self_destruct=True)
    del table, body
    pa.default_memory_pool().release_unused()  # the parser's scratch blocks: give them back before staging
    return RawTable(
        frame, np.arange(2, len(frame) + 2, dtype=np.int64), "csv", encoding=detected, delimiter=delimiter
    )


def _raise_ragged(
    path: Path, encoding: str, delimiter: str, forced: bool, width: int, count: int, data: bytes | None
) -> None:
    """Find the first row whose field count differs from the header's and refuse the file naming it."""
    stream = io.StringIO(data.decode("utf-8"), newline="") if data is not None else open(
        path, encoding=encoding, newline=""
    )
    with stream:
        reader = csv.reader(stream, delimiter=delimiter)
        row_number, fields, line = 0, width, 0
        try:
            for record in reader:
                if not record:
                    continue
                row_number += 1
                if len(record) != width:
                    fields, line = len(record), reader.line_num
                    break
        except csv.Error as exc:
            fields, line = -1, reader.line_num
            detail = f"cannot be parsed ({exc})"
    name = DELIMITER_NAMES.get(delimiter, repr(delimiter))
    if fields >= 0:
        detail = f"has {fields} fields but the header has {width}"
    more = f" ({count - 1:,} more rows have the same problem)" if count > 1 else ""
    raise InputError(
        f"{path}: row {row_number} (line {line} of the file) {detail}{more}. Check the quoting of that "
        f"row, or the delimiter: {name} was {'given' if forced else 'detected'}; pass --delimiter to choose "
        "another"
    )


def unique_names(names: list[Any]) -> list[str]:
    """Header cells as column names: stripped, empty ones named column_N, repeats suffixed .1, .2, ..."""
    out: list[str] = []
    seen: set[str] = set()
    for i, name in enumerate(names, 1):
        base = "" if name is None else str(name).strip().removeprefix("\ufeff")
        base = base or f"column_{i}"
        candidate, n = base, 0
        while candidate in seen:
            n += 1
            candidate = f"{base}.{n}"
        seen.add(candidate)
        out.append(candidate)
    return out


# --- XLSX ---------------------------------------------------------------------------------------


def read_xlsx(path: Path, sheet: str | None = None) -> RawTable:
    """Read one sheet (the first unless ``sheet`` names another) of an XLSX workbook.

    The first non-empty row is the header; empty rows are skipped; formulas give their saved values;
    date cells become ISO 8601 text without an offset (local time), numbers their shortest text.
    """
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(
            f"{path} cannot be read as an XLSX workbook ({exc}); open it in Excel or LibreOffice and save "
            "it again"
        ) from None
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            raise InputError(
                f"{path} has no sheet {sheet!r}; its sheets are {', '.join(map(repr, workbook.sheetnames))}"
            )
        header: tuple | None = None
        records: list[tuple] = []
        numbers: list[int] = []
        for number, values in enumerate(worksheet.iter_rows(values_only=True), 1):
            if all(v is None or v == "" for v in values):
                continue
            if header is None:
                header = values
                continue
            records.append(values)
            numbers.append(number)
        title = worksheet.title
    finally:
        workbook.close()
    if header is None:
        raise InputError(f"{path}: sheet {title!r} is empty; choose the sheet with the data with --sheet")
    if not records:
        raise InputError(f"{path}: sheet {title!r} has a header row but no data rows")
    width = max(len(header), max(len(r) for r in records))
    names = unique_names(list(header) + [None] * (width - len(header)))
    columns = {}
    for i, name in enumerate(names):
        values = pd.array([_cell_text(r[i]) if i < len(r) else None for r in records], dtype="str")
        if (i < len(header) and header[i] is not None) or not values.isna().all():  # skip unused columns
            columns[name] = values
    return RawTable(pd.DataFrame(columns), np.array(numbers, dtype=np.int64), "xlsx", sheet=title)


def _cell_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- JSON and JSON Lines ------------------------------------------------------------------------


def read_json(path: Path, encoding: str | None = None, lines: bool = False) -> RawTable:
    """Read a JSON array of objects, an object holding such a list, or JSON Lines (one object per line).

    Nested objects are flattened with dots (``{"user": {"name": ...}}`` gives the column ``user.name``);
    lists, numbers and booleans become their JSON text.
    """
    raw = path.read_bytes()
    detected = encoding or detect_encoding(raw[:SAMPLE_BYTES], path, complete=len(raw) <= SAMPLE_BYTES)
    text = _decode(raw, detected, path, forced=encoding is not None).removeprefix("\ufeff")
    if not text.strip():
        raise InputError(f"{path} holds only blank space, no JSON; export the data again")
    key = None
    if lines:
        records, numbers = _json_lines(text, path)
    else:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            if exc.msg == "Extra data" and _first_line_is_object(text):
                records, numbers = _json_lines(text, path)
                lines = True
            else:
                raise InputError(
                    f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}. Fix the "
                    "file there or export it again"
                ) from None
        if not lines:
            records, key = _records(document, path)
            numbers = list(range(1, len(records) + 1))
    if not records:
        where = f" (in {key!r})" if key else ""
        raise InputError(f"{path} holds no records{where}; export the data again")
    flat = [_flatten(record) for record in records]
    frame = pd.DataFrame(flat, dtype=object)
    frame = frame.astype("str") if len(frame.columns) else frame
    frame.columns = unique_names(list(frame.columns))
    return RawTable(frame, np.array(numbers, dtype=np.int64), "jsonl" if lines else "json",
                    encoding=detected, json_key=key)


def _first_line_is_object(text: str) -> bool:
    first = next((line for line in text.split("\n") if line.strip()), "")
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return False


def _json_lines(text: str, path: Path) -> tuple[list[dict], list[int]]:
    records, numbers = [], []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path}, line {number}: not valid JSON ({exc.msg} at column {exc.colno}); JSON Lines needs "
                "one complete object per line. Fix that line or export the data again"
            ) from None
        if not isinstance(record, dict):
            raise InputError(
                f"{path}, line {number}: holds a JSON {_json_type(record)}, but JSON Lines needs one object "
                "({...}) per line"
            )
        records.append(record)
        numbers.append(number)
    return records, numbers


def _records(document: Any, path: Path) -> tuple[list[dict], str | None]:
    """The list of record objects in a JSON document, and the key path it was found under."""
    if isinstance(document, list):
        for i, item in enumerate(document, 1):
            if not isinstance(item, dict):
                raise InputError(
                    f"{path}: record {i} of the array is a JSON {_json_type(item)}; every record must be an "
                    "object ({...})"
                )
        return document, None
    if not isinstance(document, dict):
        raise InputError(f"{path} holds a single JSON {_json_type(document)}, not records")
    found: list[tuple[str, list]] = []
    queue: deque[tuple[str, dict, int]] = deque([("", document, 0)])
    while queue:
        prefix, obj, depth = queue.popleft()
        for name, value in obj.items():
            key = f"{prefix}{name}"
            if isinstance(value, list) and all(isinstance(v, dict) for v in value):
                found.append((key, value))
            elif isinstance(value, dict) and depth < 3:
                queue.append((key + ".", value, depth + 1))
    if not found:
        raise InputError(
            f"{path} holds one JSON object with no list of records inside; expected an array of objects "
            '([{...}, {...}]), an object holding one (such as {"data": [...]}), or JSON Lines'
        )
    key, records = max(found, key=lambda item: len(item[1]))
    return records, key


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number"
    )


def _flatten(record: dict, prefix: str = "", out: dict | None = None) -> dict[str, str | None]:
    out = {} if out is None else out
    for name, value in record.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and value:
            _flatten(value, key + ".", out)
        elif value is None or isinstance(value, str):
            out[key] = value
        else:
            out[key] = json.dumps(value, ensure_ascii=False)
    return out
