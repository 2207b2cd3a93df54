"""One reader per human-judgment data set in ``../shared/eval`` (its README describes the files).

Every benchmark reads the data through these functions, so that all of them see the same rows, the
same filters and the same repairs. Each reader takes the eval folder (``--eval-dir``, see
:func:`add_eval_dir`) and returns plain dataclasses whose fields are the file's columns, parsed:
numbers as numbers, ``None`` where the file says ``None`` or nothing, ``errors_json`` as spans.

- :func:`read_wmt23`: WMT23 en-de MQM, 557 segments × 14 systems (``wmt23_ende_mtme.tsv``);
  :func:`wmt23_rated` the 5,520 rated rows of real systems, :func:`wmt23_system` one system's 557.
- :func:`read_wmt22_qe_spans`: WMT22 QE task 2 MQM error spans (``mqm_wmt22qe_ende_spans.tsv``).
- :func:`read_ced`: MLQE-PE critical error detection (``ced_ende_train_dev.tsv``).
- :func:`read_mtgeneval`: MT-GenEval counterfactual gender pairs (``mtgeneval_ende_counterfactual_test.tsv``).
- :func:`read_winomt`: WinoMT with human gender labels (``winomt_ende_aws_human.tsv``).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks import ROOT

DEFAULT_EVAL_DIR = ROOT.parent / "shared" / "eval"

WMT23_FILE = "wmt23_ende_mtme.tsv"
WMT22_QE_FILE = "mqm_wmt22qe_ende_spans.tsv"
CED_FILE = "ced_ende_train_dev.tsv"
MTGENEVAL_FILE = "mtgeneval_ende_counterfactual_test.tsv"
WINOMT_FILE = "winomt_ende_aws_human.tsv"

#: Human and synthetic references that WMT23 scores as if they were systems.
WMT23_REFERENCES = frozenset({"refA", "synthetic_ref"})
#: The WMT23 metrics-task scores in the file; higher is better in all of them (MetricX is negated).
WMT23_BASELINES = (
    "BLEU-refA",
    "chrF-refA",
    "COMET-refA",
    "CometKiwi-src",
    "MetricX-23-QE-src",
    "XCOMET-QE-Ensemble-src",
)
WMT23_DOMAINS = ("news", "social", "speech", "user_review")


def add_eval_dir(parser: argparse.ArgumentParser) -> None:
    """The ``--eval-dir`` option every benchmark that reads ``../shared/eval`` takes."""
    parser.add_argument(
        "--eval-dir",
        type=Path,
        default=DEFAULT_EVAL_DIR,
        help="folder with the human evaluation data (default: ../shared/eval beside the checkout)",
    )


def _rows(eval_dir: Path, name: str) -> Iterator[dict[str, str]]:
    path = Path(eval_dir) / name
    if not path.is_file():
        raise SystemExit(f"{path}: not found (pass --eval-dir pointing at shared/eval)")
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t")


def _number(value: str) -> float | None:
    return None if value in ("", "None") else float(value)


@dataclass(frozen=True)
class MqmSpan:
    """One human error span: ``start``/``end`` are code-point offsets into the translation (into
    the source where ``is_source_error``), ``text`` is the text there."""

    start: int
    end: int
    text: str
    severity: str  # as the raters wrote it: "major", "minor", …
    category: str = ""  # WMT23 only, e.g. "accuracy/mistranslation"
    is_source_error: bool = False
    score: float | None = None  # WMT23 only: the span's MQM penalty


# --- WMT23 en-de MQM --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wmt23Row:
    """One (system, segment) row. Segments are paragraphs (several sentences)."""

    system: str
    seg_idx: int
    domain: str
    doc: str
    source: str
    mt: str  # a leading byte-order mark is removed (and the spans moved with it)
    ref_a: str
    mqm: float | None  # MQM penalty, negative, 0 = no error; None = not rated
    da_sqm: float | None
    errors: tuple[MqmSpan, ...]
    baselines: dict[str, float | None]  # WMT23_BASELINES; None for the references' own refA scores

    @property
    def rated(self) -> bool:
        return self.mqm is not None

    @property
    def is_reference(self) -> bool:
        return self.system in WMT23_REFERENCES

    @property
    def mt_errors(self) -> tuple[MqmSpan, ...]:
        """The error spans in the translation (not those marked in the source)."""
        return tuple(e for e in self.errors if not e.is_source_error)


def _wmt23_errors(raw: str, shift: int) -> tuple[MqmSpan, ...]:
    spans = []
    for e in json.loads(raw or "[]"):
        moved = 0 if e["is_source_error"] else shift
        spans.append(
            MqmSpan(
                start=int(e["start"]) - moved,
                end=int(e["end"]) - moved,
                text=e["text"],
                severity=e["severity"],
                category=e["category"],
                is_source_error=bool(e["is_source_error"]),
                score=e.get("score"),
            )
        )
    return tuple(spans)


def read_wmt23(eval_dir: Path) -> list[Wmt23Row]:
    """Every row of ``wmt23_ende_mtme.tsv`` in file order (7,798: 557 segments × 14 systems,
    references and unrated rows included)."""
    rows = []
    for row in _rows(eval_dir, WMT23_FILE):
        mt = row["mt"].lstrip("\ufeff")  # one translation starts with a BOM; its spans count it
        rows.append(
            Wmt23Row(
                system=row["system"],
                seg_idx=int(row["seg_idx"]),
                domain=row["domain"],
                doc=row["doc"],
                source=row["source"],
                mt=mt,
                ref_a=row["ref_A"],
                mqm=_number(row["mqm_score"]),
                da_sqm=_number(row["da_sqm_score"]),
                errors=_wmt23_errors(row["errors_json"], len(row["mt"]) - len(mt)),
                baselines={name: _number(row[name]) for name in WMT23_BASELINES},
            )
        )
    return rows


def wmt23_rated(eval_dir: Path) -> list[Wmt23Row]:
    """The rated rows of real systems (refA and synthetic_ref left out): 5,520 items."""
    return [row for row in read_wmt23(eval_dir) if row.rated and not row.is_reference]


def wmt23_system(eval_dir: Path, system: str) -> list[Wmt23Row]:
    """One system's row for every one of the 557 source segments, rated or not, by segment."""
    return sorted((row for row in read_wmt23(eval_dir) if row.system == system), key=lambda r: r.seg_idx)


