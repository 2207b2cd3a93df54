"""The judge's answer format: a JSON schema (one source of truth), how a request asks for it (OpenAI
``json_schema``, llama-cpp-python's ``json_object`` with a schema, or a GBNF grammar made from the same
schema), and how the judge's category names map to mtcheck's MQM categories and check ids."""

from __future__ import annotations

import json
from typing import Any

from mtcheck.model import Category

#: judge category label → (MQM category, check id). The labels are what the prompt and schema offer.
CATEGORIES: dict[str, tuple[Category, str]] = {
    "accuracy/mistranslation": (Category.MISTRANSLATION, "judge.mistranslation"),
    "accuracy/omission": (Category.OMISSION, "judge.omission"),
    "accuracy/addition": (Category.ADDITION, "judge.addition"),
    "accuracy/untranslated": (Category.UNTRANSLATED, "judge.untranslated"),
    "fluency/grammar": (Category.GRAMMAR, "judge.grammar"),
    "fluency/spelling": (Category.SPELLING, "judge.spelling"),
    "fluency/punctuation": (Category.PUNCTUATION, "judge.punctuation"),
    "fluency/inconsistency": (Category.INCONSISTENCY, "judge.inconsistency"),
    "terminology": (Category.TERMINOLOGY, "judge.terminology"),
    "locale convention": (Category.LOCALE, "judge.locale"),
    "style": (Category.STYLE, "judge.style"),
    "other": (Category.NON_TRANSLATION, "judge.other"),
}
SEVERITIES = ("minor", "major", "critical")
FIELDS = ("target_text", "source_text", "category", "severity", "explanation", "correction")
MAX_ERRORS = 5

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "target_text": {"type": "string"},
        "source_text": {"type": "string"},
        "category": {"type": "string", "enum": list(CATEGORIES)},
        "severity": {"type": "string", "enum": list(SEVERITIES)},
        "explanation": {"type": "string"},
        "correction": {"type": "string"},
    },
    "required": list(FIELDS),
    "additionalProperties": False,
}
ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"errors": {"type": "array", "maxItems": MAX_ERRORS, "items": ERROR_SCHEMA}},
    "required": ["errors"],
    "additionalProperties": False,
}


def constrain(body: dict[str, Any], form: str, schema: dict[str, Any] = ANSWER_SCHEMA) -> dict[str, Any]:
    """``body`` with the output constrained to ``schema`` in the request form the server understands."""
    if form == "json_schema":  # OpenAI; llama.cpp's C++ server and vLLM accept it too
        spec = {"name": "mqm_errors", "strict": True, "schema": schema}
        return {**body, "response_format": {"type": "json_schema", "json_schema": spec}}
    if form == "json_object":  # llama-cpp-python (its Python server rejects json_schema with HTTP 500)
        return {**body, "response_format": {"type": "json_object", "schema": schema}}
    return {**body, "grammar": schema_to_gbnf(schema)}


# --- JSON schema → GBNF (the subset the answer schema uses) ------------------------------------------

_BASE_RULES = {
    "space": '" "?',
    "char": r'[^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F])',
    "string": '"\\"" char* "\\"" space',
}


def _literal(text: str) -> str:
    return json.dumps(json.dumps(text))  # a GBNF string literal of the JSON-encoded text


def _rule(schema: dict[str, Any], name: str, rules: dict[str, str]) -> str:
    """Add the rules for ``schema`` under ``name`` and return the rule name to reference."""
    kind = schema.get("type")
    if "enum" in schema:
        rules[name] = "(" + " | ".join(_literal(v) for v in schema["enum"]) + ") space"
    elif kind == "string":
        return "string"
    elif kind == "array":
        item = _rule(schema["items"], f"{name}-item", rules)
        limit = int(schema.get("maxItems", 0))
        if limit:  # up to `limit` items: nested optional groups, as llama.cpp's converter writes them
            tail = ""
            for _ in range(limit - 1):
                tail = f'("," space {item} {tail})?'.replace(" )", ")")
            rules[name] = f'"[" space ({item} {tail})? "]" space'.replace(" )", ")")
        else:
            rules[name] = f'"[" space ({item} ("," space {item})*)? "]" space'
    elif kind == "object":
        parts = []
        for key in schema["properties"]:  # every property is required, in schema order
            value = _rule(schema["properties"][key], f"{name}-{key.replace('_', '-')}", rules)
            parts.append(f'{_literal(key)} space ":" space {value}')
        rules[name] = '"{" space ' + ' "," space '.join(parts) + ' "}" space'
    else:
        raise ValueError(f"schema type {kind!r} has no grammar here")
    return name


def schema_to_gbnf(schema: dict[str, Any]) -> str:
    """A GBNF grammar (llama.cpp) that accepts exactly the JSON documents of ``schema``."""
    rules: dict[str, str] = dict(_BASE_RULES)
    _rule(schema, "root", rules)
    return "\n".join(f"{name} ::= {body}" for name, body in sorted(rules.items())) + "\n"
