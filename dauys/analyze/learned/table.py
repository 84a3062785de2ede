"""CSV files of texts and labels for learned coding: read with checks, written whole or not at all.

Standard CSV (RFC 4180 quoting, so texts may hold line breaks and commas), UTF-8 with or without a
byte-order mark. Only the standard library, so that applying a model stays quick to start.
Row numbers in messages count data rows from 1, the header not counted (a text with line breaks
spans several lines of the file but is one row).
"""

from __future__ import annotations

import csv
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from dauys.analyze.learned.storage import write_atomically
from dauys.errors import InputError

PRESENT = frozenset({"1", "1.0", "true", "yes", "y", "x", "да", "иә"})
ABSENT = frozenset({"", "0", "0.0", "false", "no", "n", "нет", "жоқ"})


@dataclass
class CsvTable:
    """A CSV file read whole: its path, header and rows (each a list as long as the header)."""

    path: Path
    columns: list[str]
    rows: list[list[str]]

    def index(self, column: str, option: str = "--text-col") -> int:
        """The position of ``column``, or an :class:`InputError` listing the columns there are."""
        if column not in self.columns:
            listed = ", ".join(repr(c) for c in self.columns)
            raise InputError(f"{self.path} has no column {column!r} (given by {option}); its columns are {listed}")
        return self.columns.index(column)

    def texts(self, column: str) -> list[str]:
        """The texts of ``column``; :class:`InputError` naming the rows where one is empty."""
        i = self.index(column)
        texts = [row[i] for row in self.rows]
        _no_empty(self.path, column, [n for n, text in enumerate(texts, 1) if not text.strip()], "texts")
        return texts

    def labels(self, columns: list[str], multi_label: bool) -> list[str] | list[tuple[str, ...]]:
        """The labels: one column of labels, one of ``|``-separated label sets, or one 0/1 column per code.

        With several columns each is one code, named by its column, and each cell says whether the
        code applies (``1``/``0``, ``yes``/``no``, ``true``/``false``, ``x``/empty).
        """
        if not columns:
            raise InputError("give the label column with --label-col (once per code column for several codes)")
        where = [self.index(c, "--label-col") for c in columns]
        if len(columns) == 1 and not multi_label:
            labels = [row[where[0]].strip() for row in self.rows]
            _no_empty(self.path, columns[0], [n for n, label in enumerate(labels, 1) if not label], "labels")
            return labels
        if len(columns) == 1:
            return [tuple(sorted({p.strip() for p in row[where[0]].split("|") if p.strip()})) for row in self.rows]
        sets = []
        for n, row in enumerate(self.rows, 1):
            codes = []
            for column, i in zip(columns, where, strict=True):
                value = row[i].strip().lower()
                if value in PRESENT:
                    codes.append(column)
                elif value not in ABSENT:
                    raise InputError(f"{self.path}, row {n}, column {column!r}: {row[i]!r} is neither a yes "
                                     "(1, yes, true, x) nor a no (0, no, false, empty); with several --label-col "
                                     "each column is one code marked per text")
            sets.append(tuple(codes))
        return sets


def _no_empty(path: Path, column: str, rows: list[int], what: str) -> None:
    if rows:
        shown = ", ".join(map(str, rows[:10])) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
        raise InputError(f"{path}: column {column!r} is empty in {len(rows)} rows ({shown}; data rows counted "
                         f"from 1): every row needs its {what}: fill them in or remove those rows")


def read_table(path: str | os.PathLike) -> CsvTable:
    """Read a whole CSV file with a header row."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    csv.field_size_limit(sys.maxsize)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            columns = next(reader, None)
            if not columns:
                raise InputError(f"{path} is empty: expected a CSV file with a header row")
            rows = list(reader)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text (byte {exc.start}): save it as UTF-8 CSV") from None
    except csv.Error as exc:
        raise InputError(f"{path} is not readable as CSV: {exc}") from None
    width = len(columns)
    rows = [row for row in rows if row]  # blank lines between records
    for n, row in enumerate(rows, 1):
        if len(row) != width:
            if len(row) < width:
                row.extend([""] * (width - len(row)))
            else:
                raise InputError(f"{path}, row {n} has {len(row)} fields but the header has {width}: "
                                 "quote fields that hold commas")
    return CsvTable(path, columns, rows)


def write_table(path: str | os.PathLike, columns: list[str], rows) -> None:
    """Write a CSV file atomically (a temporary file renamed into place), fields quoted as needed."""
    def write(out) -> None:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows(rows)
        text.flush()
        text.detach()

    write_atomically(Path(path), write)
