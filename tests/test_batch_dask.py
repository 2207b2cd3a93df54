"""The batch on a Dask cluster (issue 15): a LocalCluster on 127.0.0.1 with 2 worker processes."""

import os
import shutil
import signal
from pathlib import Path

import pytest
from report_helpers import target_only_settings
from typer.testing import CliRunner

from mtcheck.batch import BatchOptions, run_batch
from mtcheck.batch.dask_executor import DaskExecutor, check_on_worker
from mtcheck.cli import app

try:
    import distributed
except ImportError:  # the dask marker skips (or, in CI, fails) every test here
    distributed = None

pytestmark = pytest.mark.dask  # skipped without the [dask] extra, except in CI (tests/conftest.py)

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
GOOD = (
    "Die Regierung hat am Montag einen neuen Haushalt vorgestellt. Er sieht höhere Ausgaben für Schulen vor."
)
BAD = (
    "Der Stadtrat hat am Dienstag einen neuen Plan für die Sanierung der Schulen beschlossen. "
    "The costs will be paid by the city over the next three years, the mayor said. "
    "Die Opposition kritisierte, dass die Bürger nicht gefragt worden seien."
)
EXPECTED = {"bad": "block", "broken": "error", "central-bank": "block", "good": "publish"}


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
    ) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask") / "corpus"
    (folder / "good").mkdir(parents=True)
    (folder / "good" / "target.de.txt").write_text(GOOD, encoding="utf-8")
    (folder / "bad.de.txt").write_text(BAD, encoding="utf-8")
    (folder / "broken.de.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    shutil.copytree(CORPORA / "central-bank", folder / "central-bank")  # all four sides
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    """The in-process run every other mode must match byte for byte."""
    out = tmp_path_factory.mktemp("reference")
    result = run_batch(
        corpus, target_only_settings(), out, options=BatchOptions(junit=out / "b.xml", sarif=out / "b.sarif")
    )
    assert {e.name: e.status for e in result.entries} == EXPECTED
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_dask_and_local_workers_write_the_same_reports_and_index(corpus, reference, cluster, tmp_path):
    runner = CliRunner()
    outputs = {}
    for mode, extra in (
        ("dask", ["--executor", "dask", "--scheduler", cluster.scheduler_address]),
        ("workers-1", ["--workers", "1"]),
    ):
        out = tmp_path / mode
        args = [
            "batch",
            str(corpus),
            "--out",
            str(out),
            "--junit",
            str(out / "b.xml"),
            "--sarif",
            str(out / "b.sarif"),
            "--min-similarity",  # German-only articles: no unknown-similarity review
            "0",
        ]
        result = runner.invoke(app, [*args, *extra])
        assert result.exit_code == 1, result.output  # bad, broken and central-bank fail the batch
        assert "4 articles: 2 block, 1 publish, 1 error" in result.stdout
        assert "peak memory per worker" in result.stdout
        outputs[mode] = _files(out)
    expected = _files(reference)
    assert len(expected) == 2 + 3 * 4 + 1  # CI files, 3 articles × 4 reports, the index
    assert outputs["dask"] == expected
    assert outputs["workers-1"] == expected


def test_a_killed_workers_article_is_retried(corpus, reference, cluster, tmp_path):
    marker = tmp_path / "killed-once"

    def kill_once(context, job):  # the first attempt at "bad" kills its worker process outright
        if job.name == "bad" and not os.path.exists(marker):
            open(marker, "w").close()
            os.kill(os.getpid(), signal.SIGKILL)
        return check_on_worker(context, job)

    with distributed.Client(cluster) as client:
        before = set(client.scheduler_info()["workers"])
        out = tmp_path / "out"
        options = BatchOptions(
            executor=DaskExecutor(client, task=kill_once), junit=out / "b.xml", sarif=out / "b.sarif"
        )
        result = run_batch(corpus, target_only_settings(), out, options=options)
        client.wait_for_workers(2)
        after = set(client.scheduler_info()["workers"])
    assert marker.exists() and before != after  # a worker really died (and the nanny replaced it)
    assert {e.name: e.status for e in result.entries} == EXPECTED
    assert _files(out) == _files(reference)


def test_article_timeout_on_dask_is_an_error_row(corpus, cluster, tmp_path):
    with distributed.Client(cluster) as client:
        options = BatchOptions(executor=DaskExecutor(client), article_timeout=0.001, force=True)
        result = run_batch(corpus, target_only_settings(), tmp_path / "out", options=options)
    status = {e.name: (e.status, e.error) for e in result.entries}
    assert status["good"][0] == "error" and "timed out after 0.001 s" in status["good"][1]
    assert "timed out after 0.001 s" in (tmp_path / "out" / "index.html").read_text("utf-8")