# --- WMT22 QE task 2: MQM error spans ----------------------------------------------------------------


@dataclass(frozen=True)
class Wmt22QeRow:
    """One sentence of one MT system, with a rater's MQM error spans (no categories)."""

    system: str
    doc: str
    seg_id: str  # empty in a few rows of the release
    rater: str
    source: str
    mt: str
    mqm: float  # negative: critical 25, major 5, minor 1
    errors: tuple[MqmSpan, ...]


def _unquote(field_text: str) -> str:
    """A CSV-quoted field (the file quotes fields that contain quotation marks): outer quotes off,
    doubled quotes single. Read by hand because a quote at the start of a source breaks csv."""
    if len(field_text) >= 2 and field_text.startswith('"') and field_text.endswith('"'):
        return field_text[1:-1].replace('""', '"')
    return field_text


def read_wmt22_qe_spans(eval_dir: Path) -> list[Wmt22QeRow]:
    """The well-formed rows of ``mqm_wmt22qe_ende_spans.tsv``: 1,489 of its 1,516.

    In 27 rows (each a source sentence that starts with a quotation mark) the release has the
    document id and the segment number in one field, and word-index tags where the spans should
    be, so their scores cannot be read; they are left out rather than counted as error-free. Rows
    are split by hand: a quotation mark at the start of a field breaks the csv module."""
    path = Path(eval_dir) / WMT22_QE_FILE
    if not path.is_file():
        raise SystemExit(f"{path}: not found (pass --eval-dir pointing at shared/eval)")
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        fields = line.split("\t")
        if not line.strip() or len(fields) != len(header) or " " in fields[1]:
            continue
        row = dict(zip(header, fields, strict=True))
        rows.append(
            Wmt22QeRow(
                system=row["system"],
                doc=row["doc"],
                seg_id=row["seg_id"],
                rater=row["rater"],
                source=_unquote(row["source"]),
                mt=_unquote(row["mt"]),
                mqm=float(row["mqm_score"]),
                errors=tuple(
                    MqmSpan(int(e["start"]), int(e["end"]), e["text"], e["severity"])
                    for e in json.loads(_unquote(row["errors_json"]) or "[]")
                ),
            )
        )
    return rows


# --- MLQE-PE critical error detection ---------------------------------------------------------------


