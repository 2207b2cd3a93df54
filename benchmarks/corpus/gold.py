"""Read the gold annotations of a corpus article and map them onto any segmentation.

Gold links are character spans of whole sentences, so they survive a segmenter that
splits differently: a segmenter sentence belongs to a gold span when they overlap by
more than half of the shorter of the two.

    gold = load_gold(Path("corpora/central-bank"))
    links = map_links(gold, source_spans, target_spans)  # spans: [(start, end), ...]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

Span = tuple[int, int]


@dataclass(frozen=True)
class GoldLink:
    kind: str  # "1-1", "1-0" (omission), "0-1" (addition or boilerplate), "1-2", "2-1"
    source_ids: tuple[int, ...]
    target_ids: tuple[int, ...]
    error: str | None


def load_gold(folder: Path) -> dict:
    return json.loads((folder / "annotations.json").read_text(encoding="utf-8"))


def overlapping(span: Span, sentences: Sequence[Span]) -> tuple[int, ...]:
    """Indices of the sentences that overlap ``span`` by more than half of the shorter one."""
    start, end = span
    hits = []
    for index, (s_start, s_end) in enumerate(sentences):
        overlap = min(end, s_end) - max(start, s_start)
        if overlap > 0 and overlap * 2 > min(end - start, s_end - s_start):
            hits.append(index)
    return tuple(hits)


def map_links(gold: dict, source: Sequence[Span], target: Sequence[Span]) -> list[GoldLink]:
    """The gold alignment expressed in the ids (list indices) of the given sentence spans."""
    links = []
    for link in gold["alignment"]:
        source_ids = sorted({i for span in link["source"] for i in overlapping(tuple(span), source)})
        target_ids = sorted({i for span in link["target"] for i in overlapping(tuple(span), target)})
        links.append(GoldLink(link["kind"], tuple(source_ids), tuple(target_ids), link.get("error")))
    return links
