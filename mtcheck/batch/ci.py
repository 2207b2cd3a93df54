"""JUnit and SARIF for a whole batch, assembled from each article's own report files.

* **JUnit: one ``<testsuite>`` per article** (named after the article), holding that article's
  test cases: one per check and a last one, ``gate``, for its verdict. CI systems list suites as
  groups, so a reader sees which article failed and, inside it, which checks. An article that could
  not be checked is a suite whose ``gate`` case is an ``<error>``; a skipped one (a symlink out of the
  folder) a suite whose ``gate`` case is ``<skipped>``.
* **SARIF: one run for the whole batch.** mtcheck ran once over many files, which is what a SARIF
  run describes; code-scanning services (GitHub) expect one run per tool and category, and merge or
  reject several. Every article's inputs are artifacts of that run (their properties carry the
  article's name and status) and every finding a result pointing into its article's file. Articles
  that could not be checked are error notifications of the invocation, which is then not
  ``executionSuccessful``.

Both agree with the gate: an article's suite has failures, and the run has ``error`` results for it,
exactly when its verdict fails, ``entry.fails`` (see :mod:`mtcheck.report.junit` and
:mod:`mtcheck.report.sarif`).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from mtcheck import __version__
from mtcheck.batch.entries import BatchEntry
from mtcheck.io import atomic_write_text
from mtcheck.report.sarif import SARIF_SCHEMA

_COUNTS = ("tests", "failures", "errors", "skipped")


def _placeholder_suite(entry: BatchEntry) -> ET.Element:
    suite = ET.Element("testsuite", name=entry.name, tests="1", failures="0")
    case = ET.SubElement(suite, "testcase", classname="mtcheck", name="gate")
    if entry.status == "skipped":
        ET.SubElement(case, "skipped", message=entry.error or "skipped")
        suite.set("errors", "0")
        suite.set("skipped", "1")
    else:
        ET.SubElement(case, "error", message=entry.error or "could not be checked", type="input")
        suite.set("errors", "1")
        suite.set("skipped", "0")
    return suite


def _article_suite(entry: BatchEntry, out_dir: Path) -> ET.Element:
    if entry.folder is None:
        return _placeholder_suite(entry)
    suite = ET.parse(out_dir / entry.folder / "report.junit.xml").getroot().find("testsuite")
    assert suite is not None
    suite.set("name", entry.name)
    return suite


def batch_junit(entries: list[BatchEntry], out_dir: Path) -> str:
    root = ET.Element("testsuites", name="mtcheck batch")
    totals = dict.fromkeys(_COUNTS, 0)
    for entry in sorted(entries, key=lambda e: e.name):
        suite = _article_suite(entry, out_dir)
        for key in _COUNTS:
            totals[key] += int(suite.get(key, "0"))
        root.append(suite)
    for key in ("tests", "failures", "errors"):
        root.set(key, str(totals[key]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


class _SarifMerge:
    """Folds single-article runs into one, renumbering artifacts and rules."""

    def __init__(self) -> None:
        self.rules: list[dict[str, Any]] = []
        self.rule_index: dict[str, int] = {}
        self.artifacts: list[dict[str, Any]] = []
        self.results: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []
        self.articles: list[dict[str, Any]] = []

    def add(self, entry: BatchEntry, run: dict[str, Any]) -> None:
        offset = len(self.artifacts)
        for artifact in run.get("artifacts", []):
            artifact.setdefault("properties", {}).update(article=entry.name, status=entry.status)
            self.artifacts.append(artifact)
        rules = run["tool"]["driver"].get("rules", [])
        for rule in rules:
            if rule["id"] not in self.rule_index:
                self.rule_index[rule["id"]] = len(self.rules)
                self.rules.append(rule)
        for result in run.get("results", []):
            result["ruleIndex"] = self.rule_index[result["ruleId"]]
            for location in result.get("locations", []) + result.get("relatedLocations", []):
                artifact = location.get("physicalLocation", {}).get("artifactLocation", {})
                if "index" in artifact:
                    artifact["index"] += offset
            result.setdefault("properties", {})["article"] = entry.name
            self.results.append(result)
        for invocation in run.get("invocations", []):
            for note in invocation.get("toolExecutionNotifications", []):
                note["message"]["text"] = f"{entry.name}: {note['message']['text']}"
                self.notifications.append(note)
        self.articles.append({"name": entry.name, "status": entry.status, **run.get("properties", {})})

    def add_unchecked(self, entry: BatchEntry) -> None:
        level = "note" if entry.status == "skipped" else "error"
        text = f"{entry.name}: {entry.status}: {entry.error}"
        self.notifications.append({"level": level, "message": {"text": text}})
        self.articles.append({"name": entry.name, "status": entry.status, "error": entry.error})

    def sarif(self) -> dict[str, Any]:
        invocation: dict[str, Any] = {
            "executionSuccessful": not any(n["level"] == "error" for n in self.notifications)
        }
        if self.notifications:
            invocation["toolExecutionNotifications"] = self.notifications
        driver: dict[str, Any] = {"name": "mtcheck", "version": __version__, "semanticVersion": __version__}
        driver["rules"] = self.rules
        run = {
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "artifacts": self.artifacts,
            "invocations": [invocation],
            "results": self.results,
            "properties": {"articles": self.articles},
        }
        return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def batch_sarif(entries: list[BatchEntry], out_dir: Path) -> str:
    merge = _SarifMerge()
    for entry in sorted(entries, key=lambda e: e.name):
        if entry.folder is None:
            merge.add_unchecked(entry)
        else:
            log = json.loads((out_dir / entry.folder / "report.sarif").read_text(encoding="utf-8"))
            merge.add(entry, log["runs"][0])
    return json.dumps(merge.sarif(), ensure_ascii=False, indent=2) + "\n"


def write_ci_reports(
    entries: list[BatchEntry], out_dir: Path, junit: Path | None, sarif: Path | None
) -> None:
    if junit is not None:
        atomic_write_text(junit, batch_junit(entries, out_dir))
    if sarif is not None:
        atomic_write_text(sarif, batch_sarif(entries, out_dir))
