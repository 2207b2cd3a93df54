"""Error-span evaluation items and their TUNE / HELD-OUT splits, built from the readers in
``benchmarks/datasets.py`` (the one reader per data set).

An :class:`EvalItem` is one translation with its human judgment in a common shape (source, German
MT, human error spans with code-point offsets into ``mt``, or a label), so the measurement code
compares findings with spans the same way for every data set.

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

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from benchmarks import datasets

Split = Literal["tune", "heldout"]
SPLITS: tuple[Split, ...] = ("tune", "heldout")
TUNE_SHARE = 70  # percent

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


def read_wmt23(eval_dir: Path) -> list[EvalItem]:
    """Rated translations of the 12 real systems (5,520 paragraphs; refA/synthetic_ref left out)."""
    items = []
    for row in datasets.wmt23_rated(eval_dir):
        spans = [
            HumanSpan(
                e.start,
                e.end,
                e.severity.lower(),
                e.category.lower(),
                e.text,
                "source" if e.is_source_error else "target",
            )  # fmt: skip
            for e in row.errors
            if e.category.lower() not in NOT_AN_MT_ERROR
        ]
        items.append(
            EvalItem(
                dataset="wmt23",
                id=f"{row.system}:{row.seg_idx}",
                source=row.source,
                mt=row.mt,
                split=split_of("wmt23", row.doc),
                doc=row.doc,
                system=row.system,
                spans=spans,
                extra={"domain": row.domain, "mqm": str(row.mqm), "seg_idx": str(row.seg_idx)},
            )
        )
    return items


def read_wmt22(eval_dir: Path) -> list[EvalItem]:
    """WMT22 QE en-de sentences with MQM spans (the malformed rows of the release left out)."""
    return [
        EvalItem(
            dataset="wmt22",
            id=f"{row.doc}:{row.seg_id}",
            source=row.source,
            mt=row.mt,
            split=split_of("wmt22", row.doc),
            doc=row.doc,
            system=row.system,
            spans=[HumanSpan(e.start, e.end, e.severity.lower(), None, e.text) for e in row.errors],
            extra={"mqm": str(row.mqm)},
        )
        for row in datasets.read_wmt22_qe_spans(eval_dir)
    ]


def read_ced(eval_dir: Path) -> list[EvalItem]:
    """MLQE-PE en-de critical-error detection: ``train`` is TUNE, ``dev`` is HELD-OUT."""
    return [
        EvalItem(
            dataset="ced",
            id=row.id,
            source=row.source,
            mt=row.mt,
            split="tune" if row.split == "train" else "heldout",
            label=row.critical,
            extra={"votes": str(list(row.votes)), "mt_tokenized": row.mt_tokenized},
        )
        for row in datasets.read_ced(eval_dir)
    ]


def read_mtgeneval(eval_dir: Path) -> list[EvalItem]:
    """MT-GenEval counterfactual test: each English sentence with a right and a wrong German gender."""
    return [
        EvalItem(
            dataset="mtgeneval",
            id=f"{row.pair_id}:{index}",
            source=row.en,
            mt=row.de,
            split=split_of("mtgeneval", row.pair_id),
            doc=row.pair_id,
            label=row.gender_error,
            extra={"en_gender": row.en_gender, "marked": row.de_with_gender_marks},
        )
        for index, row in enumerate(datasets.read_mtgeneval(eval_dir))
    ]


def read_winomt(eval_dir: Path) -> list[EvalItem]:
    """WinoMT with human labels (rows without a 0/1 label are left out)."""
    return [
        EvalItem(
            dataset="winomt",
            id=row.idx,
            source=row.source,
            mt=row.de_aws,
            split=split_of("winomt", row.idx),
            label=row.gender_error,
            extra={"gold_gender": row.gold_gender, "entity": row.entity},
        )
        for row in datasets.read_winomt(eval_dir)
        if row.labelled
    ]


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
    data = {"wmt23": read_wmt23(eval_dir), "wmt22": read_wmt22(eval_dir), "ced": read_ced(eval_dir)}
    if sampled:
        data = {name: pipeline_subset(items, PIPELINE_SAMPLE[name]) for name, items in data.items()}
    return data
