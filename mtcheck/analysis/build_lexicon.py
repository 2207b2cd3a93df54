"""Build ``mtcheck/analysis/data/german_nouns.bin`` from the german-nouns package (release tooling).

    pip install "german-nouns==1.2.5"   # the version the shipped table was built from
    python -m mtcheck.analysis.build_lexicon [--out PATH]

The table holds every record of german-nouns (lemma, part of speech, genders, all inflected forms)
and its form index, in zlib-compressed blocks (:mod:`mtcheck.analysis.nouns_table`). The data is
Wiktionary's, compiled by german-nouns, under CC BY-SA 4.0: see the README's "Data licences".
Run it after upgrading german-nouns and commit the new file; the build checks every form against
the package's own lookup before writing.
"""

from __future__ import annotations

import argparse
import json
import zlib
from importlib.metadata import version
from pathlib import Path

from mtcheck.analysis.nouns_table import MAGIC, RECORDS_PER_BLOCK, TABLE_PATH, NounsTable, record_dict

FORMS_PER_BLOCK = 512


def _blocks(lines: list[str], size: int) -> tuple[list[bytes], list[int]]:
    blobs = [
        zlib.compress("\n".join(lines[k : k + size]).encode("utf-8"), 9) for k in range(0, len(lines), size)
    ]
    offsets = [0]
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    return blobs, offsets


def build(out: Path) -> None:
    from german_nouns.lookup import Nouns

    nouns = Nouns()
    rows = ["\t".join(row).rstrip("\t") for row in nouns.data]
    if any("\n" in row for row in rows) or any("\t" in v for row in nouns.data for v in row):
        raise ValueError("a german-nouns value holds a tab or a newline: the table format cannot store it")
    forms = sorted((key, ids) for key, ids in nouns.index.items() if ids)
    form_lines = [f"{key}\t{','.join(str(i) for i in ids)}" for key, ids in forms]
    form_blobs, form_offsets = _blocks(form_lines, FORMS_PER_BLOCK)
    record_blobs, record_offsets = _blocks(rows, RECORDS_PER_BLOCK)
    shift = form_offsets[-1]
    header = {
        "source": f"german-nouns {version('german-nouns')}",
        "licence": "CC BY-SA 4.0 (Wiktionary contributors; compiled by german-nouns, Gregor Weichbrodt)",
        "columns": nouns.header,
        "records": len(rows),
        "first_forms": [key for key, _ in forms[::FORMS_PER_BLOCK]],
        "form_offsets": form_offsets,
        "record_offsets": [shift + o for o in record_offsets],
    }
    partial = out.with_name(out.name + ".tmp")
    partial.write_bytes(
        MAGIC
        + json.dumps(header, ensure_ascii=False).encode("utf-8")
        + b"\n"
        + b"".join(form_blobs + record_blobs)
    )
    table = NounsTable(partial)
    for key, ids in forms:  # the table answers exactly as the package does
        if table.ids(key) != tuple(ids):
            raise AssertionError(f"form {key!r}: {table.ids(key)} != {ids}")
    for i, row in enumerate(nouns.data):
        if table.record(i) != record_dict(nouns.header, row) or table.record(i) != nouns.row_to_dict(row):
            raise AssertionError(f"record {i} differs")
    partial.replace(out)
    size = out.stat().st_size / 1e6
    print(f"{out}: {size:.1f} MB, {len(rows)} records, {len(forms)} forms ({header['source']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=TABLE_PATH)
    build(parser.parse_args().out)


if __name__ == "__main__":
    main()
