"""The other gender's wording of a German mention of a person: the suggestion a gender finding
offers ("Zur Autorin" → "Zum Autor", "sie" → "er", "ihre" → "seine")."""

from __future__ import annotations

from mtcheck.analysis import german_morph as gm
from mtcheck.analysis.people import Mention

OTHER = {"f": "m", "m": "f"}

_ARTICLE_SWAP = {  # (article before the noun, target gender) → article for the other gender
    ("zur", "m"): "zum",
    ("zum", "f"): "zur",
    ("der", "f"): "die",  # "der" before a masculine person noun is the nominative
    ("dem", "f"): "der",
    ("des", "f"): "der",
    ("den", "f"): "die",
    ("ein", "f"): "eine",
    ("einen", "f"): "eine",
    ("einem", "f"): "einer",
    ("eines", "f"): "einer",
}
_ARTICLE_CASE = {
    "zur": "dativ",
    "zum": "dativ",
    "dem": "dativ",
    "einem": "dativ",
    "des": "genitiv",
    "eines": "genitiv",
    "den": "akkusativ",
    "einen": "akkusativ",
    "ein": "nominativ",
    "der": "nominativ",
}
_PRONOUN_SWAP = {
    "er": "sie",
    "ihn": "sie",
    "ihm": "ihr",
    "sie": "er",
    "ihr": "ihm",
    "der": "die",
    "die": "der",
}


def _match_case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def suggestion_for(mention: Mention, text: str) -> tuple[str, int, int] | None:
    """Replacement text for the mention in the other gender, and the span it replaces."""
    other = OTHER[mention.gender]
    word = mention.token.text
    lower = word.lower()
    if mention.kind in {"noun", "title"} and mention.noun is not None:
        noun = mention.noun
        det = mention.determiner
        if det is not None and (det.text.lower(), other) in _ARTICLE_SWAP:
            det_word = det.text.lower()
            new_noun = gm.counterpart_form(noun, _ARTICLE_CASE.get(det_word))
            new_det = _match_case(_ARTICLE_SWAP[(det_word, other)], det.text)
            return f"{new_det}{text[det.end : mention.token.start]}{new_noun}", det.start, mention.token.end
        if noun.adjectival:
            return None  # the determiner and the ending both change; leave the wording to the editor
        return noun.counterpart, mention.token.start, mention.token.end
    if mention.kind == "possessive":
        stem_from, stem_to = ("sein", "ihr") if lower.startswith("sein") else ("ihr", "sein")
        return _match_case(stem_to + lower[len(stem_from) :], word), mention.token.start, mention.token.end
    if lower in _PRONOUN_SWAP:
        return _match_case(_PRONOUN_SWAP[lower], word), mention.token.start, mention.token.end
    return None
