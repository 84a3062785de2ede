"""The scikit-learn estimator protocol for dauys's own models, without importing scikit-learn.

Everything learned from data (the learned coder, topic models, document clusters) keeps its parameters
as constructor keywords stored unchanged, learns in ``fit`` and keeps what it learned in attributes
ending in ``_``. :class:`Estimator` adds ``get_params``, ``set_params`` and a ``repr`` showing the
parameters that differ from the defaults, so the models work with scikit-learn's tools (``clone``,
grid search) while a saved model can be applied with numpy alone.
"""

from __future__ import annotations

import inspect
from typing import Any, Self

from dauys.errors import InputError


class Estimator:
    """The estimator protocol: parameters are the keyword arguments of ``__init__``."""

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's parameters, as scikit-learn's ``get_params``."""
        return {name: getattr(self, name) for name in inspect.signature(type(self).__init__).parameters
                if name != "self"}

    def set_params(self, **params: Any) -> Self:
        """Set constructor parameters; returns self."""
        valid = self.get_params()
        for name, value in params.items():
            if name not in valid:
                raise InputError(f"{type(self).__name__} has no parameter {name!r}; it has {', '.join(valid)}")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        defaults = {name: p.default for name, p in inspect.signature(type(self).__init__).parameters.items()
                    if name != "self"}
        changed = {k: v for k, v in self.get_params().items() if defaults.get(k, inspect.Parameter.empty) != v}
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in changed.items())})"
