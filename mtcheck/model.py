"""The plain data model that flows through the pipeline.

load → segment → back-translate → align → score → check → report/gate.
Every stage takes a :class:`Report` and fills in its own fields; no stage reads
files except ``load``. All offsets are Python code-point offsets into
``Article.text`` of the side they belong to.
"""

from __future__ import annotations

import hashlib
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from mtcheck.load.normalize import TextView

Side = Literal["source", "target", "back_translation", "reference"]
SIDES: tuple[Side, ...] = ("source", "target", "back_translation", "reference")
BlockKind = Literal["heading", "paragraph", "bullet"]
#: how an editor accepted a finding (see :class:`Acceptance`, :class:`InlineSuppression`)
Suppression = Literal["baseline", "inline", "sidecar"]


class Severity(StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


class Category(StrEnum):
    """MQM core typology (themqm.org), as ``Branch/Leaf``."""

    MISTRANSLATION = "Accuracy/Mistranslation"
    OMISSION = "Accuracy/Omission"
    ADDITION = "Accuracy/Addition"
    UNTRANSLATED = "Accuracy/Untranslated"
    GRAMMAR = "Fluency/Grammar"
    SPELLING = "Fluency/Spelling"
    PUNCTUATION = "Fluency/Punctuation"
    INCONSISTENCY = "Fluency/Inconsistency"
    TERMINOLOGY = "Terminology"
    LOCALE = "Locale convention"
    STYLE = "Style"
    NON_TRANSLATION = "Other/Non-translation"

    @property
    def branch(self) -> str:
        return self.value.split("/")[0]


class InputError(Exception):
    """Bad user input: the CLI prints it as one line and exits with code 2."""


@dataclass
class Block:
    """A structural unit of an article: a headline, a paragraph or a bullet line."""

    kind: BlockKind
    start: int
    end: int


@dataclass
class Sentence:
    id: int
    start: int
    end: int
    text: str
    block: int  # index into Article.blocks
    kind: BlockKind


@dataclass(frozen=True)
class InlineSuppression:
    """``<!-- mtcheck-disable CHECK … -->`` in a Markdown or HTML article: the findings of ``checks``
    (ids or families) whose target span starts in ``[start, end)`` (the next block) are accepted."""

    start: int
    end: int
    checks: tuple[str, ...]


@dataclass
class Article:
    """One side of a translation: the decoded text and its structure.

    ``text`` is the text offsets point into: the decoded file for plain text and
    Markdown, the extracted main text for HTML (``extracted`` is then True).
    """

    side: Side
    text: str
    language: str
    path: Path | None = None
    format: str = "txt"
    encoding: str = "utf-8"
    language_detected: bool = False
    extracted: bool = False
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    #: set while the pipeline analyses a normalised view of ``text`` (see mtcheck.load.normalize)
    view: TextView | None = None
    #: inline ``mtcheck-disable`` comments (Markdown, HTML), removed from ``text`` by the loader
    suppressions: list[InlineSuppression] = field(default_factory=list)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def package_version(package: str) -> str:
    """An installed package's version for a signature, or "not-installed"."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not-installed"


@dataclass(frozen=True)
class Signature:
    """How a score was computed, in the manner of sacrebleu: ``name|key:value|…|version:mtcheck-X``.

    The parameters name everything that changes the value: sides, settings, model ids and the
    versions of the packages that computed it; mtcheck's own version always comes last.
    """

    name: str
    params: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        from mtcheck import __version__

        return "|".join((self.name, *(f"{k}:{v}" for k, v in self.params), f"version:mtcheck-{__version__}"))


@dataclass
class Score:
    """A document-level metric value with its reproducible signature."""

    name: str
    value: float
    signature: Signature


@dataclass(slots=True)
class AlignedPair:
    """Source sentences linked to target sentences (plus their back-translation
    and reference sentences). ``kind`` is ``"{n_source}-{n_target}"``, e.g. ``1-1``,
    ``1-0`` (omission), ``0-1`` (addition); ``None`` when there is no source.
    """

    index: int
    source_ids: tuple[int, ...] = ()
    target_ids: tuple[int, ...] = ()
    back_translation_ids: tuple[int, ...] = ()
    reference_ids: tuple[int, ...] = ()
    kind: str | None = None
    scores: dict[str, float] = field(default_factory=dict)  # metric name → sentence score

    def ids(self, side: Side) -> tuple[int, ...]:
        return {
            "source": self.source_ids,
            "target": self.target_ids,
            "back_translation": self.back_translation_ids,
            "reference": self.reference_ids,
        }[side]


@dataclass
class Evidence:
    text: str
    start: int | None
    end: int | None
    side: Side | None
    note: str


@dataclass
class Finding:
    check: str
    category: Category
    severity: Severity
    message: str
    target_span: Span  # zero-length span marks a gap (e.g. where an omitted sentence belongs)
    source_span: Span | None = None
    evidence: list[Evidence] = field(default_factory=list)
    suggestion: str | None = None
    confidence: float = 1.0
    pair: int | None = None  # AlignedPair.index; set once by the check engine
    #: not counted by the gate or MQM, but reported: a check the gate ignores, the judge's review-only
    #: findings, or a finding an editor accepted (``suppression`` then says how)
    ignored: bool = False
    blocking: bool = False  # one of the findings that made the gate BLOCK (set by the gate)
    model: str | None = None  # the model whose judgement this is (the LLM judge); None: mtcheck's rules
    #: :func:`fingerprint` of the finding, set once by the check engine (on the analysis text)
    fingerprint: str = ""
    #: why an editor's acceptance covers it: "baseline", "inline" or "sidecar" (None: not accepted)
    suppression: Suppression | None = None


FINGERPRINT_VERSION = "mtcheck/v1"


def normalise_for_fingerprint(text: str) -> str:
    """NFKC, whitespace runs as one space, no invisible characters: how a fingerprint reads text, so
    re-wrapping a paragraph or an editor's non-breaking space does not make a finding new."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.split())


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def surrounding_sentence(finding: Finding, article: Article) -> str:
    """The text of the target sentence that holds the start of the finding's span ("" without one)."""
    starts = [s.start for s in article.sentences]
    index = bisect_right(starts, finding.target_span.start) - 1
    if index < 0:
        return ""
    return article.sentences[index].text


def fingerprint(finding: Finding, article: Article) -> str:
    """A finding's identity across edits: check id + normalised span text + a hash of the normalised
    sentence around it. Offsets and pair numbers are left out, so adding, removing or changing other
    sentences keeps it; changing the flagged text or its sentence makes a new one. A gap (an omission:
    no German text) is named by the English it misses."""
    span, sentence = finding.target_span.text, surrounding_sentence(finding, article)
    if not span.strip() and finding.source_span is not None:  # a gap: the German around it is not its
        span, sentence = "", "source:" + finding.source_span.text
    sentence = _digest(normalise_for_fingerprint(sentence))
    return _digest(FINGERPRINT_VERSION, finding.check, normalise_for_fingerprint(span), sentence)[:32]


def fingerprint_of(finding: Finding, article: Article) -> str:
    """The fingerprint the check engine stored on the finding, else computed now (a finding built in
    code, e.g. by a test or a plug-in, never went through the engine)."""
    return finding.fingerprint or fingerprint(finding, article)


@dataclass(frozen=True)
class Acceptance:
    """Findings an editor accepted, read from a baseline file or a sidecar ignore file: by
    fingerprint, or (sidecar) by check id or family and the flagged text."""

    reason: Suppression
    origin: str  # the file it came from
    fingerprints: frozenset[str] = frozenset()
    by_text: tuple[tuple[str, str], ...] = ()  # (check id or family, normalised span text)


@dataclass
class MQMScore:
    penalty: float
    per_1000_words: float
    word_count: int
    by_severity: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)


