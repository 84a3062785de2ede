"""A fitted :class:`~dauys.analyze.learned.model.LearnedCoder` as one file, and back.

The file is a zip archive holding

``header.json``
    What the model is and where it comes from: the format, the dauys version and features version
    that wrote it, when (UTC), the constructor's parameters, the labels, the number of training texts,
    the SHA-256 of the training texts and labels, and the training shares of the labels.
``arrays.npz``
    The learned numbers, only for the hash buckets kept in training.
``stems.tsv``
    The folded-form-to-stem table (``stems=True`` only).

Versions: a model written by another dauys version is refused (:class:`dauys.errors.InputError`),
because the same text could give other features and so quietly other codes. With
``allow_other_version=True`` it loads with a warning, provided its features version is this dauys's;
a model whose features version differs is always refused: train it again.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import warnings
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from dauys import __version__
from dauys.analyze.learned.features import FEATURES_VERSION, FeatureConfig, WordKeys
from dauys.analyze.learned.model import LearnedCoder
from dauys.errors import InputError

FORMAT = "dauys-learned-coder"
FORMAT_VERSION = 1


def save_coder(coder: LearnedCoder, path: str | os.PathLike) -> None:
    """Write a fitted coder to ``path`` (one file), atomically: a failed save leaves no partial file."""
    coder._check_fitted()
    path = Path(path)
    kept = np.flatnonzero(coder.idf_)
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "dauys_version": __version__,
        "features_version": FEATURES_VERSION,
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "params": {k: list(v) if isinstance(v, tuple) else v for k, v in coder.get_params().items()},
        "classes": coder.classes_,
        "n_train": coder.n_train_,
        "train_sha256": coder.train_sha256_,
        "train_prior": dict(zip(coder.classes_, map(float, coder.train_prior_), strict=True)),
    }
    arrays = io.BytesIO()
    np.savez(
        arrays,
        features=kept.astype(np.int32),
        idf=coder.idf_[kept],
        coef=coder.coef_[:, kept],
        intercept=coder.intercept_,
        calibration=coder.calibration_,
        offsets=coder.offsets_,
    )
    stems = "".join(f"{folded}\t{key}\n" for folded, key in sorted(coder.word_keys_.stems.items()))
    write_atomically(path, lambda out: _write_zip(out, header, arrays.getvalue(), stems))


def _write_zip(out, header: dict, arrays: bytes, stems: str) -> None:
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("header.json", json.dumps(header, ensure_ascii=False, indent=1))
        archive.writestr("arrays.npz", arrays)
        if stems:
            archive.writestr("stems.tsv", stems)


def write_atomically(path: Path, write) -> None:
    """Call ``write(binary_file)`` on a temporary file next to ``path``, then rename it to ``path``."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a folder: give a file name to write")
    if not path.parent.exists():
        raise InputError(f"{path.parent} does not exist: create the folder first or write elsewhere")
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(partial, 0o666 & ~umask)  # mkstemp makes the file private; give it the usual permissions
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def read_header(path: str | os.PathLike) -> dict:
    """The ``header.json`` of a saved coder, without loading its arrays."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such model file")
    try:
        with zipfile.ZipFile(path) as archive:
            header = json.loads(archive.read("header.json"))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise InputError(f"{path} is not a dauys coder model (make one with `dauys code train`)") from None
    if header.get("format") != FORMAT:
        raise InputError(f"{path} is not a dauys coder model (make one with `dauys code train`)")
    return header


def load_coder(path: str | os.PathLike, *, allow_other_version: bool = False) -> LearnedCoder:
    """Read a coder written by :func:`save_coder`.

    Parameters
    ----------
    path
        The model file.
    allow_other_version
        Load a model written by another dauys version with a warning instead of refusing, provided
        it makes features the same way.

    Raises
    ------
    InputError
        Not a model file, or a model from another dauys version (see the module's description).
    """
    path = Path(path)
    header = read_header(path)
    written_by = header.get("dauys_version")
    if header.get("format_version") != FORMAT_VERSION or header.get("features_version") != FEATURES_VERSION:
        raise InputError(
            f"{path} was written by dauys {written_by} (model format {header.get('format_version')}, features "
            f"version {header.get('features_version')}); this dauys {__version__} reads format {FORMAT_VERSION}, "
            f"features version {FEATURES_VERSION}: train the model again with this version (`dauys code train`)")
    if written_by != __version__:
        message = (f"{path} was written by dauys {written_by}, this is dauys {__version__}: the same texts may "
                   "get other codes")
        if not allow_other_version:
            raise InputError(message + "; train the model again with this version, or accept the difference "
                             "with --allow-other-version")
        warnings.warn(message, UserWarning, stacklevel=2)
    with zipfile.ZipFile(path) as archive:
        arrays = np.load(io.BytesIO(archive.read("arrays.npz")))
        names = set(archive.namelist())
        stems_text = archive.read("stems.tsv").decode("utf-8") if "stems.tsv" in names else ""
    params = {k: tuple(v) if isinstance(v, list) else v for k, v in header["params"].items()}
    coder = LearnedCoder(**params)
    coder.classes_ = list(header["classes"])
    coder.config_ = FeatureConfig(tuple(params["char_ngrams"]), tuple(params["word_ngrams"]), params["bits"])
    coder.word_keys_ = WordKeys(dict(line.split("\t", 1) for line in stems_text.splitlines()))
    features = arrays["features"].astype(np.int64)
    coder.idf_ = np.zeros(coder.config_.n_features, dtype=np.float32)
    coder.idf_[features] = arrays["idf"]
    coder.coef_ = np.zeros((len(arrays["coef"]), coder.config_.n_features), dtype=np.float32)
    coder.coef_[:, features] = arrays["coef"]
    coder.intercept_ = arrays["intercept"]
    coder.calibration_ = arrays["calibration"]
    coder.offsets_ = arrays["offsets"]
    coder.train_prior_ = np.array([header["train_prior"][c] for c in coder.classes_])
    coder.n_train_ = header["n_train"]
    coder.train_sha256_ = header["train_sha256"]
    return coder
