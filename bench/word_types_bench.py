"""CPU time of normalising and lemmatising a corpus's word types, the step that dominates ``dauys text process``.

Whole-command timings (``bench/text_bench.py``) swing by a tenth on a shared machine; this replays the
exact sequence of new word types a run meets, in one process, so that a change to the normaliser or the
lemmatisers can be judged on CPU time alone (or, under ``valgrind --tool=callgrind``, on instructions).

1. The word-type keys (language code + form, as ``dauys.text.pipeline._Lexicon`` sees them) are recorded
   from a run of ``token_table`` over the distinct texts of a project, with their norms and lemmas.
2. A fresh interpreter loads the models, then adds every key to an empty lexicon, batch by batch, and
   reports the CPU time of that alone and whether every norm and lemma equals the recorded one.

    .venv/bin/python bench/text_bench.py --docs 500000 --keep /tmp/bench      # once, to build the project
    .venv/bin/python bench/word_types_bench.py /tmp/bench/project --record /tmp/types.pkl
    .venv/bin/python bench/word_types_bench.py --replay /tmp/types.pkl       # after a change: same output?

Record with the code a change starts from, replay with the changed code: "differ" counts the types whose
norm or lemma changed.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import sys
import time
from pathlib import Path

BATCH = 5000


def record(project_path: Path, out: Path) -> None:
    import numpy as np

    import dauys.text.pipeline as pipeline
    from dauys.project import open_project

    project = open_project(project_path)
    with project.store.read() as con:
        # distinct texts in the order a run meets them: by the first document holding each
        texts = list(dict.fromkeys(row[0] for row in con.execute("SELECT text FROM documents ORDER BY id").fetchall()))
    recorded: list[tuple[str, str, str | None]] = []
    add = pipeline._Lexicon.add

    def recording_add(self, key: str) -> int:
        index = add(self, key)
        recorded.append((key, self.norms[index], self.lemmas[index]))
        return index

    pipeline._Lexicon.add = recording_add
    gc.disable()
    for start in range(0, len(texts), 4000):
        pipeline.token_table(np.arange(start, min(start + 4000, len(texts))), texts[start : start + 4000])
    out.write_bytes(pickle.dumps(recorded))
    print(f"recorded {len(recorded):,} word types of {len(texts):,} distinct texts to {out}")


def replay(path: Path) -> None:
    import dauys.text.pipeline as pipeline
    from dauys.text.normalize import NormalizeOptions

    recorded = pickle.loads(path.read_bytes())
    pipeline._warm_up(NormalizeOptions())
    gc.disable()
    lexicon = pipeline._Lexicon(NormalizeOptions())
    keys = [key for key, _, _ in recorded]
    began = time.process_time()
    for start in range(0, len(keys), BATCH):
        batch = [key for key in dict.fromkeys(keys[start : start + BATCH]) if key not in lexicon.entries]
        lexicon.prepare(batch)
        for key in batch:
            lexicon.add(key)
    seconds = time.process_time() - began
    differ = [
        (key, norm, lemma, lexicon.norms[lexicon.entries[key]], lexicon.lemmas[lexicon.entries[key]])
        for key, norm, lemma in recorded
        if (lexicon.norms[lexicon.entries[key]], lexicon.lemmas[lexicon.entries[key]]) != (norm, lemma)
    ]
    print(f"{len(keys):,} word types in {seconds:.2f} s CPU ({len(keys) / seconds:,.0f} types/s); "
          f"{len(differ):,} differ from the record")
    for key, norm, lemma, new_norm, new_lemma in differ[:20]:
        print(f"  {key[1:]!r} ({key[0]}): norm {norm!r} -> {new_norm!r}, lemma {lemma!r} -> {new_lemma!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path, help="a project to record the word types of")
    parser.add_argument("--record", type=Path, help="write the recorded types here")
    parser.add_argument("--replay", type=Path, help="replay recorded types in this process")
    args = parser.parse_args()
    if args.replay:
        replay(args.replay)
    elif args.project and args.record:
        record(args.project, args.record)
    else:
        sys.exit("give a project and --record FILE, or --replay FILE")


if __name__ == "__main__":
    main()
