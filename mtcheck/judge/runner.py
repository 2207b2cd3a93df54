"""Judging one report: every aligned pair that has both sides becomes one request (cached, at most
``max-concurrency`` in flight, within ``max-chars-per-run``); answers are parsed strictly and a
malformed one is asked again once. What could not be judged becomes one warning line per cause."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from mtcheck.config import Settings
from mtcheck.io import cache_root
from mtcheck.judge.cache import AnswerCache, answer_key
from mtcheck.judge.client import Completion, Endpoint, EndpointError, chat, endpoint_from_settings
from mtcheck.judge.parse import Answer, JudgedError, MalformedAnswer, parse_answer
from mtcheck.judge.prompt import PROMPT_VERSION, Unit, messages, retry_messages, user_message
from mtcheck.judge.schema import constrain
from mtcheck.model import AlignedPair, InputError, Report, Transfer
from mtcheck.run import ProgressCallback


@dataclass
class JudgeStats:
    pairs: int = 0  # pairs with English and German: the units the judge is asked about
    calls: int = 0  # requests sent (a retry is a second call)
    cached: int = 0  # pairs answered from the cache
    retries: int = 0
    malformed: int = 0  # pairs whose answer was malformed twice
    failed: int = 0  # pairs lost to timeouts, refused connections, server errors
    skipped: int = 0  # pairs left out by max-chars-per-run
    prompt_tokens: int = 0
    completion_tokens: int = 0
    characters_sent: int = 0  # article text in the requests (the fixed instructions not counted)
    seconds: float = 0.0

    @property
    def unjudged(self) -> int:
        return self.malformed + self.failed + self.skipped


@dataclass
class Judgement:
    """The judge's errors per pair index, and what it cost."""

    model: str
    endpoint: str
    local: bool
    errors: dict[int, tuple[JudgedError, ...]] = field(default_factory=dict)
    stats: JudgeStats = field(default_factory=JudgeStats)
    dropped: int = 0  # errors that quoted no text at all


@dataclass
class _Outcome:
    unit: Unit
    answer: Answer | None = None
    malformed: str | None = None
    failure: str | None = None
    calls: int = 0
    usage: list[Completion] = field(default_factory=list)


def _sides(report: Report, pair: AlignedPair) -> tuple[str, str]:
    return report.pair_text(pair, "source"), report.pair_text(pair, "target")


def units_of(report: Report) -> list[Unit]:
    """One unit per pair with English and German, with the neighbouring pairs as context."""
    pairs = [p for p in report.pairs if p.source_ids and p.target_ids]
    units = []
    for i, pair in enumerate(pairs):
        before = _sides(report, pairs[i - 1]) if i else None
        after = _sides(report, pairs[i + 1]) if i + 1 < len(pairs) else None
        units.append(Unit(pair.index, *_sides(report, pair), before, after))
    return units


class _Asker:
    """Sends one unit (and its single retry) to the endpoint."""

    def __init__(self, endpoint: Endpoint, settings: Settings):
        self.endpoint = endpoint
        self.form = settings.judge.response_format
        self.params = {"temperature": 0, "seed": settings.judge.seed, "max_tokens": settings.judge.max_tokens}

    def body(self, chat_messages: list[dict[str, str]], max_tokens: int) -> dict[str, Any]:
        return constrain({"messages": chat_messages, **self.params, "max_tokens": max_tokens}, self.form)

    def __call__(self, unit: Unit) -> _Outcome:
        outcome = _Outcome(unit)
        limit = int(self.params["max_tokens"])
        try:
            first = chat(self.endpoint, self.body(messages(unit), limit))
            outcome.calls, outcome.usage = 1, [first]
            try:
                outcome.answer = parse_answer(first.content, first.finish_reason)
                return outcome
            except MalformedAnswer as problem:
                # once more, shown what was wrong, with room for a longer answer if it was cut off
                second = chat(
                    self.endpoint, self.body(retry_messages(unit, first.content, str(problem)), 2 * limit)
                )
                outcome.calls, outcome.usage = 2, [first, second]
                outcome.answer = parse_answer(second.content, second.finish_reason)
        except MalformedAnswer as problem:
            outcome.malformed = str(problem)
        except EndpointError as error:
            outcome.failure = str(error)
        return outcome


def _stored(outcome: _Outcome) -> dict[str, Any] | None:
    """What the cache keeps: settled answers only (never a failure, which may be transient)."""
    if outcome.answer is not None:
        errors = [e.__dict__ for e in outcome.answer.errors]
        return {"errors": errors, "dropped": outcome.answer.dropped}
    if outcome.malformed is not None:
        return {"malformed": outcome.malformed}
    return None


def _from_store(unit: Unit, stored: dict[str, Any]) -> _Outcome:
    if "malformed" in stored:
        return _Outcome(unit, malformed=stored["malformed"])
    errors = tuple(JudgedError(**e) for e in stored["errors"])
    return _Outcome(unit, answer=Answer(errors, int(stored.get("dropped", 0))))


