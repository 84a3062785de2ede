"""Learned coding: learn one code, a set of codes or tone from hand-coded texts, and code the rest.

>>> from dauys.analyze.learned import LearnedCoder, load_coder
>>> coder = LearnedCoder(class_prior={"positive": 0.8}).fit(texts, labels)   # doctest: +SKIP
>>> coder.save("tone.dauys-model")                                          # doctest: +SKIP
>>> load_coder("tone.dauys-model").predict(["Өте керемет қосымша!"])        # doctest: +SKIP
['positive']

Modules, one job each: :mod:`~dauys.analyze.learned.features` (texts to hashed n-gram counts),
:mod:`~dauys.analyze.learned.model` (the estimator), :mod:`~dauys.analyze.learned.storage` (one model
file, versioned), :mod:`~dauys.analyze.learned.evaluation` (cross-validated scores; imports pandas),
:mod:`~dauys.analyze.learned.table` (CSV in and out). Nothing here imports scikit-learn until a
coder is fitted, so applying a saved model needs only numpy.
"""

from dauys.analyze.learned.model import LearnedCoder
from dauys.analyze.learned.storage import load_coder, save_coder

__all__ = ["LearnedCoder", "load_coder", "save_coder"]
