"""The on-disk caches (issue 11, item 8): a corrupt, empty or foreign file is rebuilt with a warning, an
unwritable one is skipped with a warning, concurrent processes lose no rows, and clearing is safe."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from mtcheck import cache
from mtcheck.cache import cache_files, take_warnings
from mtcheck.embed import EmbeddingCache
from mtcheck.translate.cache import TranslationCache

GARBAGE = b"this is not an SQLite file, but a text a user or a crash left here\n" * 20


@pytest.fixture(autouse=True)
def no_leftover_warnings():
    take_warnings()
    yield
    take_warnings()


# ---------------------------------------------------------------- back-translations and embeddings


def _bt_roundtrip(folder: Path) -> dict[str, str]:
    store = TranslationCache(folder)
    store.put_many("m", {"k1": "one", "k2": "two"})
    return store.get_many(["k1", "k2", "k3"])


def _embedding_roundtrip(folder: Path) -> dict[bytes, np.ndarray]:
    store = EmbeddingCache(folder / "embeddings.sqlite")
    store.put("m", [(b"a", np.ones(4, dtype=np.float32)), (b"b", np.zeros(4, dtype=np.float32))])
    return store.get("m", [b"a", b"b", b"c"], 4)


ROUNDTRIPS = {
    "backtranslation.sqlite3": (_bt_roundtrip, 2),
    "embeddings.sqlite": (_embedding_roundtrip, 2),
}


@pytest.mark.parametrize("name", sorted(ROUNDTRIPS))
def test_corrupt_file_is_rebuilt_with_a_warning(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(GARBAGE)
    roundtrip, expected = ROUNDTRIPS[name]
    assert len(roundtrip(tmp_path)) == expected
    warnings = take_warnings()
    assert len(warnings) == 1 and "could not be read" in warnings[0] and "rebuilt" in warnings[0]
    assert len(roundtrip(tmp_path)) == expected and take_warnings() == []  # healthy from now on


@pytest.mark.parametrize("name", sorted(ROUNDTRIPS))
def test_empty_file_is_a_new_cache(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    roundtrip, expected = ROUNDTRIPS[name]
    assert len(roundtrip(tmp_path)) == expected
    assert take_warnings() == []  # nothing was lost: no warning


@pytest.mark.parametrize(
    "ddl",
    [
        "CREATE TABLE embeddings (model TEXT, key TEXT, vec BLOB)",  # other columns
        "CREATE TABLE vectors (id INTEGER)",  # other tables
        "CREATE TABLE embeddings (model TEXT NOT NULL, key BLOB NOT NULL, vector BLOB NOT NULL, "
        "PRIMARY KEY (model, key)); PRAGMA user_version = 7",  # a later mtcheck's version
    ],
)
def test_embedding_cache_of_another_schema_is_rebuilt(tmp_path: Path, ddl: str) -> None:
    with sqlite3.connect(tmp_path / "embeddings.sqlite") as connection:
        connection.executescript(ddl)
    assert len(_embedding_roundtrip(tmp_path)) == 2
    assert any("another schema" in w and "rebuilt" in w for w in take_warnings())


def test_cache_of_an_older_mtcheck_is_kept(tmp_path: Path) -> None:
    """Files written before the schema was versioned (user_version 0) keep their rows."""
    with sqlite3.connect(tmp_path / "embeddings.sqlite") as connection:
        connection.execute(
            "CREATE TABLE embeddings (model TEXT NOT NULL, key BLOB NOT NULL, vector BLOB NOT NULL, "
            "PRIMARY KEY (model, key))"
        )
        connection.execute(
            "INSERT INTO embeddings VALUES ('m', ?, ?)", (b"old", np.ones(4, np.float32).tobytes())
        )
    assert b"old" in EmbeddingCache(tmp_path / "embeddings.sqlite").get("m", [b"old"], 4)
    assert take_warnings() == []


def test_unwritable_cache_is_skipped_with_a_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    assert _bt_roundtrip(blocker) == {}  # the check goes on, without the cache
    assert _embedding_roundtrip(blocker) == {}
    warnings = take_warnings()
    assert len(warnings) == 2 and all("cannot be written" in w for w in warnings)


def test_pipeline_puts_cache_warnings_into_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mtcheck
    from mtcheck import embed

    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(embed, "_CACHES", {})
    (tmp_path / "embeddings.sqlite").write_bytes(GARBAGE)
    german = "Die Stadtverwaltung eröffnete am Mittwoch eine Ausstellung über Brücken aus Holz."
    english = "The city administration opened an exhibition about wooden bridges on Wednesday."
    report = mtcheck.check(
        mtcheck.article_from_text(german, "target", "de"),
        source=mtcheck.article_from_text(english, "source", "en"),
    )
    assert any("embedding cache" in w and "rebuilt" in w for w in report.warnings), report.warnings


# ---------------------------------------------------------------- concurrency and clearing

WORKER = textwrap.dedent(
    """
    import sys
    import numpy as np
    from pathlib import Path
    from mtcheck.cache import take_warnings
    from mtcheck.embed import EmbeddingCache
    from mtcheck.translate.cache import TranslationCache

    folder, who, kind, rounds = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    lost = 0
    for r in range(rounds):
        keys = [f"{who}-{r}-{k}" for k in range(25)]
        if kind == "bt":
            store = TranslationCache(folder)
            store.put_many("m", {k: "out " + k for k in keys})
            found = store.get_many(keys)
        else:
            store = EmbeddingCache(folder / "embeddings.sqlite")
            store.put("m", [(k.encode(), np.full(8, r, dtype=np.float32)) for k in keys])
            found = store.get("m", [k.encode() for k in keys], 8)
        lost += len(keys) - len(found)
    print(lost, "|".join(take_warnings()))
    """
)


def _workers(folder: Path, kind: str, rounds: int, count: int = 2) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(folder), f"w{i}", kind, str(rounds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(count)
    ]


@pytest.mark.parametrize("kind", ["bt", "emb"])
def test_two_processes_writing_and_reading_lose_no_rows(tmp_path: Path, kind: str) -> None:
    rounds = 30
    for process in _workers(tmp_path, kind, rounds):
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert out.split(" ", 1) == ["0", "\n"], out  # no row lost, no warning
    table = "translations" if kind == "bt" else "embeddings"
    name = "backtranslation.sqlite3" if kind == "bt" else "embeddings.sqlite"
    with sqlite3.connect(tmp_path / name) as connection:
        assert connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 2 * rounds * 25


@pytest.mark.parametrize("kind", ["bt", "emb"])
def test_clearing_while_another_process_works_gives_no_error(tmp_path: Path, kind: str) -> None:
    """Before: 'disk I/O error' in the worker and a fifth of its rows lost while a clear ran."""
    process = _workers(tmp_path, kind, 60, count=1)[0]
    cleared = 0
    while process.poll() is None:
        for file in cache_files(tmp_path):
            if file.path.exists():
                file.clear()
                cleared += 1
        time.sleep(0.01)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    warnings = out.split(" ", 1)[1]
    assert "I/O" not in warnings and "could not be read" not in warnings, warnings
    assert cleared > 0


def test_errors_are_classified() -> None:
    assert cache.classify(sqlite3.OperationalError("database is locked")) == "busy"
    assert cache.classify(sqlite3.DatabaseError("file is not a database")) == "corrupt"
    assert cache.classify(sqlite3.OperationalError("attempt to write a readonly database")) == "unwritable"


# ---------------------------------------------------------------- the commands


def test_cache_commands_survive_corrupt_files_and_clear_all(tmp_path: Path, monkeypatch) -> None:
    from mtcheck.cli import app

    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    # an old mtcheck built its noun lexicon in the cache: clear --all removes that file too
    names = ["backtranslation.sqlite3", "embeddings.sqlite", "analysis.sqlite3", "german-nouns-1.2.5.sqlite"]
    for name in names:
        (tmp_path / name).write_bytes(GARBAGE)
    runner = CliRunner()
    info = runner.invoke(app, ["cache", "info"])
    assert info.exit_code == 0, info.output
    text = " ".join(info.stdout.split())
    labels = (
        "back-translations: unreadable",
        "embeddings: unreadable",
        "analysis: unreadable",
        "old noun lexicon",
    )
    for label in labels:
        assert label in text, text
    assert all((tmp_path / name).read_bytes() == GARBAGE for name in names)  # info only looks
    clear = runner.invoke(app, ["cache", "clear"])
    assert clear.exit_code == 0, clear.output
    assert not (tmp_path / names[0]).exists() and (tmp_path / names[1]).exists()
    everything = runner.invoke(app, ["cache", "clear", "--all"])
    assert everything.exit_code == 0, everything.output
    assert not any((tmp_path / name).exists() for name in names)
