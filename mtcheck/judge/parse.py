"""Strict parsing of the judge's answer.

An answer is used only if it is complete JSON of exactly the answer schema: an object with one key
``errors``, a list of at most MAX_ERRORS objects with exactly the six string fields, a known category
and severity. A cut-off answer (``finish_reason == "length"``) is malformed even if it happens to parse.
Within a valid answer, repeated errors are merged and errors that quote nothing at all are dropped
(counted, so the report can say so): they cannot be checked by an editor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from mtcheck.judge.schema import CATEGORIES, FIELDS, MAX_ERRORS, SEVERITIES


class MalformedAnswer(ValueError):
    """The answer is not a complete, schema-conform JSON document; the message says why."""


@dataclass(frozen=True)
class JudgedError:
    target_text: str
    source_text: str
    category: str
    severity: str
    explanation: str
    correction: str

    @property
    def is_omission(self) -> bool:
        return self.category == "accuracy/omission"


@dataclass(frozen=True)
class Answer:
    errors: tuple[JudgedError, ...]
    dropped: int = 0  # errors that quoted neither target nor source text


def _error(item: Any, index: int) -> JudgedError:
    if not isinstance(item, dict):
        raise MalformedAnswer(f"error {index + 1} is not an object")
    keys = set(item)
    if keys != set(FIELDS):
        missing, extra = sorted(set(FIELDS) - keys), sorted(keys - set(FIELDS))
        detail = "; ".join(
            p for p in (f"missing {missing}" if missing else "", f"unknown {extra}" if extra else "") if p
        )
        raise MalformedAnswer(f"error {index + 1} has the wrong fields ({detail})")
    for name in FIELDS:
        if not isinstance(item[name], str):
            raise MalformedAnswer(f"error {index + 1}: {name} is not a string")
    if item["category"] not in CATEGORIES:
        raise MalformedAnswer(f"error {index + 1}: unknown category {item['category']!r}")
    if item["severity"] not in SEVERITIES:
        raise MalformedAnswer(f"error {index + 1}: unknown severity {item['severity']!r}")
    return JudgedError(**{name: " ".join(item[name].split()) for name in FIELDS})


def parse_answer(content: str, finish_reason: str | None = "stop") -> Answer:
    """The judge's errors from one completion, or :class:`MalformedAnswer`."""
    if finish_reason == "length":
        raise MalformedAnswer("the answer was cut off at the token limit")
    try:
        data = json.loads(content)
    except ValueError as error:
        raise MalformedAnswer(f"not JSON ({error.msg} at character {error.pos})") from None
    if not isinstance(data, dict) or set(data) != {"errors"}:
        raise MalformedAnswer('not an object with exactly one key, "errors"')
    items = data["errors"]
    if not isinstance(items, list):
        raise MalformedAnswer('"errors" is not a list')
    if len(items) > MAX_ERRORS:
        raise MalformedAnswer(f"{len(items)} errors, more than the {MAX_ERRORS} asked for")
    errors = list(dict.fromkeys(_error(item, i) for i, item in enumerate(items)))
    usable = tuple(e for e in errors if e.target_text or e.source_text)
    return Answer(usable, dropped=len(errors) - len(usable))