class Outcome(StrEnum):
    """What the gate says an editor should do with the article."""

    PUBLISH = "publish"  # nothing found that the checks can verify, and the evidence vouches for the text
    REVIEW = "review"  # nothing verified, but the evidence does not vouch for the text: read the listed parts
    BLOCK = "block"  # verified errors above the configured thresholds


@dataclass
class Verdict:
    outcome: Outcome
    reasons: list[str] = field(default_factory=list)  # the conditions that decided it, most serious first
    checked: list[str] = field(default_factory=list)  # the conditions that held
    read_first: list[int] = field(default_factory=list)  # AlignedPair.index, riskiest first (REVIEW)
    #: the run fails (exit code 1, a JUnit failure): BLOCK always, REVIEW when the gate is strict
    fails: bool = False
    #: the gate limits this verdict was decided with ("max-penalty-per-1000": 15.0, …; unset ones left
    #: out), so a report shows "6.0 per 1,000 words (max 15)" from the settings actually used
    limits: dict[str, float] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.fails


@dataclass
class LinkedText:
    """One more text of a side that already has one: a second back-translation (English), or another
    engine's German translation used as a pseudo-reference (``--alternative``). ``by_target[j]`` are
    the ids of its sentences that render target sentence j (set by the align stage)."""

    article: Article
    origin: str  # "file:PATH", "llm:MODEL@HOST", "ctranslate2:MODEL@REV", …
    by_target: list[tuple[int, ...]] = field(default_factory=list)

    def pair_text(self, pair: AlignedPair) -> str:
        ids = sorted({k for j in pair.target_ids if j < len(self.by_target) for k in self.by_target[j]})
        return " ".join(self.article.sentences[k].text for k in ids)


