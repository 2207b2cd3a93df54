"""Gendered mentions of people in German: person nouns (Autorin, der Vorsitzende), personal and
possessive pronouns (er, sie, ihm, seine), relative pronouns after a name, titles (Herr, Frau)."""

from __future__ import annotations

from mtcheck.analysis import german_morph as gm
from mtcheck.analysis.lexicon import noun_entries
from mtcheck.analysis.people.coreference import link, link_copula_pronouns, link_noun
from mtcheck.analysis.people.model import (
    GENDER_WORD,
    POSSESSIVE,
    PRONOUN,
    RELATIVE,
    WEAK_PRONOUN,
    Mention,
    Person,
    SentenceAnalysis,
    Token,
)
from mtcheck.analysis.people.syntax import (
    ARTICLE_TAGS,
    COPULA_LEMMAS,
    after_singular_copula,
    capitalised,
    determiner,
    in_pp,
    is_finite,
    sentence_initial,
    singular_verb,
    skip_predicate_modifiers,
    subject_before,
)

GENERIC_DETERMINERS = ("jed", "kein", "all", "manch", "viel", "beid", "welch", "solch")


SINGULAR_DETERMINERS = frozenset(
    {
        "ein",
        "einen",
        "einem",
        "eines",
        "dem",
        "des",
        "zum",
        "vom",
        "im",
        "beim",
        "am",
        "seinem",
        "seines",
        "ihrem",
        "ihres",
        "meinem",
        "unserem",
    }
)


GENDER_MARK_TOKENS = frozenset({"*", ":", "_", "/", "("})
INCLUSIVE_ENDINGS = frozenset({"-", "in", "innen", "-in", "-innen", "r", "n"})


MASCULINE_POSSESSIVES = frozenset({"sein", "seine", "seinen", "seinem", "seiner", "seines"})


FEMININE_POSSESSIVES = frozenset({"ihr", "ihre", "ihren", "ihrem", "ihrer", "ihres"})


DATIVE_PREPOSITIONS = frozenset({"mit", "von", "zu", "bei", "nach", "aus", "gegenüber", "für", "über", "an"})


def _noun_mention(tokens: list[Token], i: int, name_starts: frozenset[int] = frozenset()) -> Mention | None:
    """A singular person noun that genders its person: "die Autorin", "der Vorsitzende"."""
    tok = tokens[i]
    noun = person_noun_at(tokens, i)
    if noun is None:
        return None
    det, _ = determiner(tokens, i)
    det_word = det.text.lower() if det is not None else ""
    if det_word.startswith(GENERIC_DETERMINERS):
        return None  # jeder Lehrer, keine Ärztin: generic
    if not _one_person(tokens, i, noun, det_word, name_starts):
        return None
    gender = (
        _adjectival_gender(tokens, det) if noun.adjectival and not tok.text.endswith("er") else noun.gender
    )
    if gender is None:
        return None
    article = det if det is not None and det.index == i - 1 and det.tag in ARTICLE_TAGS else None
    mention = Mention("noun", gender, tok, f"{GENDER_WORD[gender]} noun", noun=noun, determiner=article)
    mention.predicative = _predicative(tokens, i)
    return mention


def person_noun_at(tokens: list[Token], i: int) -> gm.PersonNoun | None:
    """The person noun at token i, unless it is written gender-inclusively (Lehrer*innen,
    Lehrer/-innen, Lehrer(in)), which names no one person."""
    tok = tokens[i]
    if not tok.tag.startswith("NN") or not capitalised(tok):
        return None
    noun = gm.person_noun(tok.text)
    if noun is None or i + 1 >= len(tokens) or tokens[i + 1].text not in GENDER_MARK_TOKENS:
        return noun
    inclusive = i + 2 >= len(tokens) or tokens[i + 2].text.lower() in INCLUSIVE_ENDINGS
    return None if inclusive else noun


def _one_person(
    tokens: list[Token], i: int, noun: gm.PersonNoun, det_word: str, name_starts: frozenset[int]
) -> bool:
    """The noun stands for one person: a singular form, or a form that may be plural ("Lehrer")
    with a singular determiner, a name right after it, or a singular copula before it."""
    if noun.number == "pl":
        return False
    if noun.number != "ambiguous":
        return True
    singular = det_word in SINGULAR_DETERMINERS or (
        det_word in {"der", "den"} and not _form_is_plural_dative(noun, tokens[i].text, det_word)
    )
    return singular or i + 1 in name_starts or after_singular_copula(tokens, i)


def _adjectival_gender(tokens: list[Token], det: Token | None) -> str | None:
    """der Vorsitzende (m) / die Vorsitzende, eine Vorsitzende (f); without a determiner: unknown.
    After a preposition ("von der russische Beamte") the "der" is not this noun's article."""
    det_index = det.index if det is not None else 0
    if det_index > 0 and tokens[det_index - 1].tag.startswith("APPR"):
        return None
    if det is None or det_index > 0 and det.text[:1].isupper():
        return None  # "der Partei Die Linke": part of a name
    return {"der": "m", "die": "f", "eine": "f"}.get(det.text.lower())


def _predicative(tokens: list[Token], i: int) -> bool:
    """A role said of the subject: "war Botschafter", "als Vertreter", "zum Präsidenten"."""
    j = skip_predicate_modifiers(tokens, i)
    if j < 0:
        return False
    before = tokens[j]
    if before.lemma in COPULA_LEMMAS or before.text.lower() in {"als", "zum", "zur"}:
        return True
    return before.tag == "PPER" and j > 0 and tokens[j - 1].lemma in COPULA_LEMMAS


