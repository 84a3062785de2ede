"""Errors a researcher can act on.

Every error dauys raises on purpose is a :class:`DauysError`; its message says what is wrong, where
(file, row, field) and what to do. The CLI prints the message without a traceback.
"""

from __future__ import annotations


class DauysError(Exception):
    """Base class of errors whose message is meant for the user."""


class NotAProjectError(DauysError):
    """A folder that does not hold a dauys project."""


class SchemaVersionError(DauysError):
    """A project written by a newer dauys than this one."""


class ProjectBusyError(DauysError):
    """Another process holds the project's database."""


class InputError(DauysError):
    """A file, a mapping or an option that cannot be used as given."""