class Judge:
    """The judge of one run: endpoint, cache and budget from the settings."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.endpoint = endpoint_from_settings(settings.judge)
        root = cache_root(settings.cache_dir)
        self.cache = AnswerCache(root) if root is not None else None
        self.asker = _Asker(self.endpoint, settings)
        form, params = settings.judge.response_format, self.asker.params
        self.request_key = f"{form}|seed={params['seed']}|max_tokens={params['max_tokens']}"

    def key(self, unit: Unit) -> str:
        return answer_key(
            self.endpoint.url, self.endpoint.model, PROMPT_VERSION, self.request_key, unit.key_text()
        )

    def _budget(self, units: list[Unit]) -> tuple[list[Unit], list[Unit]]:
        """(units to send, units left out) within max-chars-per-run, in article order."""
        limit = self.settings.judge.max_chars_per_run
        if limit is None:
            return units, []
        sent, used = [], 0
        for i, unit in enumerate(units):
            size = len(user_message(unit))
            if used + size > limit:
                return sent, units[i:]
            sent.append(unit)
            used += size
        return sent, []

    def run(self, report: Report, progress: ProgressCallback | None = None) -> Judgement:
        started = time.monotonic()
        units = units_of(report)
        judgement = Judgement(self.endpoint.model, self.endpoint.display, self.endpoint.local)
        stats = judgement.stats
        stats.pairs = len(units)
        keys = {unit.pair: self.key(unit) for unit in units}
        stored = self.cache.get_many(list(keys.values())) if self.cache else {}
        outcomes = [_from_store(u, stored[keys[u.pair]]) for u in units if keys[u.pair] in stored]
        stats.cached = len(outcomes)
        todo, skipped = self._budget([u for u in units if keys[u.pair] not in stored])
        stats.skipped = len(skipped)
        done = len(outcomes)
        if progress:
            progress(done, len(units))
        with ThreadPoolExecutor(max_workers=self.settings.judge.max_concurrency) as pool:
            for outcome in pool.map(self.asker, todo):
                self._count(outcome, stats)
                if self.cache is not None and (value := _stored(outcome)) is not None:
                    self.cache.put(keys[outcome.unit.pair], self.endpoint.model, value)
                outcomes.append(outcome)
                done += 1
                if progress:
                    progress(done, len(units))
        for outcome in outcomes:
            if outcome.answer is not None:
                judgement.errors[outcome.unit.pair] = outcome.answer.errors
                judgement.dropped += outcome.answer.dropped
            stats.malformed += outcome.malformed is not None
            stats.failed += outcome.failure is not None
        stats.seconds = round(time.monotonic() - started, 2)
        self._report(report, judgement, outcomes, skipped)
        return judgement

    def _count(self, outcome: _Outcome, stats: JudgeStats) -> None:
        stats.calls += outcome.calls
        stats.retries += max(0, outcome.calls - 1)
        stats.characters_sent += outcome.calls * len(user_message(outcome.unit))
        for completion in outcome.usage:
            stats.prompt_tokens += completion.prompt_tokens
            stats.completion_tokens += completion.completion_tokens

    def _report(
        self, report: Report, judgement: Judgement, outcomes: list[_Outcome], skipped: list[Unit]
    ) -> None:
        """Warnings (one line per cause), the privacy note, and --require-judge."""
        lines = judge_warnings(judgement, outcomes, skipped, self.settings)
        stats = judgement.stats
        if not judgement.local:
            report.sent_to.append(
                Transfer(judgement.endpoint, "judge", judgement.model, stats.characters_sent)
            )
            if stats.characters_sent:
                lines.insert(
                    0,
                    f"privacy: article text was sent to {judgement.endpoint} (LLM judge, model "
                    f"{judgement.model}): {stats.characters_sent:,} characters",
                )
        report.warnings.extend(lines)
        if self.settings.judge.require and stats.unjudged:
            raise InputError(next(line for line in lines if "not judged" in line or "not used" in line))


def judge_warnings(
    judgement: Judgement, outcomes: list[_Outcome], skipped: list[Unit], settings: Settings
) -> list[str]:
    stats, name = judgement.stats, f"LLM judge ({judgement.model} at {judgement.endpoint})"
    lines = []
    failures = [o.failure for o in outcomes if o.failure]
    if failures:
        hint = ""
        if settings.judge.response_format == "json_schema" and any("HTTP" in f for f in failures):
            hint = (
                "; if the server rejects response_format json_schema, set [judge] response-format = "
                '"json_object" (llama-cpp-python) or "grammar" (llama.cpp)'
            )
        lines.append(f"{name}: {len(failures)} of {stats.pairs} pairs not judged: {failures[0]}{hint}")
    malformed = [o.malformed for o in outcomes if o.malformed]
    if malformed:
        lines.append(
            f"{name}: {len(malformed)} of {stats.pairs} answers malformed twice and not used ({malformed[0]})"
        )
    if skipped:
        lines.append(
            f"{name}: {len(skipped)} of {stats.pairs} pairs not judged: max-chars-per-run "
            f"({settings.judge.max_chars_per_run:,}) reached"
        )
    if judgement.dropped:
        lines.append(f"{name}: {judgement.dropped} error(s) quoted no text at all and were dropped")
    return lines
