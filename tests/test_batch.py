import json
import os
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from report_helpers import target_only_settings
from rich.console import Console

from mtcheck.batch import BatchOptions, discover, entry_status, run_batch
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
    result = run_batch(corpus, target_only_settings(), out, console=console)

    status = {e.name: e.status for e in result.entries}
    assert status == {"bad": "block", "broken": "error", "good": "publish", "orphan": "error"}
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
    assert '<span class="error">ERROR</span>' in index and '<span class="block">BLOCK</span>' in index
    assert "4 articles" in index and "1 publish" in index and "2 could not be checked" in index
    assert "1 major finding (max 0)" in index  # the gate's reason for the failed article
    assert "4/4" in console.export_text()  # the progress bar went to the end


def test_all_passing_batch_passes(tmp_path):
    _write(tmp_path / "in" / "one.de.txt", GOOD)
    result = run_batch(tmp_path / "in", target_only_settings(), tmp_path / "out")
    assert result.passed and result.exit_code == 0


def test_batch_with_the_real_pipeline_on_team_corpora(tmp_path):
    import shutil
    from pathlib import Path

    corpora = Path(__file__).resolve().parent.parent / "corpora"
    corpus = tmp_path / "corpus"
    for name in ("central-bank", "council-budget"):
        shutil.copytree(corpora / name, corpus / name)
    _write(corpus / "empty" / "target.de.txt", "")
    settings = target_only_settings()
    settings.gate.max_major = 0
    result = run_batch(corpus, settings, tmp_path / "out")

    entries = {e.name: e for e in result.entries}
    assert entries["empty"].status == "error"
    assert entries["council-budget"].status == "publish"
    bank = entries["central-bank"]  # its annotations inject major errors (changed number, wrong name, ...)
    assert bank.status == "block" and bank.by_severity["major"] >= 1
    assert any(reason.endswith("(max 0)") and "major" in reason for reason in bank.reasons)
    assert result.exit_code == 1
    index = result.index.read_text("utf-8")
    assert "similarity(src,mt)" in index and "chrF(mt,ref)" in index
    data = json.loads((tmp_path / "out" / "central-bank" / "report.json").read_text("utf-8"))
    assert data["verdict"]["passed"] is False and data["inputs"]["reference"] is not None


def test_batch_checks_a_bilingual_xliff_article(tmp_path):
    from test_xliff import XLIFF_12

    _write(tmp_path / "in" / "story.de.xlf", XLIFF_12)
    result = run_batch(tmp_path / "in", target_only_settings(), tmp_path / "out")
    (entry,) = result.entries
    assert entry.status in {"publish", "block"}, entry.error
    data = json.loads((tmp_path / "out" / "story" / "report.json").read_text("utf-8"))
    assert data["inputs"]["target"]["format"] == "xliff" and data["inputs"]["source"] is not None


# --- issue 11 items 3 and 7: symlinks out of the folder, unreadable folders, --out inside ---------

SECRET = "-----BEGIN OPENSSH PRIVATE KEY----- geheimer Schlüssel des Servers"


def test_symlinks_that_leave_the_folder_are_skipped_and_never_read(tmp_path):
    secret = _write(tmp_path / "outside" / "id_rsa", SECRET)
    outside_article = _write(tmp_path / "outside" / "story" / "target.de.txt", SECRET)
    corpus = tmp_path / "corpus"
    _write(corpus / "good" / "target.de.txt", GOOD)
    (corpus / "linked-file").mkdir()
    os.symlink(secret, corpus / "linked-file" / "target.de.txt")  # NAME/target.de.txt -> secret
    os.symlink(secret, corpus / "flat.de.txt")  # NAME.de.txt -> secret
    os.symlink(outside_article.parent, corpus / "linked-folder")  # NAME -> a folder outside
    _write(corpus / "inside" / "target.de.txt", GOOD)
    os.symlink(corpus / "inside" / "target.de.txt", corpus / "alias.de.txt")  # stays inside: read
    out = tmp_path / "out"
    result = run_batch(corpus, target_only_settings(), out, options=BatchOptions(sarif=tmp_path / "b.sarif"))

    status = {e.name: e.status for e in result.entries}
    assert status == {
        "alias": "publish",
        "flat": "skipped",
        "good": "publish",
        "inside": "publish",
        "linked-file": "skipped",
        "linked-folder": "skipped",
    }
    skipped = next(e for e in result.entries if e.name == "linked-file")
    assert "symlink" in skipped.error and "leads out of the input folder" in skipped.error
    assert result.passed  # a skipped link does not fail the batch: nothing was checked or published
    written = "".join(p.read_text("utf-8") for p in out.rglob("*") if p.is_file())
    written += (tmp_path / "b.sarif").read_text("utf-8")
    assert "geheimer" not in written and "OPENSSH" not in written
    assert str(secret) not in written  # not even where the link points
    assert "3 skipped (not read)" in result.index.read_text("utf-8")


