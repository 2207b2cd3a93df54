"""The team's annotated articles as gold (issue 3): every injected error is found by the check of
the right family, no annotated look-alike is flagged, and the clean articles get no major or critical
finding. The scoring is benchmarks.corpus.evaluate, the same code the team runs by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus.evaluate import CORPORA, evaluate_article

ARTICLES = sorted(p.parent for p in CORPORA.glob("*/annotations.json"))


@pytest.mark.parametrize("folder", ARTICLES, ids=lambda p: p.name)
def test_gold_errors_found_and_clean_articles_stay_clean(folder: Path) -> None:
    result = evaluate_article(folder)
    missed = [e["id"] for e in result["errors"] if not e["found_by"]]
    assert not missed, f"injected errors not found by the expected check: {missed}"
    assert result["lookalike_hits"] == []
    assert result["recovered_1_1"] >= 0.95 * result["gold_1_1"]
    for error in result["errors"]:
        if error["gold_link_recovered"] is not None:
            assert error["gold_link_recovered"], error["id"]
    if result["clean"]:
        assert result["major_or_critical"] == []


def test_there_are_clean_and_injected_articles() -> None:
    assert len(ARTICLES) >= 4
