"""The corpora are gold data for alignment and checks: their offsets and files must be exact."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

import pytest

from benchmarks.corpus import annotate
from benchmarks.corpus.gold import load_gold, map_links, overlapping
from benchmarks.corpus.spec import ERROR_TYPES

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
EXAMPLE = CORPORA / "example-putin"

ARTICLES = sorted(p.parent for p in CORPORA.glob("*/target.de.txt"))
ANNOTATED = [p for p in ARTICLES if (p / "annotations.json").exists()]
REQUIRED_ERROR_TYPES = {
    "omission", "addition", "number", "name", "gender", "untranslated", "boilerplate", "date",
}  # fmt: skip


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def meta(folder: Path) -> dict:
    return tomllib.loads(read(folder / "meta.toml"))


def ids(folders: list[Path]) -> list[str]:
    return [f.name for f in folders]


def test_corpus_has_the_example_and_at_least_four_team_articles():
    assert EXAMPLE in ARTICLES
    assert len(ANNOTATED) >= 4


@pytest.mark.parametrize("folder", ARTICLES, ids=ids(ARTICLES))
def test_meta_parses_and_names_existing_files(folder: Path):
    data = meta(folder)
    assert data["language"] == "de"
    assert data["origin"]
    for name in ("target.de.txt", "source.en.txt", "back_translation.en.txt", "reference.de.txt"):
        present = (folder / name).exists()
        assert present == (name in json.dumps(data)), f"{folder.name}: meta.toml and files disagree on {name}"


def test_example_target_is_the_seed_byte_for_byte():
    target = meta(EXAMPLE)["target"]
    raw = (EXAMPLE / "target.de.txt").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == target["sha256"]
    assert len(raw) == target["bytes"]
    assert not raw.endswith(b"\n")
    assert "Zur Autorin" in raw.decode("utf-8")


def test_example_back_translation_is_labelled_hand_written():
    bt = meta(EXAMPLE)["back_translation"]
    assert bt["file"] == "back_translation.en.txt"
    assert bt["origin"] == "written by hand by the mtcheck team"
    assert meta(EXAMPLE)["source_available"] is False


def test_example_back_translation_mirrors_the_line_structure():
    german = read(EXAMPLE / "target.de.txt").split("\n")
    english = read(EXAMPLE / "back_translation.en.txt").split("\n")
    assert len(english) == len(german) == meta(EXAMPLE)["target"]["lines"]
    assert [i for i, line in enumerate(english) if not line.strip()] == [
        i for i, line in enumerate(german) if not line.strip()
    ]
    # Line i translates line i: bullet lines stay bullets and the gender-ambiguous heading sits opposite.
    assert [line.startswith("- ") for line in english] == [line.startswith("- ") for line in german]
    assert english[german.index("Zur Autorin")] == "About the author"


def test_example_known_errors_point_at_their_lines():
    lines = read(EXAMPLE / "target.de.txt").split("\n")
    for known in meta(EXAMPLE)["known_errors"]:
        assert known["text"] in lines[known["line"] - 1], known["id"]


@pytest.mark.parametrize("folder", ANNOTATED, ids=ids(ANNOTATED))
def test_files_are_what_the_annotations_were_computed_on(folder: Path):
    gold = load_gold(folder)
    for side, name in gold["files"].items():
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert digest == gold["sha256"][side] == meta(folder)["sha256"][side], f"{name} changed"


@pytest.mark.parametrize("folder", ANNOTATED, ids=ids(ANNOTATED))
def test_error_spans_match_the_text_exactly(folder: Path):
    gold = load_gold(folder)
    target, source = read(folder / "target.de.txt"), read(folder / "source.en.txt")
    texts = {"target": target, "source": source}
    for error in gold["errors"]:
        check, mqm = ERROR_TYPES[error["type"]]
        assert (error["check"], error["mqm"]) == (check, mqm)
        assert error["severity"] in {"minor", "major", "critical"}
        span = error["target_span"]
        assert target[span["start"] : span["end"]] == span["text"], error["id"]
        if error["type"] == "omission":
            assert span["start"] == span["end"]
            assert error["source_span"]["text"] not in target
        else:
            assert span["text"].strip() == span["text"] != ""
        if error["source_span"]:
            s = error["source_span"]
            assert source[s["start"] : s["end"]] == s["text"], error["id"]
        for ev in error["evidence"]:
            side_text = texts.get(ev["side"]) or read(folder / gold["files"][ev["side"]])
            assert side_text[ev["start"] : ev["end"]] == ev["text"], error["id"]
    for look in gold["lookalikes"]:
        span = look["target_span"]
        assert target[span["start"] : span["end"]] == span["text"]


@pytest.mark.parametrize("folder", ANNOTATED, ids=ids(ANNOTATED))
def test_gold_sentences_cover_each_text_exactly_once(folder: Path):
    gold = load_gold(folder)
    for side, name in gold["files"].items():
        text = read(folder / name)
        covered = [False] * len(text)
        previous_end = 0
        for sentence in gold["sentences"][side]:
            start, end = sentence["start"], sentence["end"]
            assert previous_end <= start < end <= len(text), f"{name}: spans out of order or bounds"
            assert text[start:end] == sentence["text"] == sentence["text"].strip()
            covered[start:end] = [True] * (end - start)
            previous_end = end
        # Everything outside the sentences is whitespace or a bullet marker.
        leftover = "".join(ch for ch, hit in zip(text, covered, strict=True) if not hit)
        assert set(leftover) <= {" ", "\n", "-"}, f"{name}: text outside gold sentences: {leftover!r}"


@pytest.mark.parametrize("folder", ANNOTATED, ids=ids(ANNOTATED))
def test_gold_alignment_is_monotone_and_uses_every_sentence_once(folder: Path):
    gold = load_gold(folder)
    for side in gold["files"]:
        sentences = [(s["start"], s["end"]) for s in gold["sentences"][side]]
        linked = [tuple(span) for link in gold["alignment"] for span in link.get(side, [])]
        assert linked == sentences, f"{side}: alignment does not walk the sentences in order"
    errors = {e["id"]: e for e in gold["errors"]}
    for link in gold["alignment"]:
        assert link["kind"] == f"{len(link['source'])}-{len(link['target'])}"
        # A back-translation renders the German sentence by sentence.
        assert len(link.get("back_translation", link["target"])) == len(link["target"])
        assert link["kind"] != "0-0"
        if link["kind"] == "1-0":
            assert errors[link["error"]]["type"] == "omission"
        if link["kind"] == "0-1":
            assert errors[link["error"]]["type"] in {"addition", "boilerplate"}


@pytest.mark.parametrize("folder", ANNOTATED, ids=ids(ANNOTATED))
def test_each_error_sits_in_its_own_sentence(folder: Path):
    gold = load_gold(folder)
    sentences = [(s["start"], s["end"]) for s in gold["sentences"]["target"]]
    homes = []
    for error in gold["errors"]:
        span = error["target_span"]
        if span["start"] == span["end"]:
            continue
        hits = overlapping((span["start"], span["end"]), sentences)
        assert len(hits) == 1, error["id"]
        homes.append(hits[0])
    assert len(homes) == len(set(homes))


def test_the_set_injects_every_required_error_type_and_keeps_a_clean_article():
    types = {e["type"] for folder in ANNOTATED for e in load_gold(folder)["errors"]}
    assert types >= REQUIRED_ERROR_TYPES
    clean = [f for f in ANNOTATED if not load_gold(f)["errors"]]
    assert clean and all(meta(f)["clean"] for f in clean)
    assert any((f / "reference.de.txt").exists() for f in ANNOTATED)
    assert any((f / "back_translation.en.txt").exists() for f in ANNOTATED)


def test_gold_links_map_onto_a_different_segmentation():
    folder = CORPORA / "heart-study"
    gold = load_gold(folder)
    source = [(s["start"], s["end"]) for s in gold["sentences"]["source"]]
    target = [(s["start"], s["end"]) for s in gold["sentences"]["target"]]
    # A segmenter that glues the German 1-2 pair into one sentence and keeps trailing spaces.
    a, b = target[2], target[3]
    merged = [(s, e + 1) for s, e in target[:2]] + [(a[0], b[1])] + target[4:]
    links = map_links(gold, source, merged)
    assert links[2].kind == "1-2" and links[2].target_ids == (2,)
    assert links[3].target_ids == (3,)  # the next link shifts onto the merged numbering
    boilerplate = [link for link in links if link.error == "boilerplate-read-more"]
    assert boilerplate[0].source_ids == () and len(boilerplate[0].target_ids) == 1


def test_generator_reproduces_the_committed_files(tmp_path: Path):
    for spec in annotate.ARTICLES:
        annotate.generate(spec, tmp_path)
        for produced in (tmp_path / spec.name).iterdir():
            committed = CORPORA / spec.name / produced.name
            assert produced.read_bytes() == committed.read_bytes(), (
                f"rerun python -m benchmarks.corpus.annotate: {committed}"
            )


def test_every_finding_on_the_example_was_reviewed_and_known_errors_are_true_alarms():
    review = json.loads(read(EXAMPLE / "reviewed_findings.json"))
    text = read(EXAMPLE / "target.de.txt")
    for item in review["findings"]:
        assert item["verdict"] in {"true_alarm", "false_alarm"}, f"unreviewed: {item['check']}"
        assert item["reason"]
        span = item["target_span"]
        assert text[span["start"] : span["end"]] == span["text"]
    true_alarms = [item for item in review["findings"] if item["verdict"] == "true_alarm"]
    true_texts = {item["target_span"]["text"] for item in true_alarms}
    for known in meta(EXAMPLE)["known_errors"]:
        assert any(known["text"] in found for found in true_texts), known["id"]


def test_reviewed_true_alarms_on_the_example_stay_found(example_report):
    """The example is checked with its back-translation, as in the review (benchmarks.corpus.review)."""
    review = json.loads(read(EXAMPLE / "reviewed_findings.json"))
    true_alarms = [item for item in review["findings"] if item["verdict"] == "true_alarm"]
    assert true_alarms
    for item in true_alarms:
        family = item["check"].split(".")[0]
        span = item["target_span"]
        found = [
            f
            for f in example_report.findings
            if f.check.split(".")[0] == family
            and f.target_span is not None
            and f.target_span.start < span["end"]
            and f.target_span.end > span["start"]
        ]
        assert found, f"true alarm lost: {item['check']} on {span['text']!r}"
        if item["severity"] != "minor":  # a major true alarm must not be demoted to minor
            assert any(f.severity.value != "minor" for f in found), f"demoted: {span['text']!r}"


def test_every_current_finding_on_the_example_has_been_reviewed(example_report):
    """A new finding on the example fails here until someone judges it (benchmarks.corpus.review)."""
    review = json.loads(read(EXAMPLE / "reviewed_findings.json"))
    reviewed = {
        (item["check"], item["target_span"]["start"], item["target_span"]["end"])
        for item in review["findings"]
    }
    unreviewed = [
        (f.check, f.target_span.text)
        for f in example_report.findings
        if (f.check, f.target_span.start, f.target_span.end) not in reviewed
    ]
    assert not unreviewed, f"run python -m benchmarks.corpus.review and judge: {unreviewed}"
