"""HanTa-tagged tokens and the small syntactic tests the people analysis makes on them: finite
verbs, determiners, prepositional phrases, clause starts, subjects of verbs only people do."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from mtcheck.analysis.lexicon import HANTA_MODEL, hanta
from mtcheck.analysis.people.model import Token
from mtcheck.analysis.tokens import MAX_WORD_CHARS, OPAQUE_TOKEN, TAGGER_TOKEN_RE

COPULA_LEMMAS = frozenset({"sein", "werden", "bleiben"})


ARTICLE_TAGS = frozenset({"ART", "APPRART"})


MODIFIER_TAGS = frozenset({"ADJ(A)", "ADJA", "ADJ(D)", "ADV", "CARD", "APPR", "PPOSAT", "PDAT", "PIAT"})


#: Verbs whose subject is a person: "sagte sie" cannot mean "die Studie".
HUMAN_VERBS = frozenset(
    {
        "sagen",
        "erklären",
        "betonen",
        "meinen",
        "berichten",
        "antworten",
        "fragen",
        "ergänzen",
        "hinzufügen",
        "warnen",
        "kritisieren",
        "fordern",
        "versprechen",
        "behaupten",
        "erzählen",
        "twittern",
        "mitteilen",
        "glauben",
        "denken",
        "hoffen",
        "lachen",
        "lächeln",
        "sterben",
        "heiraten",
        "studieren",
        "arbeiten",
    }
)


@lru_cache(maxsize=1)
def hanta_kind() -> str:
    """What the tags depend on: a new HanTa, model or tag level is a new memo kind, never a stale
    answer (the constants are the ones :func:`_tag` calls the tagger with)."""
    from importlib.metadata import version

    return f"HanTa-{version('HanTa')}|{HANTA_MODEL}|taglevel:{TAG_LEVEL}"


PLURAL_VERBS = frozenset({"sind", "seid"})
TAG_LEVEL = 1  # HanTa tag_sent level: (word, lemma, tag) per word


def _memo_text(words: tuple[str, ...]) -> str:
    return "\x1f".join(words)


@lru_cache(maxsize=4096)
def _tag(words: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    # tagging is the slowest step of a warm re-check: results are kept on disk across runs
    from mtcheck.analysis.memo import analysis_memo

    def compute() -> list[list[str]]:
        return [list(t) for t in hanta().tag_sent(list(words), taglevel=TAG_LEVEL)]

    tagged = analysis_memo().cached(hanta_kind(), _memo_text(words), compute)
    return tuple(tuple(t) for t in tagged)  # type: ignore[misc]


def _tagger_words(matches: Sequence[re.Match[str]]) -> tuple[str, ...]:
    # the tagger's work per unknown word grows with its length: an overlong token is shown as opaque
    return tuple(m.group() if len(m.group()) <= MAX_WORD_CHARS else OPAQUE_TOKEN for m in matches)


def prefetch_tags(texts: Iterable[str]) -> None:
    """Read the stored tags of these sentences in one query (the memo's ``get`` opens a connection
    per sentence, ~0.5 ms each)."""
    from mtcheck.analysis.memo import analysis_memo

    memo = analysis_memo()
    words = (_tagger_words(list(TAGGER_TOKEN_RE.finditer(text))) for text in texts)
    memo.prefetch(hanta_kind(), [memo.key(_memo_text(w)) for w in words if w])


def tokenize(text: str, offset: int, sentence: int) -> list[Token]:
    matches = list(TAGGER_TOKEN_RE.finditer(text))
    if not matches:
        return []
    tagged = _tag(_tagger_words(matches))
    return [
        Token(m.group(), offset + m.start(), offset + m.end(), lemma, tag, sentence, i)
        for i, (m, (_, lemma, tag)) in enumerate(zip(matches, tagged, strict=True))
    ]


def is_finite(tok: Token) -> bool:
    return tok.tag.endswith("(FIN)") or tok.tag in {"VAFIN", "VVFIN", "VMFIN"}


def singular_verb(tok: Token) -> bool:
    word = tok.text.lower()
    return is_finite(tok) and not word.endswith("n") and word not in PLURAL_VERBS


def capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper()


def sentence_initial(tokens: Sequence[Token], i: int) -> bool:
    return i == 0 or tokens[i - 1].text in {"„", '"', "«", "»", "“", "(", "–", "-", ":"} and i <= 2


def determiner(tokens: list[Token], i: int) -> tuple[Token | None, int]:
    """The closest determiner before token i, skipping adjectives/adverbs (and its index)."""
    j = i - 1
    while j >= 0 and i - j <= 4:
        tok = tokens[j]
        if tok.tag in ARTICLE_TAGS or tok.tag in {"PPOSAT", "PIAT", "PDAT", "PIDAT"}:
            return tok, j
        if tok.tag not in {"ADJ(A)", "ADJA", "ADV", "CARD"}:
            return None, j
        j -= 1
    return None, j


def after_singular_copula(tokens: list[Token], i: int) -> bool:
    j = i - 1
    while j >= 0 and i - j <= 5 and tokens[j].tag in MODIFIER_TAGS | ARTICLE_TAGS | {"PPER", "NE"}:
        j -= 1
    return j >= 0 and tokens[j].lemma in COPULA_LEMMAS and singular_verb(tokens[j])


def subject_before(tokens: list[Token], verb: int) -> bool:
    """Whether the clause before the finite verb already holds a nominative subject candidate."""
    start = verb
    while start > 0 and not tokens[start - 1].tag.startswith("$"):
        start -= 1
    for k in range(start, verb):
        tok = tokens[k]
        if tok.tag == "PPER" and tok.text.lower() in {"er", "es", "ich", "du", "wir", "ihr", "man", "sie"}:
            return True
        if tok.tag in {"NE", "PIS", "PDS"}:
            return True
        if tok.tag.startswith("NN") and not in_pp(tokens, k):
            return True
    return False


def in_pp(tokens: list[Token], k: int) -> bool:
    """Whether the noun at k sits in a prepositional phrase ("in der Saison", "im Juni")."""
    det, j = determiner(tokens, k)
    if det is None:
        return k > 0 and tokens[k - 1].tag.startswith("APPR")
    return det.tag == "APPRART" or (j > 0 and tokens[j - 1].tag.startswith("APPR"))


def clause_start(tokens: list[Token], i: int) -> int:
    """Offset where the clause holding token i begins (after a comma, colon or conjunction)."""
    for k in range(i - 1, -1, -1):
        if tokens[k].tag in {"$,", "$(", "KOUS"} or tokens[k].text in {":", ";", "–"}:
            return tokens[k].end
    return tokens[0].start if tokens else 0


def skip_predicate_modifiers(tokens: list[Token], i: int) -> int:
    """Index of the token before the noun phrase ending at i: skips articles, adjectives, adverbs
    and "seit 2020"-style time phrases ("ist seit 2020 Präsidentin")."""
    j = i - 1
    while j >= 0 and i - j <= 6:
        tok = tokens[j]
        if (
            tok.tag in ARTICLE_TAGS | {"ADJ(A)", "ADJA", "ADJ(D)", "ADV", "CARD"}
            or tok.tag in {"APPR", "KON"}
            and tok.text.lower() in {"seit", "bis", "ab", "von"}
            and j + 1 < i
            and tokens[j + 1].tag == "CARD"
        ):
            j -= 1
        else:
            break
    return j


def human_subject(tokens: list[Token], i: int) -> bool:
    """The pronoun at i is the subject of a verb only people do ("sagte sie", "er erklärte")."""
    for k in (i - 1, i + 1):
        if 0 <= k < len(tokens) and is_finite(tokens[k]) and tokens[k].lemma in HUMAN_VERBS:
            return True
    return False
