"""Pseudonymising authors with a keyed hash whose key lives outside every project.

The key is 32 random bytes in the user's configuration folder (``DAUYS_CONFIG_DIR`` if set). A shared
project folder, its exports and its reports never carry it, so a pseudonym cannot be turned back into
an account name without the key, while the same author always gets the same pseudonym on this machine.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sys
from collections.abc import Iterable
from pathlib import Path

KEY_FILE_NAME = "pseudonym.key"


def config_dir() -> Path:
    """The user's dauys configuration folder (created on first use)."""
    if os.environ.get("DAUYS_CONFIG_DIR"):
        base = Path(os.environ["DAUYS_CONFIG_DIR"])
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "dauys"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / "dauys"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "dauys"
    return base


def pseudonym_key() -> bytes:
    """The keyed-hash key, created with owner-only permissions the first time it is needed."""
    path = config_dir() / KEY_FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def pseudonymise(authors: Iterable[str], platform: str, key: bytes | None = None) -> dict[str, str]:
    """Map each distinct author name to ``u_`` + 20 hex digits of keyed BLAKE2b over platform and name."""
    key = pseudonym_key() if key is None else key
    prefix = platform.encode("utf-8") + b"\x1f"
    return {
        a: "u_" + hashlib.blake2b(prefix + a.encode("utf-8"), key=key, digest_size=10).hexdigest()
        for a in set(authors)
    }
