"""Language analysis shared by the checks: tokens, German morphology, people and their gender,
English gender cues, numbers, names and English left in German text.

:class:`Analysis` is the analysis of one report. It lives on the run (``run.analysis``), computes
each view the first time a check asks for it and keeps it for the rest of the run, so two checks
that read the same sentences share one analysis of them. Checks read it; they never analyse text
themselves. The modules below it are plain functions over text, usable on their own.
"""

from __future__ import annotations

from functools import cached_property

from mtcheck.analysis.english import normalised_sentences, sentence_verdict
from mtcheck.analysis.english_gender import Cue, english_cues
from mtcheck.analysis.names import NameProblem, find_problems
from mtcheck.analysis.numbers import NumberItem, extract
from mtcheck.analysis.people import GermanAnalysis, analyse_sentences
from mtcheck.analysis.text import is_german, sentence_chunks
from mtcheck.model import AlignedPair, Report, Side

#: (lingua's English probability, the source sentence it copies as (start, end, text))
EnglishVerdict = tuple[float | None, tuple[int, int, str] | None]


class Analysis:
    """The analysis of one report, view by view, each computed once."""

    def __init__(self, report: Report):
        self.report = report
        self._numbers: dict[tuple[Side, int], tuple[NumberItem, ...]] = {}  # (side, start)
        self._name_problems: dict[tuple[int, Side], tuple[NameProblem, ...]] = {}
        self._cues: dict[int, list[Cue]] = {}
        self._english: dict[int, EnglishVerdict] = {}  # by start offset

    @cached_property
    def german_people(self) -> GermanAnalysis:
        """People in the German target, their gendered mentions and who each refers to.
        Possessives (sein/ihr) are analysed only when an English source can confirm them."""
        return analyse_sentences(self.report.target, possessives=self.report.source is not None)

    def numbers(self, side: Side, start: int, text: str) -> tuple[NumberItem, ...]:
        """Numbers, dates, times and amounts of one sentence (the text at ``start`` of ``side``),
        read with its language's conventions."""
        key = (side, start)
        if key not in self._numbers:
            self._numbers[key] = tuple(extract(text, start, is_german(self.report.article(side))))
        return self._numbers[key]

    def pair_numbers(self, pair: AlignedPair, side: Side) -> list[NumberItem]:
        chunks = sentence_chunks(self.report, pair, side)
        return [item for start, text in chunks for item in self.numbers(side, start, text)]

    def name_problems(self, pair: AlignedPair, side: Side) -> tuple[NameProblem, ...]:
        """What became of the names of ``side`` (source or back-translation) in the pair's German."""
        key = (pair.index, side)
        if key not in self._name_problems:
            source = list(sentence_chunks(self.report, pair, side))
            target = list(sentence_chunks(self.report, pair, "target"))
            self._name_problems[key] = tuple(find_problems(source, target))
        return self._name_problems[key]

    def english_cues(self, sentence_id: int) -> list[Cue]:
        """Gender cues (she/he, Ms/Mr, actress/chairman) of one English source sentence."""
        if sentence_id not in self._cues:
            source = self.report.source
            assert source is not None
            sentence = source.sentences[sentence_id]
            self._cues[sentence_id] = english_cues(sentence.text, sentence.start)
        return self._cues[sentence_id]

    @cached_property
    def _source_sentences(self) -> list[tuple[int, str, str]] | None:
        source = self.report.source
        return normalised_sentences(source) if source is not None else None

    def english_verdict(self, start: int, sentence: str) -> EnglishVerdict:
        """Whether the German target sentence at ``start`` is still English, and the source
        sentence it copies (``sentence`` is its text, stripped)."""
        if start not in self._english:
            self._english[start] = sentence_verdict(sentence, self.report.source, self._source_sentences)
        return self._english[start]
