"""Word lexicons shared by the analysis: word frequencies (wordfreq), German nouns with their
gender and inflection (german-nouns, Wiktionary) and the HanTa German tagger.

Each loads lazily, once per process; lookups of pure word facts are memoised.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from functools import lru_cache
from pathlib import Path
from typing import Any

from mtcheck.cache import Schema


@lru_cache(maxsize=1)
def hanta() -> Any:
    """The HanTa German tagger (loaded once; ~0.1 s)."""
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


LEXICON_SCHEMA = Schema(
    version=1,
    columns={"records": ("id", "record"), "forms": ("form", "rank", "record_id")},
    ddl="CREATE TABLE records (id INTEGER PRIMARY KEY, record TEXT NOT NULL);"
    "CREATE TABLE forms (form TEXT NOT NULL, rank INTEGER NOT NULL, record_id INTEGER NOT NULL)",
)


class _Lexicon:
    """german-nouns, looked up by word form.

    Parsing the package's CSV and index takes ~2 s per process, more than the rest of a check. So the
    first run on a machine writes the records into an SQLite file in the cache folder (~3 s, ~40 MB,
    one file per german-nouns version); later processes open it and query only the words they meet.
    With caching switched off, or a cache file that cannot be built or read, the package's own
    in-memory lookup is used (:func:`mtcheck.cache.open_built`: a corrupt file is rebuilt, with a warning).
    """

    def __init__(self) -> None:
        from mtcheck.cache import lexicon_file_name
        from mtcheck.io import cache_root

        root = cache_root()
        self._path = root / lexicon_file_name() if root else None
        self._connection: sqlite3.Connection | None = None
        self._memory: Any = None

    def entries(self, form: str) -> tuple[dict[str, Any], ...]:
        key = form.lower()
        connection = self._connect()
        if connection is not None:
            try:
                rows = connection.execute(
                    "SELECT record FROM forms JOIN records ON records.id = forms.record_id"
                    " WHERE form = ? ORDER BY rank",
                    (key,),
                ).fetchall()
                return tuple(json.loads(record) for (record,) in rows)
            except sqlite3.DatabaseError as error:  # damage found only now, deep in the file
                self._drop(str(error))
        lexicon = self._in_memory()
        return tuple(lexicon.row_to_dict(lexicon.data[i]) for i in lexicon.index.get(key, []))

    def _in_memory(self) -> Any:
        if self._memory is None:
            from german_nouns.lookup import Nouns

            self._memory = Nouns()
        return self._memory

    def _connect(self) -> sqlite3.Connection | None:
        if self._connection is None and self._path is not None:
            from mtcheck.cache import open_built

            self._connection = open_built(self._path, "noun lexicon", LEXICON_SCHEMA, self._build)
            if self._connection is None:
                self._path = None  # an unusable cache costs speed, not correctness
        return self._connection

    def _drop(self, reason: str) -> None:
        """Use the in-memory lookup from now on; the damaged file is removed, to be built anew."""
        from mtcheck.cache import discard_built

        assert self._connection is not None and self._path is not None
        self._connection.close()
        discard_built(self._path, "noun lexicon", reason)
        self._connection, self._path = None, None

    def _build(self, partial: Path) -> None:
        lexicon = self._in_memory()
        with closing(sqlite3.connect(partial)) as db:
            db.executescript(LEXICON_SCHEMA.ddl)
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
            db.execute(f"PRAGMA user_version = {LEXICON_SCHEMA.version}")
            db.commit()


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
