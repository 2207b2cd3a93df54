"""The german-nouns lexicon as a compact read-only table shipped inside the package.

german-nouns (Wiktionary, ~100k nouns) ships a 20 MB CSV that takes ~2 s to parse per process;
mtcheck used to turn it into a 50 MB SQLite file in the user cache on first use, which was half of a
cold check. The table here is built once, at release time, by :mod:`mtcheck.analysis.build_lexicon`,
and only read at run time: no build, no cache file, nothing to parse up front.

Layout of ``data/german_nouns.bin`` (one file, ~4 MB): a magic line, a JSON header (source version,
CSV column names, block directory), then zlib-compressed blocks. *Form blocks* hold sorted lines
``form<TAB>id,id,...`` (every lower-cased lemma and inflected form, the record ids in the package's
own index order); *record blocks* hold ``RECORDS_PER_BLOCK`` records each, one per line, as the
package's CSV row with trailing empty columns dropped. A lookup bisects the directory, inflates one
form block and the record blocks it needs (each ~16 KB, kept in a small LRU): tens of microseconds.
A form block stays text (``"\n" + lines``) and a form is found with one ``str.find``: parsing a whole
block into a dict cost ~1 ms, 0.4 s of a warm example check.
"""

from __future__ import annotations

import bisect
import json
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

MAGIC = b"mtcheck-german-nouns 1\n"
TABLE_PATH = Path(__file__).resolve().parent / "data" / "german_nouns.bin"
RECORDS_PER_BLOCK = 256
#: the columns row_to_dict of german-nouns keeps outside "flexion"
PLAIN_COLUMNS = ("lemma", "pos", "genus", "genus 1", "genus 2", "genus 3", "genus 4")

Record = dict[str, Any]


def record_dict(header: list[str], row: list[str]) -> Record:
    """A CSV row as german-nouns' ``Nouns.row_to_dict`` gives it (same keys, same values)."""
    result: Record = {"flexion": {}}
    for name, value in zip(header, row, strict=False):
        if not value:
            continue
        if name == "pos":
            result["pos"] = value.split(",")
        elif name in PLAIN_COLUMNS:
            result[name] = value
        else:
            result["flexion"][name] = value
    return result


class NounsTable:
    """Read access to ``german_nouns.bin``: records by word form (case-insensitive)."""

    def __init__(self, path: Path = TABLE_PATH) -> None:
        data = path.read_bytes()  # ~4 MB: cheaper than mapping it, and the file never changes
        if not data.startswith(MAGIC):
            raise ValueError(f"{path} is not a german-nouns table")
        end = data.index(b"\n", len(MAGIC))
        header = json.loads(data[len(MAGIC) : end])
        self._data = data
        self._base = end + 1
        self.source = str(header["source"])  # e.g. "german-nouns 1.2.5"
        self.columns: list[str] = header["columns"]
        self._first_forms: list[str] = header["first_forms"]
        self._form_offsets: list[int] = header["form_offsets"]
        self._record_offsets: list[int] = header["record_offsets"]
        self.records = int(header["records"])
        # per-instance block caches (a module-level lru_cache would keep every instance alive)
        self._form_block = lru_cache(maxsize=128)(self._inflate_forms)
        self._record_block = lru_cache(maxsize=256)(self._inflate_records)

    def _inflate(self, offsets: list[int], block: int) -> str:
        start, stop = self._base + offsets[block], self._base + offsets[block + 1]
        return zlib.decompress(self._data[start:stop]).decode("utf-8")

    def _inflate_forms(self, block: int) -> str:
        return "\n" + self._inflate(self._form_offsets, block)  # every line then starts after a "\n"

    def _inflate_records(self, block: int) -> list[str]:
        return self._inflate(self._record_offsets, block).split("\n")

    def ids(self, form: str) -> tuple[int, ...]:
        """Record ids whose lemma or any inflected form is ``form``, in german-nouns' index order."""
        key = form.lower()
        block = bisect.bisect_right(self._first_forms, key) - 1
        if block < 0 or not key or "\n" in key or "\t" in key:  # no stored form holds either
            return ()
        text = self._form_block(block)
        start = text.find(f"\n{key}\t")
        if start < 0:
            return ()
        start += len(key) + 2
        end = text.find("\n", start)
        return tuple(int(i) for i in text[start : end if end >= 0 else len(text)].split(","))

    def record(self, record_id: int) -> Record:
        line = self._record_block(record_id // RECORDS_PER_BLOCK)[record_id % RECORDS_PER_BLOCK]
        return record_dict(self.columns, line.split("\t"))

    def entries(self, form: str) -> tuple[Record, ...]:
        return tuple(self.record(i) for i in self.ids(form))
