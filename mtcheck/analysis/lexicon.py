"""Word lexicons shared by the analysis: word frequencies (wordfreq), German nouns with their
gender and inflection (german-nouns, Wiktionary) and the HanTa German tagger.

Each loads lazily, once per process; lookups of pure word facts are memoised.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def hanta() -> Any:
    """The HanTa German tagger (loaded once; ~0.1 s)."""
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


class _Lexicon:
    """german-nouns, looked up by word form.

    Parsing the package's CSV and index takes ~2 s per process, more than the rest of a check. So the
    first run on a machine writes the records into an SQLite file in the cache folder (~3 s, ~40 MB,
    one file per german-nouns version); later processes open it and query only the words they meet.
    With caching switched off, the package's own in-memory lookup is used.
    """

    def __init__(self) -> None:
        from importlib.metadata import version

        from mtcheck.io import cache_root

        root = cache_root()
        self._path = root / f"german-nouns-{version('german-nouns')}.sqlite" if root else None
        self._connection: sqlite3.Connection | None = None
        self._memory: Any = None

    def entries(self, form: str) -> tuple[dict[str, Any], ...]:
        key = form.lower()
        connection = self._connect()
        if connection is None:
            lexicon = self._in_memory()
            return tuple(lexicon.row_to_dict(lexicon.data[i]) for i in lexicon.index.get(key, []))
        rows = connection.execute(
            "SELECT record FROM forms JOIN records ON records.id = forms.record_id"
            " WHERE form = ? ORDER BY rank",
            (key,),
        )
        return tuple(json.loads(record) for (record,) in rows)

    def _in_memory(self) -> Any:
        if self._memory is None:
            from german_nouns.lookup import Nouns

            self._memory = Nouns()
        return self._memory

    def _connect(self) -> sqlite3.Connection | None:
        if self._connection is None and self._path is not None:
            try:
                if not self._path.is_file():
                    self._build()
                self._connection = sqlite3.connect(
                    f"file:{self._path}?mode=ro", uri=True, check_same_thread=False
                )
            except (OSError, sqlite3.Error):
                self._path = None  # an unwritable cache costs speed, not correctness
        return self._connection

    def _build(self) -> None:
        assert self._path is not None
        lexicon = self._in_memory()
        self._path.parent.mkdir(parents=True, exist_ok=True)
        partial = self._path.with_name(f".{self._path.name}.{os.getpid()}.tmp")
        with closing(sqlite3.connect(partial)) as db:
            db.execute("CREATE TABLE records (id INTEGER PRIMARY KEY, record TEXT NOT NULL)")
            db.execute(
                "CREATE TABLE forms (form TEXT NOT NULL, rank INTEGER NOT NULL, record_id INTEGER NOT NULL)"
            )
            db.executemany(
                "INSERT INTO records VALUES (?, ?)",
                (
                    (i, json.dumps(lexicon.row_to_dict(row), ensure_ascii=False))
                    for i, row in enumerate(lexicon.data)
                ),
            )
            db.executemany(
                "INSERT INTO forms VALUES (?, ?, ?)",
                ((form, rank, i) for form, ids in lexicon.index.items() for rank, i in enumerate(ids)),
            )
            db.execute("CREATE INDEX forms_by_form ON forms (form)")
            db.commit()
        os.replace(partial, self._path)  # atomic: a concurrent process sees no file or a whole one


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon()


@lru_cache(maxsize=200_000)
def noun_entries(form: str) -> tuple[dict[str, Any], ...]:
    """german-nouns records whose lemma or any inflected form is ``form`` (case-insensitive)."""
    return _lexicon().entries(form)


@lru_cache(maxsize=65536)
def zipf(word: str, language: str) -> float:
    """Word frequency on the Zipf scale (0 = unseen, 7 = "the"), from wordfreq's shipped lists."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, language)


def listed_german_noun(form: str) -> bool:
    """german-nouns (Wiktionary) lists ``form`` as a noun or a form of one (Meeting, Antiquitäten).
    The lexicon is loaded on first use and shared with the gender checks."""
    return any("Substantiv" in entry.get("pos", []) for entry in noun_entries(form))