def test_an_unreadable_sub_folder_is_an_error_row_not_the_end_of_the_batch(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    _write(corpus / "good" / "target.de.txt", GOOD)
    locked = corpus / "locked"
    _write(locked / "target.de.txt", GOOD)
    real_iterdir = type(locked).iterdir

    def iterdir(self):  # what chmod 000 does for a normal user (root, as in CI, reads anyway)
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(type(locked), "iterdir", iterdir)
    monkeypatch.setattr(type(locked), "is_file", lambda self: self.parent != locked and os.path.isfile(self))
    result = run_batch(corpus, target_only_settings(), tmp_path / "out")
    status = {e.name: (e.status, e.error) for e in result.entries}
    assert status["good"] == ("publish", None)
    assert status["locked"][0] == "error" and "cannot read folder" in status["locked"][1]
    assert "Permission denied" in status["locked"][1]
    assert result.index.is_file() and result.exit_code == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_a_chmod_000_sub_folder_is_an_error_row(tmp_path):
    corpus = tmp_path / "corpus"
    _write(corpus / "good" / "target.de.txt", GOOD)
    _write(corpus / "locked" / "target.de.txt", GOOD)
    (corpus / "locked").chmod(0)
    try:
        result = run_batch(corpus, target_only_settings(), tmp_path / "out")
    finally:
        (corpus / "locked").chmod(0o755)
    assert {e.name: e.status for e in result.entries} == {"good": "publish", "locked": "error"}


def test_out_inside_the_input_folder_is_not_read_as_articles_on_the_next_run(tmp_path):
    corpus = tmp_path / "corpus"
    _write(corpus / "good" / "target.de.txt", GOOD)
    _write(corpus / "other.de.txt", GOOD)
    out = corpus / "reports"
    first = run_batch(corpus, target_only_settings(), out)
    second = run_batch(corpus, target_only_settings(), out, options=BatchOptions(force=True))
    for result in (first, second):
        assert {e.name: e.status for e in result.entries} == {"good": "publish", "other": "publish"}
        assert result.exit_code == 0


def test_out_equal_to_the_input_folder_is_refused_and_nothing_is_written(tmp_path):
    corpus = tmp_path / "corpus"
    _write(corpus / "good" / "target.de.txt", GOOD)
    before = sorted(p.relative_to(corpus) for p in corpus.rglob("*"))
    with pytest.raises(InputError, match="is the input folder"):
        run_batch(corpus, target_only_settings(), corpus / "." / "good" / "..")
    assert sorted(p.relative_to(corpus) for p in corpus.rglob("*")) == before


# --- issue 15: incremental re-runs ---------------------------------------------------------------


def _mtimes(out):
    return {p.relative_to(out): p.stat().st_mtime_ns for p in out.rglob("report.*")}


def test_unchanged_articles_are_not_checked_again(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _write(corpus / "good" / "target.de.txt", GOOD)
    _write(corpus / "bad" / "target.de.txt", BAD)
    first = run_batch(corpus, target_only_settings(), out)
    data = json.loads((out / "good" / "report.json").read_text("utf-8"))
    jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)
    assert data["input_hash"].startswith("sha256:")
    index, written = result_index_text(first), _mtimes(out)

    second = run_batch(corpus, target_only_settings(), out)
    assert all(e.unchanged for e in second.entries) and _mtimes(out) == written
    assert {e.name: e.status for e in second.entries} == {"bad": "block", "good": "publish"}
    assert result_index_text(second) == index  # the index does not depend on how a row was obtained

    _write(corpus / "bad" / "target.de.txt", GOOD)  # one article edited: only it is checked again
    third = run_batch(corpus, target_only_settings(), out)
    assert {e.name: (e.status, e.unchanged) for e in third.entries} == {
        "bad": ("publish", False),
        "good": ("publish", True),
    }
    settings = target_only_settings()
    settings.gate.max_major = 3  # other settings: every article again
    assert not any(e.unchanged for e in run_batch(corpus, settings, out).entries)
    forced = run_batch(corpus, settings, out, options=BatchOptions(force=True))
    assert not any(e.unchanged for e in forced.entries)


def test_a_report_without_its_companions_is_checked_again(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _write(corpus / "good" / "target.de.txt", GOOD)
    run_batch(corpus, target_only_settings(), out)
    (out / "good" / "report.sarif").unlink()  # e.g. killed between two writes
    (entry,) = run_batch(corpus, target_only_settings(), out).entries
    assert not entry.unchanged and (out / "good" / "report.sarif").is_file()


def result_index_text(result):
    return result.index.read_text("utf-8")


def test_entry_status_is_derived_from_the_verdict_in_one_place():
    def verdict(outcome, passed):
        return {"verdict": {"outcome": outcome, "passed": passed, "reasons": []}}

    assert entry_status(verdict("publish", True)) == ("publish", False)
    assert entry_status(verdict("review", True)) == ("review", False)
    assert entry_status(verdict("review", False)) == ("review", True)  # a strict gate
    assert entry_status(verdict("block", False)) == ("block", True)
    assert entry_status({"verdict": None}) == ("block", True)


# --- issue 14 item 5: batch as a CI job ----------------------------------------------------------


def _ci_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    _write(corpus / "good" / "target.de.txt", GOOD)
    _write(corpus / "bad" / "target.de.txt", BAD)
    _write(corpus / "orphan" / "source.en.txt", "Only the English side.")
    return corpus


def test_batch_junit_and_sarif_validate_and_agree_with_the_gate(tmp_path):
    from test_report_sarif import _validate

    corpus = _ci_corpus(tmp_path)
    junit, sarif = tmp_path / "batch.xml", tmp_path / "batch.sarif"
    result = run_batch(
        corpus, target_only_settings(), tmp_path / "out", options=BatchOptions(junit=junit, sarif=sarif)
    )
    status = {e.name: e.status for e in result.entries}
    assert status == {"bad": "block", "good": "publish", "orphan": "error"}

    root = ET.parse(junit).getroot()
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert root.tag == "testsuites" and sorted(suites) == sorted(status)
    for name, suite in suites.items():
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases) > 0
        failures = sum(case.find("failure") is not None for case in cases)
        errors = sum(case.find("error") is not None for case in cases)
        assert int(suite.get("failures")) == failures and int(suite.get("errors")) == errors
        assert (failures > 0) == (status[name] == "block") and (errors > 0) == (status[name] == "error")
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites.values())
    assert "untranslated.sentence" in {c.get("name") for c in suites["bad"] if c.find("failure") is not None}

    log = json.loads(sarif.read_text("utf-8"))
    _validate(log)
    (run,) = log["runs"]
    errors_by_article = {r["properties"]["article"] for r in run["results"] if r["level"] == "error"}
    assert errors_by_article == {"bad"}  # exactly the articles the gate failed
    for result_ in run["results"]:
        uri = run["artifacts"][result_["locations"][0]["physicalLocation"]["artifactLocation"]["index"]]
        assert uri["properties"]["article"] == result_["properties"]["article"]
    assert run["invocations"][0]["executionSuccessful"] is False  # the orphan could not be checked
    assert any("orphan" in n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"])


def test_batch_cli_gate_options_log_lines_and_quiet(tmp_path):
    from typer.testing import CliRunner

    from mtcheck.cli import app

    corpus = _ci_corpus(tmp_path)
    (corpus / "orphan" / "source.en.txt").unlink()
    (corpus / "orphan").rmdir()
    runner = CliRunner()
    out = tmp_path / "out"
    # German-only articles: --min-similarity 0 keeps the unknown similarity from asking for review
    args = ["batch", str(corpus), "--out", str(out), "--workers", "1", "--min-similarity", "0"]
    failed = runner.invoke(app, [*args, "-q", "--junit", str(tmp_path / "j.xml")])
    assert failed.exit_code == 1, failed.output
    lines = failed.stdout.splitlines()
    assert lines == [line for line in lines if line.startswith("BLOCK bad")]  # -q: failures only
    assert len(lines) == 1 and "1 major finding (max 0)" in lines[0]

    passed = runner.invoke(app, [*args, "--max-major", "1", "--sarif", str(tmp_path / "s.sarif")])
    assert passed.exit_code == 0, passed.output
    assert "PUBLISH bad\n" in passed.stdout  # one major finding is within --max-major 1
    assert "PUBLISH good" in passed.stdout and "2 articles: 2 publish" in passed.stdout
    assert "slowest: " in passed.stdout and "peak memory per worker: " in passed.stdout
    sarif = json.loads((tmp_path / "s.sarif").read_text("utf-8"))
    assert not [r for r in sarif["runs"][0]["results"] if r["level"] == "error"]

    ignored = runner.invoke(app, [*args, "--ignore", "untranslated", "-q"])
    assert ignored.exit_code == 0 and ignored.stdout == ""


def test_batch_cli_refuses_bad_options_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from mtcheck.cli import app

    corpus = _ci_corpus(tmp_path)
    runner = CliRunner()
    for extra, needle in (
        (["--workers", "0"], "--workers must be at least 1"),
        (["--article-timeout", "0"], "--article-timeout must be more than 0"),
        (["--executor", "dask"], "needs --scheduler"),
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler is for --executor dask"),
        (["--out", str(corpus)], "is the input folder"),
        (["--ignore", "untranslatd"], "unknown check id(s) in gate ignore: untranslatd"),
    ):
        result = runner.invoke(app, ["batch", str(corpus), "--out", str(tmp_path / "o"), *extra])
        assert result.exit_code == 2, (extra, result.output)
        assert len(result.stderr.strip().splitlines()) == 1 and needle in result.stderr, result.stderr
    assert not (tmp_path / "o").exists()


# --- issue 15: worker processes ------------------------------------------------------------------


def test_local_workers_time_out_an_article_and_go_on(tmp_path):
    from mtcheck.batch.local import LocalPool

    corpus = tmp_path / "corpus"
    _write(corpus / "one.de.txt", GOOD)
    _write(corpus / "two.de.txt", BAD)
    options = BatchOptions(executor=LocalPool(1), article_timeout=0.001)
    result = run_batch(corpus, target_only_settings(), tmp_path / "out", options=options)
    for entry in result.entries:  # the worker was killed, replaced, and the batch went on
        assert entry.status == "error" and entry.error == "timed out after 0.001 s (--article-timeout)"
    assert result.index.is_file() and result.exit_code == 1


def test_dask_executor_without_dask_is_one_line_and_exit_2(tmp_path, monkeypatch):
    import sys

    from typer.testing import CliRunner

    from mtcheck.cli import app

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if mtcheck[dask] were not installed
    _write(tmp_path / "in" / "one.de.txt", GOOD)
    args = ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(app, [*args, "--executor", "dask", "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: --executor dask needs Dask distributed: pip install 'mtcheck[dask]' (or 'dask[distributed]')"
    ]


def test_ctrl_c_stops_the_batch_and_keeps_finished_reports(tmp_path):
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) while workers are busy: the
    finished reports stay, the index lists them, no worker process is left, exit code 2."""
    import signal
    import subprocess
    import sys
    import time

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    count = 200  # enough that the batch is still running when the signal lands, even on an idle machine
    for number in range(count):
        _write(corpus / f"article-{number:03d}.de.txt", f"{GOOD} Nummer {number}.")
    command = [sys.executable, "-m", "mtcheck.cli", "batch", str(corpus), "--out", str(out), "--workers", "1"]
    command += ["--min-similarity", "0"]  # German-only articles: no unknown-similarity review
    # A shell starts background jobs with SIGINT ignored, and the child would inherit that (a run of
    # the suite with `&` lost the signal): the batch gets the disposition a terminal gives it.
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 300
    while not list(out.glob("*/report.json")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    finished = sorted(p.parent.name for p in out.glob("*/report.json"))
    assert process.returncode == 2, stderr
    assert stderr.decode().strip().splitlines()[-1] == "error: interrupted"
    assert 1 <= len(finished) < count
    index = (out / "index.html").read_text("utf-8")
    assert f"{len(finished)} articles" in index and all(
        f'href="{name}/report.json"' in index for name in finished
    )
    for name in finished:  # complete, valid reports
        json.loads((out / name / "report.json").read_text("utf-8"))
    for _ in range(50):  # the worker went with the batch
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("a worker process outlived the interrupted batch")
    # the next run continues: the finished articles are not checked again
    rerun = subprocess.run(command, capture_output=True, timeout=600, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.count("(unchanged)") == len(finished)
    assert f"{count} articles: {count} publish" in rerun.stdout


def test_an_interrupt_between_writing_a_report_and_recording_it_keeps_the_report(tmp_path):
    """Ctrl-C can land after an article's report.json is written but before the batch records it:
    the index must still list that report (it is on disk and up to date), and drop articles that
    have none."""
    from mtcheck.batch.jobs import JobContext
    from mtcheck.batch.run import _Batch

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _write(corpus / "good.de.txt", GOOD)
    _write(corpus / "bad.de.txt", BAD)
    settings = target_only_settings()
    run_batch(corpus, settings, out)
    _write(corpus / "late.de.txt", GOOD + " Noch ein Satz.")  # never checked: no report
    options = BatchOptions(force=True)  # every article becomes a job, as in a run still going
    batch = _Batch(corpus, out, JobContext.build(settings), options)
    jobs = list(batch.jobs(discover(corpus, exclude=out)))
    assert sorted(job.name for job in jobs) == ["bad", "good", "late"]
    assert {e.status for e in batch.entries.values()} == {"pending"}
    batch.interrupted()
    assert {name: e.status for name, e in batch.entries.items()} == {
        "bad": "block",
        "good": "publish",
    }