@dataclass(frozen=True)
class CedRow:
    split: str  # "train" or "dev"
    id: str
    source: str
    mt_tokenized: str  # tokenized as released (spaces before punctuation): detokenize before checking
    votes: tuple[int, ...]  # three raters, 1 = critical error
    label: str  # "ERR" (critical error by majority) or "NOT"

    @property
    def critical(self) -> bool:
        return self.label == "ERR"

    @property
    def mt(self) -> str:
        """The German as text (the release is Moses-tokenized)."""
        return detokenize_german(self.mt_tokenized)


_JOIN_HYPHEN = re.compile(r"(?<=[A-ZÄÖÜ0-9]) - (?=\w)")  # "POV - Argument" → "POV-Argument"
_JOIN_SLASH = re.compile(r"(?<=\w) / (?=\w)")  # "I / O" → "I/O"
# "Jedi - Order . blogspot . com" → "Order.blogspot.com": domains were tokenized like sentence ends
_JOIN_DOMAIN = re.compile(r"(?<=\w)\. (?=(?:[a-z0-9-]+\. )*(?:com|org|net|de|uk|co|gov|edu|html?)\b)")


def detokenize_german(tokenized: str) -> str:
    """The released German is Moses-tokenized; sacremoses puts it back together (spaces before
    punctuation, inside brackets and quotes). Hyphens of compounds after an acronym or a digit
    ("POV - Argument", "30 - jährige") and slashes are rejoined; a spaced dash elsewhere stays."""
    text = _detokenizer_de().detokenize(tokenized.split())
    text = _JOIN_HYPHEN.sub("-", text)
    text = _JOIN_DOMAIN.sub(".", text)
    return _JOIN_SLASH.sub("/", text)


_DETOK: list[object] = []


def _detokenizer_de():
    if not _DETOK:
        from sacremoses import MosesDetokenizer

        _DETOK.append(MosesDetokenizer(lang="de"))
    return _DETOK[0]


def read_ced(eval_dir: Path) -> list[CedRow]:
    """Every row of ``ced_ende_train_dev.tsv`` (8,878: train 7,878, dev 1,000)."""
    return [
        CedRow(
            split=row["split"],
            id=row["id"],
            source=row["source"],
            mt_tokenized=row["mt_tokenized"],
            votes=tuple(int(v) for v in json.loads(row["votes"])),
            label=row["label"],
        )
        for row in _rows(eval_dir, CED_FILE)
    ]


# --- gender: MT-GenEval and WinoMT ------------------------------------------------------------------


@dataclass(frozen=True)
class MtGenEvalRow:
    """One German translation of an English sentence; each sentence comes with a correctly and a
    wrongly gendered translation."""

    pair_id: str
    en_gender: str  # "F" or "M"
    en: str
    de: str
    gender_error: bool  # the German genders the person wrongly
    de_with_gender_marks: str  # gendered words in <F>…</F> / <M>…</M>


def read_mtgeneval(eval_dir: Path) -> list[MtGenEvalRow]:
    """Every row of ``mtgeneval_ende_counterfactual_test.tsv`` (1,200: 600 pairs)."""
    return [
        MtGenEvalRow(
            pair_id=row["pair_id"],
            en_gender=row["en_gender"],
            en=row["en"],
            de=row["de"],
            gender_error=row["gender_error"] == "1",
            de_with_gender_marks=row["de_with_gender_marks"],
        )
        for row in _rows(eval_dir, MTGENEVAL_FILE)
    ]


@dataclass(frozen=True)
class WinoMtRow:
    idx: str
    gold_gender: str  # the gender the English pronoun gives the entity
    entity: str
    source: str
    de_aws: str  # the AWS translation the humans labelled
    annot_entity: str
    entity_found: bool
    human_gender: str  # the gender the German gives it, by a human ("" where unlabelled)
    gender_error: bool | None  # None: no human label

    @property
    def labelled(self) -> bool:
        return self.gender_error is not None


def read_winomt(eval_dir: Path) -> list[WinoMtRow]:
    """Every row of ``winomt_ende_aws_human.tsv`` (100; 6 without a human label)."""
    return [
        WinoMtRow(
            idx=row["idx"],
            gold_gender=row["gold_gender"],
            entity=row["entity"],
            source=row["source"],
            de_aws=row["de_aws"],
            annot_entity=row["annot_entity"],
            entity_found=row["entity_found"] == "Y",
            human_gender=row["human_gender"],
            gender_error={"1": True, "0": False}.get(row["gender_error"]),
        )
        for row in _rows(eval_dir, WINOMT_FILE)
    ]
