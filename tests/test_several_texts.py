"""Several back-translations (the round-trip checks report only what all of them show), other engines'
translations as pseudo-references (chrF(mt,alt) and consensus.divergence), and the ``llm``
back-translation backend against a stdlib server replaying responses recorded from the real one."""

from __future__ import annotations

import json

import jsonschema
import pytest
from llm_servers import free_port, recorded, replay_server
from report_helpers import make_article

import mtcheck
from mtcheck.config import JudgeSettings, Settings
from mtcheck.judge import client
from mtcheck.load import article_from_text
from mtcheck.model import AlignedPair, Report
from mtcheck.report.json_report import load_schema, report_to_dict
from mtcheck.run import Run
from mtcheck.translate import back_translate
from mtcheck.translate.llm_backend import first_line

GERMAN = (
    "Der Umsatz stieg im Mai um 15 Prozent auf 2,5 Millionen Euro.\n"
    "Die Firma will im Herbst 40 neue Mitarbeiter einstellen."
)
RIGHT = (
    "Sales rose by 15 percent to 2.5 million euros in May.\nThe company wants to hire 40 new staff in autumn."
)
QUIRK = (
    "Sales rose by 16 percent to 2.5 million euros in May.\nThe company wants to hire 40 new staff in autumn."
)


def _bt(text: str) -> object:
    return article_from_text(text, "back_translation", "en")


def _check(back_translations: list[str], **kwargs: object) -> Report:
    target = article_from_text(GERMAN, "target", "de")
    settings = Settings(bt_model="none", cache_dir=None)
    return mtcheck.check(
        target, back_translation=[_bt(t) for t in back_translations], settings=settings, **kwargs
    )


def _numbers(report: Report) -> list[str]:
    return [f.target_span.text for f in report.findings if f.check == "numbers.mismatch"]


def test_one_engines_quirk_is_not_the_articles_error():
    assert _numbers(_check([QUIRK])) == ["15"]  # alone, the quirk looks like an error
    both = _check([QUIRK, RIGHT])
    assert _numbers(both) == []  # the other back-translation has 15: the German is fine
    assert [x.origin for x in both.extra_back_translations] == ["file"]
    assert both.extra_back_translations[0].by_target == [(0,), (1,)]
    assert _numbers(_check([QUIRK, QUIRK])) == ["15"]  # both say 16: it stays


def test_best_round_trip_score_and_json_inputs():
    source = article_from_text(RIGHT.replace("15", "15"), "source", "en")
    report = _check([QUIRK, RIGHT], source=source)
    pair = report.pairs[0]
    assert pair.scores["chrF(bt-best,src)"] >= pair.scores["chrF(bt,src)"]
    assert pair.scores["chrF(bt-best,src)"] == 100.0  # the second back-translation is the source itself
    names = [s.name for s in report.scores]
    assert "chrF(bt-best,src)" in names and "chrF(bt,src)" in names
    data = report_to_dict(report)
    jsonschema.validate(data, load_schema())
    assert [x["origin"] for x in data["inputs"]["extra_back_translations"]] == ["file"]
    assert data["inputs"]["back_translation"]["origin"] == "file"


def test_diverging_words_need_every_back_translation():
    from mtcheck.checks.roundtrip import diverging_words
    from mtcheck.model import LinkedText

    source = make_article("The council approved the budget.", "source", "en")
    target = make_article("Der Rat lehnte den Haushalt ab.", "target", "de")
    first = make_article("The council rejected the budget.", "back_translation", "en")
    second = make_article("The council approved the budget plan.", "back_translation", "en")
    pair = AlignedPair(0, source_ids=(0,), target_ids=(0,), back_translation_ids=(0,), kind="1-1")
    report = Report(target=target, source=source, back_translation=first, pairs=[pair])
    alone = {(e.side, e.text) for e in diverging_words(report, pair)}
    assert alone == {("source", "approved"), ("back_translation", "rejected")}
    report.extra_back_translations = [LinkedText(second, "file", [(0,)])]
    assert diverging_words(report, pair) == []  # the second round trip has "approved", not "rejected"


# --- alternatives ------------------------------------------------------------------------------------

SOURCE_EN = "The mayor opened the new bridge on Monday.\nWorkers had built it in only two years."
ARTICLE_DE = (
    "Der Bürgermeister eröffnete am Montag die neue Brücke.\n"
    "Die Stadt verkaufte gestern ihr altes Rathaus an einen privaten Investor."
)
OTHER_ENGINE = (
    "Der Bürgermeister hat am Montag die neue Brücke eröffnet.\n"
    "Arbeiter hatten sie in nur zwei Jahren gebaut."
)