@dataclass(frozen=True)
class Transfer:
    """Article text sent to a model endpoint that is not on this machine (the report says so)."""

    url: str
    purpose: str  # "judge" | "back-translation"
    model: str
    characters: int  # characters of prompts sent in this run (0: every answer came from the cache)


@dataclass
class Report:
    """What the pipeline builds up, stage by stage."""

    target: Article
    source: Article | None = None
    back_translation: Article | None = None
    reference: Article | None = None
    back_translation_origin: str | None = None  # "file:PATH", "transformers:MODEL", ...
    pairs: list[AlignedPair] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    verdict: Verdict | None = None
    warnings: list[str] = field(default_factory=list)
    config_path: Path | None = None  # the settings file used (None: built-in defaults)
    #: set by ``mtcheck batch``: the hash of everything the report depends on (incremental re-runs)
    input_hash: str | None = None
    #: back-translations beyond ``back_translation`` (the round-trip checks require all to agree)
    extra_back_translations: list[LinkedText] = field(default_factory=list)
    alternatives: list[LinkedText] = field(default_factory=list)  # other engines' German translations
    sent_to: list[Transfer] = field(default_factory=list)
    #: baselines and sidecar ignore files (read by the load stage, applied by mtcheck.gate.accept)
    acceptances: list[Acceptance] = field(default_factory=list)

    def back_translations(self) -> list[tuple[str, Article]]:
        """Every back-translation with its origin, the primary one first."""
        primary = (
            [(self.back_translation_origin or "", self.back_translation)] if self.back_translation else []
        )
        return primary + [(extra.origin, extra.article) for extra in self.extra_back_translations]

    @property
    def mqm(self) -> MQMScore:
        """The MQM score of the counted findings (:func:`mtcheck.mqm.document_score`): derived from
        the findings on every read, so no stage, report or gate can see a stale one."""
        from mtcheck.mqm import document_score

        return document_score(self.findings, self.target)

    def article(self, side: Side) -> Article | None:
        return getattr(self, side)

    def present(self) -> frozenset[Side]:
        return frozenset(s for s in SIDES if self.article(s) is not None)

    def pair_text(self, pair: AlignedPair, side: Side) -> str:
        """The sentences of one side of a pair, joined by a space."""
        art = self.article(side)
        if art is None:
            return ""
        return " ".join(art.sentences[i].text for i in pair.ids(side))

    def pair_span(self, pair: AlignedPair, side: Side) -> Span | None:
        art = self.article(side)
        ids = pair.ids(side)
        if art is None or not ids:
            return None
        return art.span(art.sentences[ids[0]].start, art.sentences[ids[-1]].end)