def _form_is_plural_dative(noun: gm.PersonNoun, form: str, det_word: str) -> bool:
    if det_word == "der":
        return False  # "der Lehrer" as genitive plural is rare in running text about a person
    for entry in noun_entries(noun.lemma):
        if entry["lemma"] == noun.lemma and entry.get("flexion", {}).get("dativ plural") == form:
            return True
    return False


def _pronoun_mention(tokens: list[Token], i: int) -> Mention | None:
    tok = tokens[i]
    word = tok.text.lower()
    initial = sentence_initial(tokens, i)
    if tok.text[:1].isupper() and not initial:
        return None  # "Sie"/"Ihr" inside a sentence: formal address
    if tok.tag == "PPER":
        if word in {"er", "ihn"}:
            return Mention("pronoun", "m", tok, f"masculine pronoun '{tok.text}'", strength=PRONOUN)
        if word == "ihm":
            return Mention(
                "pronoun", "m", tok, "masculine pronoun 'ihm'", strength=WEAK_PRONOUN, ambiguous_with="n"
            )
        if word == "sie" and _sie_is_singular_subject(tokens, i):
            return Mention(
                "pronoun", "f", tok, "feminine pronoun 'sie' (with a singular verb)", strength=PRONOUN
            )
        if word in {"sie", "ihr"} and not (
            word == "ihr" and i > 0 and tokens[i - 1].text.lower() in DATIVE_PREPOSITIONS
        ):
            # "dass sie das Design nicht mochte": feminine or plural; only ever supporting evidence
            return Mention(
                "ambiguous",
                "f",
                tok,
                f"pronoun '{tok.text}' (feminine or plural)",
                strength=0.0,
                ambiguous_with="pl",
            )
        if word == "ihr" and i > 0 and tokens[i - 1].text.lower() in DATIVE_PREPOSITIONS:
            return Mention(
                "pronoun", "f", tok, f"feminine pronoun '{tokens[i - 1].text} ihr'", strength=WEAK_PRONOUN
            )
    if tok.tag == "PPOSAT":
        if word in MASCULINE_POSSESSIVES:
            return Mention(
                "possessive",
                "m",
                tok,
                f"masculine possessive '{tok.text}'",
                strength=POSSESSIVE,
                ambiguous_with="n",
            )
        if word in FEMININE_POSSESSIVES:
            return Mention(
                "possessive",
                "f",
                tok,
                f"feminine possessive '{tok.text}'",
                strength=POSSESSIVE,
                ambiguous_with="pl",
            )
    return None


def _sie_is_singular_subject(tokens: list[Token], i: int) -> bool:
    """'sie' as the subject of a singular finite verb: feminine singular, not plural or formal.

    Three places: "sie war …" (verb right after), "weil sie arrogant ist" (verb at the end of a
    subordinate clause) and "Danach hatte sie …" (verb right before, with no other subject in
    front of it: in "Er traf sie" the "sie" is the object and may be plural).
    """
    if i + 1 < len(tokens) and is_finite(tokens[i + 1]):
        return singular_verb(tokens[i + 1])
    if i > 0 and tokens[i - 1].tag in {"KOUS", "PWAV"}:
        last = None
        for tok in tokens[i + 1 :]:
            if tok.tag in {"$,", "$.", "$("} and tok.text not in {"„", "“", '"'}:
                break
            if is_finite(tok):
                last = tok
        return last is not None and singular_verb(last)
    if i > 0 and is_finite(tokens[i - 1]) and singular_verb(tokens[i - 1]):
        return not subject_before(tokens, i - 1)
    return False


def _relative_after_name(tokens: list[Token], i: int, name_end: dict) -> tuple[Mention, str] | None:
    """'Paver, die gerade …': the relative pronoun shows the named person's gender."""
    if i < 2 or tokens[i - 1].text != "," or i - 2 not in name_end:
        return None
    tok = tokens[i]
    word = tok.text.lower()
    if word not in {"der", "die"}:
        return None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if tok.tag != "PRELS" and (nxt is None or nxt.tag.startswith("NN") or nxt.tag.startswith("ADJ")):
        return None  # "Trump, die Ukraine und …": an article, not a relative pronoun
    gender: gm.Gender = "f" if word == "die" else "m"
    mention = Mention("relative", gender, tok, f"{GENDER_WORD[gender]} relative pronoun '{tok.text}'")
    return mention, name_end[i - 2][2]


def find_mentions(analysis: SentenceAnalysis, persons: dict[str, Person]) -> None:
    tokens = analysis.tokens
    name_at = {i: (i, j, key) for i, j, key in analysis.names}
    name_end = {j - 1: (i, j, key) for i, j, key in analysis.names}
    for i, tok in enumerate(tokens):
        mention = _noun_mention(tokens, i, frozenset(name_at)) or _pronoun_mention(tokens, i)
        if mention is None:
            relative = _relative_after_name(tokens, i, name_end)
            if relative is not None:
                link(relative[0], persons[relative[1]], "relative clause", RELATIVE)
                analysis.mentions.append(relative[0])
                continue
            if tok.tag.startswith("NN") and gm.person_noun(tok.text) is None:
                genders = gm.grammatical_genders(tok.text)
                if i > 0 and tokens[i - 1].tag == "CARD" and tokens[i - 1].text not in {"1", "ein", "eine"}:
                    genders = frozenset({"pl"})  # "20 Jahre": plural whatever the form
                if genders:
                    analysis.competitors.append((tok, genders, in_pp(tokens, i)))
            continue
        analysis.mentions.append(mention)
        if mention.kind == "noun":
            link_noun(analysis, mention, name_at, name_end, persons)
    link_copula_pronouns(analysis)
