"""A back-translation file linked to the German in the load stage, and the choice of backend in
``back_translate`` (no model needed)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import mtcheck.translate as translate
from mtcheck.config import Settings
from mtcheck.load import article_from_text, link_back_translation
from mtcheck.model import Article, InputError, Report
from mtcheck.pipeline import load_report
from tests.mt_fixtures import make_article

GERMAN = "Der Präsident sprach. Er sagte nichts.\nDie Sitzung endete spät.\n"
ENGLISH_SAME_STRUCTURE = "The president spoke. He said nothing.\nThe meeting ended late.\n"


def _report(german: str = GERMAN, english: str | None = None) -> Report:
    """The load stage with a back-translation given as (unsegmented) text."""
    bt = article_from_text(english, "back_translation", "en") if english is not None else None
    return load_report(make_article(german), back_translation=bt)


def test_same_structure_is_kept_without_warning() -> None:
    report = translate.back_translate(_report(english=ENGLISH_SAME_STRUCTURE), Settings())
    assert report.warnings == []
    assert [s.text for s in report.back_translation.sentences] == [
        "The president spoke.",
        "He said nothing.",
        "The meeting ended late.",
    ]
    assert report.back_translation_origin == "file"


def test_one_line_per_sentence_links_sentence_i_to_sentence_i() -> None:
    english = "The president spoke.\n\nHe said nothing\nThe meeting ended late.\n"
    report = translate.back_translate(_report(english=english), Settings())
    bt = report.back_translation
    assert report.warnings == []
    assert [s.text for s in bt.sentences] == [
        "The president spoke.",
        "He said nothing",
        "The meeting ended late.",
    ]
    for sentence in bt.sentences:  # offsets still point into the user's file
        assert bt.text[sentence.start : sentence.end] == sentence.text


def test_paragraph_with_other_sentence_count_is_named_in_one_warning() -> None:
    english = "The president spoke and said nothing.\nThe meeting ended late. Very late.\n"
    report = translate.back_translate(_report(english=english), Settings())
    assert len(report.warnings) == 1
    assert "2 of 2 paragraphs" in report.warnings[0] and "paragraphs 1, 2" in report.warnings[0]


def test_different_structure_warns_with_counts() -> None:
    english = "The president spoke.\nHe said nothing.\nThe meeting.\nEnded late.\n"
    english_article = article_from_text(english, "back_translation", "en")
    _, warnings = link_back_translation(make_article(GERMAN), english_article)
    assert len(warnings) == 1
    assert "4 paragraphs and 4 sentences" in warnings[0] and "2 paragraphs and 3 sentences" in warnings[0]


def test_empty_file_is_an_input_error() -> None:
    with pytest.raises(InputError, match="empty"):
        link_back_translation(make_article(GERMAN), Article("back_translation", "  \n", "en"))


def test_bt_model_off_does_nothing() -> None:
    report = translate.back_translate(_report(), Settings(bt_model="none"))
    assert report.back_translation is None and report.warnings == []


def test_auto_without_model_warns_once_how_to_enable(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv("MTCHECK_BT_MODEL", raising=False)
    monkeypatch.setattr(translate, "_mt_extra_installed", lambda: True)  # the extra is there, no model
    monkeypatch.setattr("mtcheck.translate.hf_backend.cached_snapshot", lambda model_id: None)
    report = translate.back_translate(_report(), Settings(bt_model="auto", cache_dir=tmp_path))
    assert report.back_translation is None
    assert len(report.warnings) == 1
    assert "--bt-model PATH" in report.warnings[0] and "Helsinki-NLP/opus-mt-de-en" in report.warnings[0]


def test_auto_without_mt_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MTCHECK_BT_MODEL", raising=False)
    monkeypatch.setattr(translate, "_mt_extra_installed", lambda: False)
    report = translate.back_translate(_report(), Settings())
    assert len(report.warnings) == 1 and "mtcheck[mt]" in report.warnings[0]


def test_missing_model_directory_is_one_line_input_error() -> None:
    with pytest.raises(InputError, match="does not exist") as info:
        translate.back_translate(_report(), Settings(bt_model="./no/such/model"))
    assert "\n" not in str(info.value)


def test_text_file_given_as_model_is_explained(tmp_path) -> None:
    text = tmp_path / "bt.en.txt"
    text.write_text("The president spoke.\n", encoding="utf-8")
    with pytest.raises(InputError, match="--back-translation"):
        translate.back_translate(_report(), Settings(bt_model=str(text)))


def test_core_import_does_not_load_torch_or_ctranslate2() -> None:
    code = (
        "import sys, mtcheck.translate, mtcheck.translate.convert; "
        "assert not {'torch', 'transformers', 'ctranslate2'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_network_only_when_asked_and_never_with_hf_hub_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    from mtcheck.translate.hf_backend import network_allowed

    monkeypatch.delenv("MTCHECK_ALLOW_NETWORK", raising=False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    assert not network_allowed(False) and network_allowed(True)
    monkeypatch.setenv("MTCHECK_ALLOW_NETWORK", "1")
    assert network_allowed(False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert not network_allowed(True)
