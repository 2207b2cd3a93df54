import json

import jsonschema
import pytest
from rich.console import Console

from mtcheck.batch import discover, run_batch
from mtcheck.config import Settings
from mtcheck.model import InputError
from mtcheck.report.json_report import load_schema


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GOOD = (
    "Die Regierung hat am Montag einen neuen Haushalt vorgestellt. Er sieht höhere Ausgaben für Schulen vor."
)
# An English sentence left in the German text: untranslated.sentence, a major finding.
BAD = (
    "Der Stadtrat hat am Dienstag einen neuen Plan für die Sanierung der Schulen beschlossen. "
    "Die Arbeiten sollen im Frühjahr beginnen und drei Jahre dauern. "
    "The costs will be paid by the city over the next three years, the mayor said. "
    "Die Opposition kritisierte, dass die Bürger nicht gefragt worden seien."
)


def test_discover_reads_folders_and_flat_files(tmp_path):
    _write(tmp_path / "alpha" / "target.de.txt", GOOD)
    _write(tmp_path / "alpha" / "source.en.md", "The government presented a budget on Monday.")
    _write(tmp_path / "alpha" / "meta.toml", "name = 'alpha'")
    for name in ("beta.de.txt", "beta.en.txt", "beta.bt.en.txt", "beta.ref.de.txt"):
        _write(tmp_path / name, GOOD)
    _write(tmp_path / "gamma" / "notes.txt", "no target here")
    _write(tmp_path / ".git" / "target.de.txt", GOOD)
    articles = {a.name: a for a in discover(tmp_path)}
    assert sorted(articles) == ["alpha", "beta", "gamma"]
    assert sorted(articles["alpha"].files) == ["source", "target"]
    assert articles["alpha"].files["source"].name == "source.en.md"
    beta = articles["beta"].files
    assert {side: path.name for side, path in beta.items()} == {
        "target": "beta.de.txt",
        "source": "beta.en.txt",
        "back_translation": "beta.bt.en.txt",
        "reference": "beta.ref.de.txt",
    }
    assert articles["gamma"].files == {}


def test_empty_or_missing_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no articles found"):
        discover(tmp_path)
    with pytest.raises(InputError, match="no such folder"):
        discover(tmp_path / "nope")


def test_batch_writes_reports_and_index_and_goes_on_after_a_broken_article(tmp_path):
    corpus = tmp_path / "corpus"
    _write(corpus / "good" / "target.de.txt", GOOD)
    _write(corpus / "bad" / "target.de.txt", BAD)
    (corpus / "broken").mkdir()
    (corpus / "broken" / "target.de.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    _write(corpus / "orphan" / "source.en.txt", "Only the English side.")
    out = tmp_path / "out"
    console = Console(record=True, width=120, force_terminal=True)
    result = run_batch(corpus, Settings(), out, console=console)

    status = {e.name: e.status for e in result.entries}
    assert status == {"bad": "fail", "broken": "error", "good": "pass", "orphan": "error"}
    assert not result.passed and result.exit_code == 1
    broken = next(e for e in result.entries if e.name == "broken")
    assert "PNG" in broken.error or "binary" in broken.error.lower()
    assert "no target.de.txt" in next(e for e in result.entries if e.name == "orphan").error

    for name in ("good", "bad"):
        data = json.loads((out / name / "report.json").read_text("utf-8"))
        jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)
        assert (out / name / "report.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert not (out / "broken").exists()

    index = result.index.read_text("utf-8")
    assert index.count("<tr class=") == 4
    assert 'href="bad/report.html"' in index and 'href="good/report.json"' in index
    assert '<span class="error">ERROR</span>' in index and '<span class="fail">FAIL</span>' in index
    assert "4 articles" in index and "1 passed" in index and "2 could not be checked" in index
    assert "1 major finding (max 0)" in index  # the gate's reason for the failed article
    assert "4/4" in console.export_text()  # the progress bar went to the end


def test_all_passing_batch_passes(tmp_path):
    _write(tmp_path / "in" / "one.de.txt", GOOD)
    result = run_batch(tmp_path / "in", Settings(), tmp_path / "out")
    assert result.passed and result.exit_code == 0


def test_batch_with_the_real_pipeline_on_team_corpora(tmp_path):
    import shutil
    from pathlib import Path

    corpora = Path(__file__).resolve().parent.parent / "corpora"
    corpus = tmp_path / "corpus"
    for name in ("central-bank", "council-budget"):
        shutil.copytree(corpora / name, corpus / name)
    _write(corpus / "empty" / "target.de.txt", "")
    settings = Settings()
    settings.gate.max_major = 0
    result = run_batch(corpus, settings, tmp_path / "out")

    entries = {e.name: e for e in result.entries}
    assert entries["empty"].status == "error"
    assert entries["council-budget"].status == "pass"
    bank = entries["central-bank"]  # its annotations inject major errors (changed number, wrong name, ...)
    assert bank.status == "fail" and bank.by_severity["major"] >= 1
    assert any(reason.endswith("(max 0)") and "major" in reason for reason in bank.reasons)
    assert result.exit_code == 1
    index = result.index.read_text("utf-8")
    assert "similarity(src,mt)" in index and "chrF(mt,ref)" in index
    data = json.loads((tmp_path / "out" / "central-bank" / "report.json").read_text("utf-8"))
    assert data["verdict"]["passed"] is False and data["inputs"]["reference"] is not None


def test_batch_checks_a_bilingual_xliff_article(tmp_path):
    from test_xliff import XLIFF_12

    _write(tmp_path / "in" / "story.de.xlf", XLIFF_12)
    result = run_batch(tmp_path / "in", Settings(), tmp_path / "out")
    (entry,) = result.entries
    assert entry.status in {"pass", "fail"}, entry.error
    data = json.loads((tmp_path / "out" / "story" / "report.json").read_text("utf-8"))
    assert data["inputs"]["target"]["format"] == "xliff" and data["inputs"]["source"] is not None
