"""Readers for the human-judgment data sets in ``../shared/eval`` and their TUNE / HELD-OUT splits.

Each reader returns plain :class:`EvalItem` objects (source, German MT, human error spans with
code-point offsets into ``mt``, labels, document and system), so the measurement code never
touches a TSV. The data stays outside the repository: every reader takes the folder as an argument.

Splits are deterministic and never change with the order of rows:

* WMT23 MQM and WMT22 QE spans: by document, ``sha1(dataset:doc) % 100 < 70`` is TUNE (~70/30).
  All systems' translations of one document land on the same side, so nothing learnt from a
  document's wording leaks into the held-out numbers.
* MLQE-PE critical errors (CED): the release's own ``train`` = TUNE, ``dev`` = HELD-OUT.
* MT-GenEval and WinoMT: by pair id / row id hash, 70/30 (both members of a counterfactual pair
  stay together).

Nothing is tuned on HELD-OUT.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Split = Literal["tune", "heldout"]
SPLITS: tuple[Split, ...] = ("tune", "heldout")
TUNE_SHARE = 70  # percent

WMT23_FILE = "wmt23_ende_mtme.tsv"
WMT22_FILE = "mqm_wmt22qe_ende_spans.tsv"
CED_FILE = "ced_ende_train_dev.tsv"
GENEVAL_FILE = "mtgeneval_ende_counterfactual_test.tsv"
WINOMT_FILE = "winomt_ende_aws_human.tsv"

#: human/synthetic references scored as systems in WMT23: left out (they are not MT)
WMT23_REFERENCE_SYSTEMS = frozenset({"refA", "synthetic_ref"})
#: a rater's note about the source text, not an error of the translation
NOT_AN_MT_ERROR = frozenset({"source issue"})


@dataclass(frozen=True)
class HumanSpan:
    """One human-marked error. ``side`` says which text the offsets point into."""

    start: int
    end: int
    severity: str  # "minor" | "major" | "critical"
    category: str | None  # the data set's own category label, lower case; None where not released
    text: str
    side: Literal["target", "source"] = "target"

    @property
    def major(self) -> bool:
        return self.severity in ("major", "critical")


@dataclass
class EvalItem:
    dataset: str
    id: str
    source: str
    mt: str
    split: Split
    doc: str = ""
    system: str = ""
    spans: list[HumanSpan] = field(default_factory=list)  # target-side and source-side errors
    label: bool | None = None  # CED: critical error; MT-GenEval/WinoMT: gender error
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def target_spans(self) -> list[HumanSpan]:
        return [s for s in self.spans if s.side == "target"]

    @property
    def has_error(self) -> bool:
        """Any human error (a labelled item: its label)."""
        if self.label is not None:
            return self.label
        return bool(self.spans)

    @property
    def has_major(self) -> bool:
        """A human major/critical error (a labelled item: its label, CED labels are critical errors)."""
        if self.label is not None:
            return self.label
        return any(s.major for s in self.spans)


def split_of(dataset: str, key: str) -> Split:
    """TUNE for ~70% of keys, HELD-OUT for the rest; stable across runs and machines."""
    digest = hashlib.sha1(f"{dataset}:{key}".encode()).hexdigest()
    return "tune" if int(digest[:8], 16) % 100 < TUNE_SHARE else "heldout"


def _path(eval_dir: Path, name: str) -> Path:
    path = Path(eval_dir) / name
    if not path.is_file():
        raise SystemExit(f"{path}: not found (pass --eval-dir pointing at shared/eval)")
    return path


def _rows(path: Path) -> Iterator[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t")


# --- WMT23 MQM ---------------------------------------------------------------------------------


def read_wmt23(eval_dir: Path, include_unrated: bool = False) -> list[EvalItem]:
    """Rated translations of the 12 real systems (5,520 paragraphs; refA/synthetic_ref left out).

    A leading byte-order mark in ``mt`` is removed and the spans shifted with it.
    """
    items = []
    for row in _rows(_path(eval_dir, WMT23_FILE)):
        if row["system"] in WMT23_REFERENCE_SYSTEMS:
            continue
        if row["mqm_score"] in ("", "None") and not include_unrated:
            continue
        mt, shift = row["mt"], 0
        if mt.startswith("\ufeff"):
            mt, shift = mt[1:], 1
        spans = []
        for error in json.loads(row["errors_json"] or "[]"):
            category = error["category"].lower()
            if category in NOT_AN_MT_ERROR:
                continue
            side = "source" if error.get("is_source_error") else "target"
            delta = shift if side == "target" else 0
            spans.append(
                HumanSpan(
                    int(error["start"]) - delta,
                    int(error["end"]) - delta,
                    error["severity"].lower(),
                    category,
                    error.get("text", ""),
                    side,  # type: ignore[arg-type]
                )
            )
        items.append(
            EvalItem(
                dataset="wmt23",
                id=f"{row['system']}:{row['seg_idx']}",
                source=row["source"],
                mt=mt,
                split=split_of("wmt23", row["doc"]),
                doc=row["doc"],
                system=row["system"],
                spans=spans,
                extra={"domain": row["domain"], "mqm": row["mqm_score"], "seg_idx": row["seg_idx"]},
            )
        )
    return items


# --- WMT22 QE spans ----------------------------------------------------------------------------


def _unquote(field_text: str) -> str:
    """A CSV-quoted field (the file quotes fields that contain quotation marks): outer quotes off,
    doubled quotes single. Read by hand because a quote at the start of a source breaks csv."""
    if len(field_text) >= 2 and field_text.startswith('"') and field_text.endswith('"'):
        return field_text[1:-1].replace('""', '"')
    return field_text


def read_wmt22(eval_dir: Path) -> tuple[list[EvalItem], int]:
    """WMT22 QE en-de sentences with MQM spans, and the number of malformed rows left out.

    27 rows of the release have the document id and segment number in one column and word-index
    tags where the spans should be (their source begins with a quotation mark that broke the
    export). Their spans are unknown, so they are left out rather than counted as error-free.
    """
    path = _path(eval_dir, WMT22_FILE)
    items: list[EvalItem] = []
    malformed = 0
    with path.open(encoding="utf-8", newline="") as handle:
        lines = handle.read().split("\n")
    header = lines[0].split("\t")
    for line in lines[1:]:
        if not line.strip():
            continue
        fields = line.split("\t")
        if " " in fields[1] or len(fields) != len(header):
            malformed += 1
            continue
        row = dict(zip(header, fields, strict=True))
        spans = [
            HumanSpan(int(e["start"]), int(e["end"]), e["severity"].lower(), None, e.get("text", ""))
            for e in json.loads(_unquote(row["errors_json"]) or "[]")
        ]
        items.append(
            EvalItem(
                dataset="wmt22",
                id=f"{row['doc']}:{row['seg_id']}",
                source=_unquote(row["source"]),
                mt=_unquote(row["mt"]),
                split=split_of("wmt22", row["doc"]),
                doc=row["doc"],
                system=row["system"],
                spans=spans,
                extra={"mqm": row["mqm_score"]},
            )
        )
    return items, malformed


# --- MLQE-PE critical errors -------------------------------------------------------------------

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


def read_ced(eval_dir: Path) -> list[EvalItem]:
    """MLQE-PE en-de critical-error detection: ``train`` is TUNE, ``dev`` is HELD-OUT."""
    items = []
    for row in _rows(_path(eval_dir, CED_FILE)):
        items.append(
            EvalItem(
                dataset="ced",
                id=row["id"],
                source=row["source"],
                mt=detokenize_german(row["mt_tokenized"]),
                split="tune" if row["split"] == "train" else "heldout",
                label=row["label"] == "ERR",
                extra={"votes": row["votes"], "mt_tokenized": row["mt_tokenized"]},
            )
        )
    return items


# --- gender sets -------------------------------------------------------------------------------


def read_mtgeneval(eval_dir: Path) -> list[EvalItem]:
    """MT-GenEval counterfactual test: each English sentence with a right and a wrong German gender."""
    items = []
    for index, row in enumerate(_rows(_path(eval_dir, GENEVAL_FILE))):
        items.append(
            EvalItem(
                dataset="mtgeneval",
                id=f"{row['pair_id']}:{index}",
                source=row["en"],
                mt=row["de"],
                split=split_of("mtgeneval", row["pair_id"]),
                doc=row["pair_id"],
                label=row["gender_error"] == "1",
                extra={"en_gender": row["en_gender"], "marked": row["de_with_gender_marks"]},
            )
        )
    return items


def read_winomt(eval_dir: Path) -> list[EvalItem]:
    """WinoMT with human labels (rows without a 0/1 label are left out)."""
    items = []
    for row in _rows(_path(eval_dir, WINOMT_FILE)):
        if row["gender_error"] not in ("0", "1"):
            continue
        items.append(
            EvalItem(
                dataset="winomt",
                id=row["idx"],
                source=row["source"],
                mt=row["de_aws"],
                split=split_of("winomt", row["idx"]),
                label=row["gender_error"] == "1",
                extra={"gold_gender": row["gold_gender"], "entity": row["entity"]},
            )
        )
    return items


#: Items per data set and split that the full-pipeline benchmark runs (None = all). The pipeline
#: embeds every sentence (0.3-5 s an item on 2 shared cores: 16,000 items would take hours), so
#: WMT23 paragraphs and the CED training split are sampled by a hash of the item id (not by outcome).
#: The light per-pair mode and detector tuning use every item.
PIPELINE_SAMPLE: dict[str, dict[str, int | None]] = {
    "wmt23": {"heldout": 720, "tune": 240},
    "wmt22": {"heldout": None, "tune": None},
    "ced": {"heldout": None, "tune": 400},
}


def _stable_order(item: EvalItem) -> str:
    return hashlib.sha1(f"{item.dataset}:{item.id}".encode()).hexdigest()


def pipeline_subset(items: list[EvalItem], sample: dict[str, int | None]) -> list[EvalItem]:
    """HELD-OUT items first, then TUNE items, each a hash-chosen sample of the given size (None = all)."""
    chosen: list[EvalItem] = []
    for split in ("heldout", "tune"):
        members = sorted((i for i in items if i.split == split), key=_stable_order)
        size = sample.get(split)
        chosen += members if size is None else members[:size]
    return chosen


def read_all(eval_dir: Path, sampled: bool = True) -> dict[str, list[EvalItem]]:
    """The three error data sets the errors benchmark measures, by name (sampled: see PIPELINE_SAMPLE)."""
    wmt22, _ = read_wmt22(eval_dir)
    data = {"wmt23": read_wmt23(eval_dir), "wmt22": wmt22, "ced": read_ced(eval_dir)}
    if sampled:
        data = {name: pipeline_subset(items, PIPELINE_SAMPLE[name]) for name, items in data.items()}
    return data