def test_alternative_translations_score_and_flag_disagreement(tmp_path):
    alternative = tmp_path / "other-engine.de.txt"
    alternative.write_text(OTHER_ENGINE, encoding="utf-8")
    report = mtcheck.check(
        article_from_text(ARTICLE_DE, "target", "de"),
        source=article_from_text(SOURCE_EN, "source", "en"),
        settings=Settings(bt_model="none", cache_dir=None),
        alternatives=[alternative],
    )
    by_text = {report.pair_text(p, "target")[:9]: p for p in report.pairs if p.target_ids}
    assert by_text["Der Bürge"].scores["chrF(mt,alt)"] > 45 > by_text["Die Stadt"].scores["chrF(mt,alt)"]
    (score,) = [s for s in report.scores if s.name == "chrF(mt,alt)"]
    assert f"refs:file:{alternative}" in str(score.signature) and "nrefs:1" in str(score.signature)
    (finding,) = [f for f in report.findings if f.check == "consensus.divergence"]
    assert finding.target_span.text.startswith("Die Stadt verkaufte") and finding.severity.value == "minor"
    assert finding.evidence[0].text == "Arbeiter hatten sie in nur zwei Jahren gebaut."
    assert finding.confidence == 0.4  # one alternative (0.6 from three on: benchmarks/results/consensus.md)
    data = report_to_dict(report)
    jsonschema.validate(data, load_schema())
    assert data["inputs"]["alternatives"][0]["origin"] == f"file:{alternative}"


def test_an_english_alternative_is_refused_as_an_alternative(tmp_path):
    english = tmp_path / "wrong.txt"
    english.write_text(SOURCE_EN, encoding="utf-8")
    with pytest.raises(mtcheck.InputError, match="--alternative"):
        mtcheck.check(article_from_text(ARTICLE_DE, "target", "de"), alternatives=[english])


# --- the llm back-translation backend, against replayed answers ---------------------------------------


def _llm_settings(url: str, tmp_path, **extra: object) -> Settings:
    judge = JudgeSettings(url=url, model="gemma-3-270m", timeout=10.0)
    return Settings(bt_model="llm", cache_dir=tmp_path / "cache", judge=judge, **extra)


def _target() -> Report:
    return Report(
        target=make_article("Das Unternehmen meldete einen Verlust.\nDer Minister schwieg.", "target", "de")
    )


def test_llm_backend_sentence_by_sentence_with_context_and_cache(tmp_path):
    _, body = recorded("backtranslation_de_en_stop_newline")
    with replay_server([(200, body)]) as (url, seen):
        report = back_translate(_target(), _llm_settings(url, tmp_path))
        assert len(seen) == 2
        request = seen[0]["body"]
        assert request["stop"] == ["\n"] and request["temperature"] == 0 and request["seed"] == 42
        asked = request["messages"][-1]["content"]
        assert asked.endswith("\n\nDas Unternehmen meldete einen Verlust.")
        assert "(Context, not to be translated: Der Minister schwieg.)" in asked
        assert report.back_translation_origin.startswith(f"llm:gemma-3-270m@{url}/chat/completions|bt-1-")
        # the recorded answer, junk token and all: tests assert the plumbing, not the wording
        assert [s.text for s in report.back_translation.sentences] == [
            "The company reported a loss of 5 million dollars. mendatang"
        ] * 2
        again = back_translate(_target(), _llm_settings(url, tmp_path))
        assert len(seen) == 2 and again.back_translation.text == report.back_translation.text


def test_llm_backend_failure_is_a_warning_and_the_check_goes_on(tmp_path):
    report = back_translate(_target(), _llm_settings(f"http://127.0.0.1:{free_port()}/v1", tmp_path))
    assert report.back_translation is None
    assert report.warnings[0].startswith("back-translation with llm failed (cannot connect")


def test_llm_backend_off_this_machine_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(client, "is_local", lambda url: False)
    _, body = recorded("backtranslation_de_en_stop_newline")
    with replay_server([(200, body)]) as (url, _seen):
        report = back_translate(_target(), _llm_settings(url, tmp_path))
    (transfer,) = report.sent_to
    assert transfer.purpose == "back-translation" and transfer.characters > 0
    assert any(w.startswith("privacy: article text was sent to") for w in report.warnings)


def test_a_model_back_translation_beside_a_file(tmp_path):
    """--back-translation FILE --bt-model llm: both are used, the file first."""
    _, body = recorded("backtranslation_de_en_omission_stop_newline")
    report = _target()
    report.back_translation = make_article(
        "The company reported a loss.\nThe minister was silent.", "back_translation", "en"
    )
    report.back_translation_origin = "file:bt.txt"
    with replay_server([(200, body)]) as (url, _seen):
        back_translate(report, _llm_settings(url, tmp_path))
    assert report.back_translation_origin == "file:bt.txt"
    (extra,) = report.extra_back_translations
    assert extra.origin.startswith("llm:gemma-3-270m@") and len(extra.article.sentences) == 2


def test_the_answer_is_the_first_line():
    content = json.loads(recorded("backtranslation_de_en_no_stop")[1])["choices"][0]["message"]["content"]
    assert first_line(content) == "The company reported a loss of 5 million dollars. mendatang"
    assert first_line("\n\n  Hello.\nmore") == "Hello."


def test_llm_model_name_after_the_colon(tmp_path):
    from mtcheck.translate import open_translator

    translator = open_translator("llm:other-model", settings=_llm_settings("http://127.0.0.1:9/v1", tmp_path))
    assert translator.model_id == "other-model" and translator.backend == "llm"
    run = Run(_target(), _llm_settings("http://127.0.0.1:9/v1", tmp_path))
    assert run.settings.bt_model == "llm"
