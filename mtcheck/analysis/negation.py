"""Negation cues in English and German, with offsets.

*Strong* cues are words that negate (not, n't, no, never, without, none, neither, nobody, nothing;
nicht, kein*, nie, niemals, ohne, niemand, nichts, weder, nirgends). *Weak* cues negate implicitly
or by a prefix (fail, lack, refuse, unless, hardly, unable, impossible; kaum, fehlen, verweigern,
un-/in-/dis- adjectives): a translation may turn "failed to attend" into "nahm nicht teil", so a weak
cue on one side balances a strong cue on the other but never raises a finding on its own.
Idioms whose negation does not survive translation ("whether or not", "no doubt", "not until",
"no matter") are not cues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mtcheck.analysis.tokens import Token

_EN_STRONG = re.compile(
    r"\b(?:not|never|no(?!\.\s?\d)|none|nobody|nothing|nowhere|neither|nor|without|cannot|no-one|noone|"
    r"nope|nah|dunno|notta|notthing|(?:did|do|does|can|could|would|should|is|was|will)not|"
    # contractions written without the apostrophe (social media, reviews)
    r"(?:do|does|did|ca|wo|is|are|was|were|has|have|had|should|would|could|must|need|ai)nt)\b|n['’;´ ́]+t\b",
    re.IGNORECASE,
)
#: idioms that lose or change their negation in good German ("ob", "zweifellos", "erst", "egal")
_EN_IDIOMS = re.compile(
    r"\b(?:whether or not|or not|no doubt|not until|no matter|never mind|nothing but|no sooner|"
    r"not to mention|no less than|nothing less than|none other than|not least|no longer|"
    r"can(?:no|['’])t help|can(?:no|['’])t wait|couldn['’]t help|not only|no wonder|no one else)\b",
    re.IGNORECASE,
)
_EN_WEAK = re.compile(
    r"\b(?:fail(?:s|ed|ing|ure)?|lack(?:s|ed|ing)?|refus(?:e|es|ed|ing|al)|den(?:y|ies|ied|ial)|"
    r"unless|hardly|barely|scarcely|rarely|seldom|absen(?:t|ce)|instead|rather than|avoid\w*|"
    r"prevent\w*|stop(?:s|ped|ping)?|miss(?:es|ed|ing)?|lose|loses|lost|ignor\w+|few|little|"
    r"except|only|too|free of|un\w{3,}|in(?:capable|ability|active|adequate|sufficient)\w*|"
    r"im(?:possible|possibly|proper)\w*|ir\w{4,}|il(?:legal|legally|logical)|dis\w{4,}|non-?\w+|"
    r"anti-?\w+|lack|neglect\w*|reject\w*|ban(?:s|ned)?|forbid\w*|exclud\w+|until|before|refrain\w*|"
    r"outside|beyond|cease\w*|quit\w*|doubt\w*|zero|yet|non|from being|other than|"
    r"keep\w* \w+ from)\b",
    re.IGNORECASE,
)
_DE_STRONG = re.compile(
    r"\b(?:nicht|nichts|nie|niemals|nimmer|niemand(?:e[mn]?|s)?|kein(?:e[mnrs]?)?|keinerlei|"
    r"keineswegs|keinesfalls|nirgends|nirgendwo|weder|ohne|nein)\b",
    re.IGNORECASE,
)
#: German idioms whose negation answers no English one ("…, nicht wahr?" for a tag question)
_DE_IDIOMS = re.compile(r"\bnicht wahr\b|\bnicht\s*-\s*\w+|\bnicht zuletzt\b", re.IGNORECASE)
_DE_WEAK = re.compile(
    r"\b(?:kaum|selten|fehl\w*|mangel\w*|verweiger\w*|ablehn\w*|lehnt\w*|verhinder\w*|vermeid\w*|"
    r"verzicht\w*|verbot\w*|verbiet\w*|statt|anstatt|außer|ausgenommen|erst|wenig\w*|"
    r"unterlass\w*|versäum\w*|verpass\w*|verlor\w*|verlier\w*|ignorier\w*|bestreit\w*|bestritt\w*|"
    r"zweifellos|egal|bevor|un\w{3,}|in\w*(?:aktiv|akzeptabel|kompetent|effizient)\w*|"
    r"il(?:legal|loyal)\w*|irr\w+|des\w+|dis\w+|nicht\w+|miss\w+|anti\w+|gegen\w*|\w+los|\w+lose[nmrs]?|"
    r"\w+frei|\w+freie[nmrs]?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Polarity:
    strong: list[Token]
    weak: list[Token]

    @property
    def negated(self) -> bool:
        return bool(self.strong)

    @property
    def any(self) -> bool:
        return bool(self.strong or self.weak)


def _cues(
    pattern: re.Pattern[str], text: str, offset: int, kind: str, skip: list[tuple[int, int]]
) -> list[Token]:
    found = []
    for match in pattern.finditer(text):
        if any(s <= match.start() < e for s, e in skip):
            continue
        found.append(Token(match.start() + offset, match.end() + offset, match.group(), kind))
    return found


def english_polarity(text: str, offset: int = 0) -> Polarity:
    idioms = [(m.start(), m.end()) for m in _EN_IDIOMS.finditer(text)]
    strong = _cues(_EN_STRONG, text, offset, "strong", idioms)
    # "No." / "No," as an answer is "Nein", which German has as a cue as well
    weak = _cues(_EN_WEAK, text, offset, "weak", []) + [
        Token(s + offset, e + offset, text[s:e], "idiom") for s, e in idioms
    ]
    return Polarity(strong, weak)


def german_polarity(text: str, offset: int = 0) -> Polarity:
    idioms = [(m.start(), m.end()) for m in _DE_IDIOMS.finditer(text)]
    strong = _cues(_DE_STRONG, text, offset, "strong", idioms)
    weak = _cues(_DE_WEAK, text, offset, "weak", [])
    return Polarity(strong, weak)
