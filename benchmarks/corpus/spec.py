"""Data types for authoring the team's bilingual corpus articles as parallel sentence pairs.

An article is a list of blocks (heading, paragraph, bullet list); a block is a list of
:class:`Pair` objects, each linking n English sentences to m German ones. Injected errors
and look-alikes (text a check must *not* flag) are attached to the pair they live in, and
are located by ``str.find`` inside that pair's sentences when the files are generated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ErrorType = Literal[
    "omission", "addition", "number", "name", "gender", "untranslated",
    "boilerplate", "date", "consistency", "typography",
]  # fmt: skip
BlockKind = Literal["heading", "paragraph", "bullets"]
Sentences = str | tuple[str, ...] | None

# Expected check family and MQM category per error type: one source of truth for annotations.
ERROR_TYPES: dict[str, tuple[str, str]] = {
    "omission": ("alignment.omission", "Accuracy/Omission"),
    "addition": ("alignment.addition", "Accuracy/Addition"),
    "number": ("numbers", "Accuracy/Mistranslation"),
    # a changed month or weekday (dates.changed); a changed day or year is a "number" error
    "date": ("dates", "Accuracy/Mistranslation"),
    "name": ("names", "Accuracy/Mistranslation"),
    "gender": ("gender", "Accuracy/Mistranslation"),
    "untranslated": ("untranslated", "Accuracy/Untranslated"),
    "boilerplate": ("boilerplate", "Other/Non-translation"),
    "consistency": ("consistency", "Fluency/Inconsistency"),
    "typography": ("typography", "Fluency/Grammar"),
}


@dataclass(frozen=True)
class Evidence:
    """Text elsewhere that proves an error; ``pair_offset`` is relative to the error's pair."""

    side: Literal["source", "target", "back_translation"]
    text: str
    note: str
    pair_offset: int = 0


@dataclass(frozen=True)
class Err:
    id: str
    type: ErrorType
    note: str
    target: str | None = None  # substring of the pair's German; None = whole sentence (or gap)
    source: str | None = None  # substring of the pair's English; None = whole sentence if any
    severity: str = "major"
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Lookalike:
    """Target text that resembles an error but is correct: the named check must stay silent."""

    text: str
    check: str
    note: str


@dataclass(frozen=True)
class Pair:
    """``en`` → ``de``: sentences as published. ``clean`` is the German without the injected
    error (defaults to ``de``); ``ref`` is an independent human translation; ``bt`` is a
    hand-written English back-translation of ``de``, one sentence per German sentence."""

    en: Sentences
    de: Sentences
    clean: Sentences | Literal["same"] = "same"
    ref: Sentences = None
    bt: Sentences = None
    err: Err | None = None
    ok: tuple[Lookalike, ...] = ()

    def clean_de(self) -> Sentences:
        return self.de if self.clean == "same" else self.clean


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    pairs: tuple[Pair, ...]


@dataclass(frozen=True)
class ArticleSpec:
    name: str
    title_en: str
    topic: str
    blocks: tuple[Block, ...]
    # "independent": reference.de.txt from Pair.ref; "clean": the German before error injection.
    reference: Literal["independent", "clean"] | None = None
    back_translation: bool = False
    block_separator: str = "\n\n"
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def as_tuple(sentences: Sentences) -> tuple[str, ...]:
    if sentences is None:
        return ()
    return (sentences,) if isinstance(sentences, str) else sentences
