"""One progress protocol for long work, so the same step reports to a terminal, a notebook or a web page.

Library code calls ``progress.stage(name, total)`` and ``progress.advance(n)``; it never prints. The CLI
passes :class:`dauys.cli.common.RichProgress`; everything else gets :data:`SILENT`.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def stage(self, description: str, total: float | None = None) -> None:
        """Start a stage of work; ``total`` is in the stage's own units (rows, files), None if unknown."""

    def advance(self, amount: float = 1) -> None:
        """Record ``amount`` units of the current stage as done."""


class _Silent:
    def stage(self, description: str, total: float | None = None) -> None:
        return None

    def advance(self, amount: float = 1) -> None:
        return None


SILENT: Progress = _Silent()
