"""Person references in German for the gender checks (English cues live in gender_english).

German side: tag each sentence with HanTa, find gendered references to people
(person nouns, er/sie/ihn/ihm, possessives, relative pronouns after a name,
Herr/Frau) and link them to a person with a small, explainable coreference:

* **title / apposition**: "Frau Merkel", "Präsident Wolodymyr Selenskyj", "Bristow, Botschafter …"
* **copula**: "Laurie Bristow ist Präsident", "war er britischer Botschafter"
* **relative clause**: "Paver, die gerade 20 war"
* **heading**: "Zur Autorin" refers to the person named at the start of the next block
* **pronoun**: er/sie/ihn refers to the only person in the last sentences, provided no
  other noun of the pronoun's grammatical gender could be meant ("die Ukraine … sie").

Every link carries a strength that becomes the finding's confidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from mtcheck.analysis import german_morph as gm
from mtcheck.analysis.lexicon import hanta, noun_entries
from mtcheck.analysis.tokens import PLAIN_WORD_RE, TAGGER_TOKEN_RE
from mtcheck.model import Article, Sentence

COPULA_LEMMAS = frozenset({"sein", "werden", "bleiben"})
ARTICLE_TAGS = frozenset({"ART", "APPRART"})
MODIFIER_TAGS = frozenset({"ADJ(A)", "ADJA", "ADJ(D)", "ADV", "CARD", "APPR", "PPOSAT", "PDAT", "PIAT"})
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
NAME_PARTICLES = frozenset({"von", "van", "de", "da", "di", "du", "zu", "bin", "al", "el", "ter", "le", "la"})
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
ACADEMIC_TITLES = frozenset({"Dr", "Prof", "Dres", "med", "rer", "nat", "phil", "h", "c", "."})
GENDER_MARK_TOKENS = frozenset({"*", ":", "_", "/", "("})
MASCULINE_POSSESSIVES = frozenset({"sein", "seine", "seinen", "seinem", "seiner", "seines"})
FEMININE_POSSESSIVES = frozenset({"ihr", "ihre", "ihren", "ihrem", "ihrer", "ihres"})
DATIVE_PREPOSITIONS = frozenset({"mit", "von", "zu", "bei", "nach", "aus", "gegenüber", "für", "über", "an"})
PLURAL_VERBS = frozenset({"sind", "seid"})

# Link strengths (used as confidences): how sure we are the reference is to that person.
TITLE, APPOSITION, COPULA, RELATIVE, HEADING = 1.0, 0.9, 0.9, 0.9, 0.85
PRONOUN, WEAK_PRONOUN, POSSESSIVE = 0.75, 0.6, 0.45

GENDER_WORD = {"f": "feminine", "m": "masculine"}
#: How a link was made, in words an editor understands (for evidence notes).
LINK_WORDS = {
    "title": "title before the name",
    "apposition": "title or role next to the name",
    "copula": "said of the person ('… ist …')",
    "copula with pronoun": "said of the person ('war er …')",
    "relative clause": "relative clause after the name",
    "heading": "heading above the text about the person",
    "pronoun": "pronoun; the only person mentioned just before",
}


@dataclass
class Token:
    text: str
    start: int  # absolute offset in Article.text
    end: int
    lemma: str
    tag: str
    sentence: int  # Sentence.id
    index: int  # position in the sentence's token list


@dataclass
class Mention:
    """One gendered reference to a person."""

    kind: str  # "noun", "pronoun", "possessive", "relative", "title", "ambiguous" (sie/ihr: maybe plural)
    gender: gm.Gender
    token: Token
    description: str  # "feminine noun", "masculine pronoun", …
    noun: gm.PersonNoun | None = None
    determiner: Token | None = None  # an article directly before the noun (for the suggestion)
    entity: str | None = None  # person key once linked
    link: str | None = None  # how it was linked ("copula", "heading", …)
    strength: float = 0.0
    ambiguous_with: str = ""  # "n" for sein/ihm (could be a thing), "pl" for ihr (could be plural)
    predicative: bool = (
        False  # a role said of the subject: "war Botschafter", "als Vertreter", "zum Präsidenten"
    )

    @property
    def start(self) -> int:
        return self.determiner.start if self.determiner is not None else self.token.start

    @property
    def end(self) -> int:
        return self.token.end

    @property
    def strong(self) -> bool:
        return not self.ambiguous_with


@dataclass
class Person:
    key: str
    name: str  # as first written
    established: bool  # known to be a person (multi-word name, title, lexicon, link)
    mentions: list[Token] = field(default_factory=list)


@dataclass
class SentenceAnalysis:
    sentence: Sentence
    tokens: list[Token]
    mentions: list[Mention] = field(default_factory=list)
    names: list[tuple[int, int, str]] = field(default_factory=list)  # token span [i, j) and person key
    # non-person nouns and places a pronoun could refer to: (token, genders, inside a prepositional phrase)
    competitors: list[tuple[Token, frozenset[str], bool]] = field(default_factory=list)


@dataclass
class GermanAnalysis:
    sentences: list[SentenceAnalysis]
    persons: dict[str, Person]

    @property
    def mentions(self) -> list[Mention]:
        return [m for s in self.sentences for m in s.mentions]


@lru_cache(maxsize=4096)
def _tag(words: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    return tuple(tuple(t) for t in hanta().tag_sent(list(words), taglevel=1))  # type: ignore[misc]


def tokenize(text: str, offset: int, sentence: int) -> list[Token]:
    matches = list(TAGGER_TOKEN_RE.finditer(text))
    if not matches:
        return []
    tagged = _tag(tuple(m.group() for m in matches))
    return [
        Token(m.group(), offset + m.start(), offset + m.end(), lemma, tag, sentence, i)
        for i, (m, (_, lemma, tag)) in enumerate(zip(matches, tagged, strict=True))
    ]


def _is_finite(tok: Token) -> bool:
    return tok.tag.endswith("(FIN)") or tok.tag in {"VAFIN", "VVFIN", "VMFIN"}


def _singular_verb(tok: Token) -> bool:
    word = tok.text.lower()
    return _is_finite(tok) and not word.endswith("n") and word not in PLURAL_VERBS


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper()


def _sentence_initial(tokens: Sequence[Token], i: int) -> bool:
    return i == 0 or tokens[i - 1].text in {"„", '"', "«", "»", "“", "(", "–", "-", ":"} and i <= 2


# --------------------------------------------------------------------------- names


def _name_runs(tokens: list[Token]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        first = tokens[i]
        # acronyms (DHS, NATO) are organisations, not people
        if (
            first.tag in {"NE", "FM"}
            and _capitalised(first)
            and first.text.isalpha()
            and not first.text.isupper()
        ):
            j = i + 1
            while j < len(tokens):
                tok = tokens[j]
                if tok.tag in {"NE", "FM"} and _capitalised(tok) and tok.text.isalpha():
                    j += 1
                    continue
                # a surname HanTa reads as a noun: "Max Mustermann"
                if (
                    tok.tag == "NN"
                    and _capitalised(tok)
                    and tok.text.isalpha()
                    and _name_like(tok.text)
                    # only after a known first name: "Trumps Verhandlungsansatz" is no name
                    and (gm.name_kind(tok.text) == "person" or gm.name_kind(tokens[j - 1].text) == "person")
                ):
                    j += 1
                    continue
                # particles inside a name: Ursula von der Leyen
                k = j
                while k < len(tokens) and tokens[k].text in NAME_PARTICLES | {"der", "den"} and k - j < 2:
                    k += 1
                if (
                    k > j
                    and k < len(tokens)
                    and tokens[j].text in NAME_PARTICLES
                    and _capitalised(tokens[k])
                    # "von der Leyen", not "von der Universität"
                    and (tokens[k].tag in {"NE", "FM"} or _name_like(tokens[k].text))
                ):
                    j = k + 1
                    continue
                break
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _name_like(word: str) -> bool:
    """A capitalised word that may be part of a name: unknown to the lexicon, or a known surname
    ("Mustermann"), but not an inflected common noun ("Leuten", "Universität")."""
    return not noun_entries(word) or gm.name_kind(word) == "person"


def _name_key(run: list[Token], persons: dict[str, Person], genitive: bool = False) -> str:
    """A person's key: the full name ("Clarence Thomas"); a surname alone ("Thomas", "Putins")
    maps to the one full name ending in it, and stays on its own when two people share it.
    HanTa's lemma drops a genitive -s; it is used only where a genitive stands ("Putins Ziele"),
    so "Mayorkas" stays "Mayorkas"."""
    last = run[-1]
    words = [t.text for t in run[:-1]] + [last.lemma if genitive and last.tag == "NE" else last.text]
    if len(run) > 1:
        full = " ".join(words)
        if full not in persons and words[-1] in persons:
            others = [key for key in persons if key.endswith(" " + words[-1])]
            if not others:
                return words[-1]  # "Trump" came first, "Donald Trump" later: the same person
        return full
    tok = run[0]
    for candidate in dict.fromkeys(
        (tok.text, tok.lemma, tok.text[:-1] if tok.text.endswith("s") else tok.text)
    ):
        if candidate in persons:
            return candidate
        full = [key for key in persons if key.endswith(" " + candidate)]
        if len(full) == 1:
            return full[0]
        if len(full) > 1:
            return f"{candidate}?"  # two people share the surname: no link
    return words[-1]


# --------------------------------------------------------------------------- mentions


def _determiner(tokens: list[Token], i: int) -> tuple[Token | None, int]:
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


def _noun_mention(tokens: list[Token], i: int, name_starts: frozenset[int] = frozenset()) -> Mention | None:
    tok = tokens[i]
    if not tok.tag.startswith("NN") or not _capitalised(tok):
        return None
    noun = gm.person_noun(tok.text)
    if noun is None:
        return None
    if (
        i + 1 < len(tokens)
        and tokens[i + 1].text in GENDER_MARK_TOKENS
        and (
            i + 2 >= len(tokens)
            or tokens[i + 2].text.lower() in {"-", "in", "innen", "-in", "-innen", "r", "n"}
        )
    ):
        return None  # Lehrer*innen, Lehrer/-innen, Lehrer(in): gender-inclusive, not a person
    det, _ = _determiner(tokens, i)
    det_word = det.text.lower() if det is not None else ""
    if det_word.startswith(GENERIC_DETERMINERS):
        return None  # jeder Lehrer, keine Ärztin: generic
    if noun.number == "pl":
        return None
    gender = noun.gender
    if noun.number == "ambiguous":
        singular = det_word in SINGULAR_DETERMINERS or (
            det_word in {"der", "den"} and not _form_is_plural_dative(noun, tok.text, det_word)
        )
        followed_by_name = i + 1 in name_starts
        if not (singular or followed_by_name or _after_singular_copula(tokens, i)):
            return None
    if noun.adjectival and not tok.text.endswith("er"):
        # der Vorsitzende (m) / die Vorsitzende, eine Vorsitzende (f); without a determiner: unknown.
        # After a preposition ("von der russische Beamte") the "der" is not this noun's article.
        det_index = det.index if det is not None else 0
        if det_index > 0 and tokens[det_index - 1].tag.startswith("APPR"):
            return None
        if det is not None and det_index > 0 and det.text[:1].isupper():
            return None  # "der Partei Die Linke": part of a name
        if det_word in {"der"}:
            gender = "m"
        elif det_word in {"die", "eine"}:
            gender = "f"
        else:
            return None
    article = det if det is not None and det.index == i - 1 and det.tag in ARTICLE_TAGS else None
    mention = Mention("noun", gender, tok, f"{GENDER_WORD[gender]} noun", noun=noun, determiner=article)
    j = _skip_predicate_modifiers(tokens, i)
    mention.predicative = j >= 0 and (
        tokens[j].lemma in COPULA_LEMMAS
        or tokens[j].text.lower() in {"als", "zum", "zur"}
        or (tokens[j].tag == "PPER" and j > 0 and tokens[j - 1].lemma in COPULA_LEMMAS)
    )
    return mention


def _form_is_plural_dative(noun: gm.PersonNoun, form: str, det_word: str) -> bool:
    if det_word == "der":
        return False  # "der Lehrer" as genitive plural is rare in running text about a person
    for entry in noun_entries(noun.lemma):
        if entry["lemma"] == noun.lemma and entry.get("flexion", {}).get("dativ plural") == form:
            return True
    return False


def _after_singular_copula(tokens: list[Token], i: int) -> bool:
    j = i - 1
    while j >= 0 and i - j <= 5 and tokens[j].tag in MODIFIER_TAGS | ARTICLE_TAGS | {"PPER", "NE"}:
        j -= 1
    return j >= 0 and tokens[j].lemma in COPULA_LEMMAS and _singular_verb(tokens[j])


def _pronoun_mention(tokens: list[Token], i: int) -> Mention | None:
    tok = tokens[i]
    word = tok.text.lower()
    initial = _sentence_initial(tokens, i)
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
    if i + 1 < len(tokens) and _is_finite(tokens[i + 1]):
        return _singular_verb(tokens[i + 1])
    if i > 0 and tokens[i - 1].tag in {"KOUS", "PWAV"}:
        last = None
        for tok in tokens[i + 1 :]:
            if tok.tag in {"$,", "$.", "$("} and tok.text not in {"„", "“", '"'}:
                break
            if _is_finite(tok):
                last = tok
        return last is not None and _singular_verb(last)
    if i > 0 and _is_finite(tokens[i - 1]) and _singular_verb(tokens[i - 1]):
        return not _subject_before(tokens, i - 1)
    return False


def _subject_before(tokens: list[Token], verb: int) -> bool:
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
        if tok.tag.startswith("NN") and not _in_pp(tokens, k):
            return True
    return False


def _in_pp(tokens: list[Token], k: int) -> bool:
    """Whether the noun at k sits in a prepositional phrase ("in der Saison", "im Juni")."""
    det, j = _determiner(tokens, k)
    if det is None:
        return k > 0 and tokens[k - 1].tag.startswith("APPR")
    return det.tag == "APPRART" or (j > 0 and tokens[j - 1].tag.startswith("APPR"))


def thing_could_be_meant(analysis: GermanAnalysis, pron: Mention) -> bool:
    """The nearest noun before the pronoun (outside a prepositional phrase, in its sentence or
    the one before) is a thing of the pronoun's grammatical gender, not a person:
    "Seine Behauptung war unsensibel, sie war auch eine Lüge"."""
    compatible = {pron.gender} | ({pron.ambiguous_with} if pron.ambiguous_with else set())
    index = next(k for k, a in enumerate(analysis.sentences) if a.sentence.id == pron.token.sentence)
    if pron.kind == "pronoun" and human_subject(analysis.sentences[index].tokens, pron.token.index):
        return False
    nearest: tuple[int, bool] | None = None  # (offset, is a compatible thing)
    clause_start = _clause_start(analysis.sentences[index].tokens, pron.token.index)
    for a in analysis.sentences[max(0, index - 1) : index + 1]:
        for tok, genders, _ in a.competitors:
            # "die Person … sie": a noun for people of any gender, agreeing grammatically
            if tok.lemma in gm.GENERIC_PERSON_NOUNS and genders & compatible and tok.start < pron.token.start:
                return True
        # a noun in a prepositional phrase of the pronoun's own clause is not its antecedent
        # ("In der Saison trainierte sie"); in an earlier clause it may be ("bei der Kampagne, … dass sie")
        candidates = [
            (tok.start, bool(genders & compatible))
            for tok, genders, in_pp in a.competitors
            if not in_pp or tok.start < clause_start
        ]
        candidates += [(a.tokens[i].start, False) for i, _, _ in a.names]
        candidates += [(m.token.start, False) for m in a.mentions if m.kind in {"noun", "title"}]
        for candidate in candidates:
            if candidate[0] < pron.token.start and (nearest is None or candidate[0] > nearest[0]):
                nearest = candidate
    return nearest is not None and nearest[1]


def _clause_start(tokens: list[Token], i: int) -> int:
    """Offset where the clause holding token i begins (after a comma, colon or conjunction)."""
    for k in range(i - 1, -1, -1):
        if tokens[k].tag in {"$,", "$(", "KOUS"} or tokens[k].text in {":", ";", "–"}:
            return tokens[k].end
    return tokens[0].start if tokens else 0


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


# --------------------------------------------------------------------------- analysis


_CANDIDATE_PRONOUNS = frozenset({"er", "ihn", "ihm", "sie", "ihr"})
_CANDIDATE_POSSESSIVES = MASCULINE_POSSESSIVES | FEMININE_POSSESSIVES


def _has_candidate(text: str, possessives: bool) -> bool:
    """Cheap pre-filter: a pronoun or a capitalised word german-nouns knows as a person noun."""
    for match in PLAIN_WORD_RE.finditer(text):
        word = match.group()
        lower = word.lower()
        if lower in _CANDIDATE_PRONOUNS or (possessives and lower in _CANDIDATE_POSSESSIVES):
            return True
        if word[:1].isupper() and len(word) > 2 and gm.person_noun(word) is not None:
            return True
    return False


def analyse_sentences(
    article: Article, sentence_ids: Iterable[int] | None = None, possessives: bool = True
) -> GermanAnalysis:
    """Find and link person references in the given sentences (default: the whole article).

    ``possessives=False`` (the target-only check, which does not use sein/ihr) skips sentences
    whose only candidates are possessives.

    Only sentences with a candidate word, the two sentences before them (where a pronoun's
    antecedent sits) and the first sentence after a heading are tagged with HanTa.
    """
    ids = list(sentence_ids) if sentence_ids is not None else [s.id for s in article.sentences]
    wanted: set[int] = set()
    for pos, sid in enumerate(ids):
        sent = article.sentences[sid]
        if _has_candidate(sent.text, possessives):
            wanted.update(ids[max(0, pos - 2) : pos + 2 if sent.kind == "heading" else pos + 1])
    persons: dict[str, Person] = {}
    analyses: list[SentenceAnalysis] = []
    for sid in ids:
        sent = article.sentences[sid]
        tokens = tokenize(sent.text, sent.start, sid) if sid in wanted else []
        analysis = SentenceAnalysis(sent, tokens)
        _find_names(analysis, persons)
        _find_mentions(analysis, persons)
        analyses.append(analysis)
    _link_headings(article, analyses, persons)
    _link_pronouns(article, analyses, persons)
    return GermanAnalysis(analyses, persons)


def _find_names(analysis: SentenceAnalysis, persons: dict[str, Person]) -> None:
    tokens = analysis.tokens
    for i, j in _name_runs(tokens):
        run = tokens[i:j]
        kinds = [gm.name_kind(t.lemma if t.tag == "NE" else t.text) for t in run]
        prev = tokens[i - 1] if i > 0 else None
        nxt = tokens[j] if j < len(tokens) else None
        genitive_position = (
            run[-1].text.endswith("s")
            and run[-1].lemma == run[-1].text[:-1]
            and (
                (nxt is not None and nxt.tag.startswith("NN") and _capitalised(nxt))
                or (prev is not None and prev.tag.startswith("NN"))
            )
        )
        key = _name_key(run, persons, genitive_position)
        after_title = prev is not None and prev.tag.startswith("NN") and gm.person_noun(prev.text) is not None
        # "Präsidentschaft Joe Bidens", "Putins Ziele": a person in the genitive
        genitive = run[-1].text.endswith("s") and run[-1].lemma != run[-1].text
        # "des Hughes Hall College", "das Magazin Foreign Policy": a name inside a thing's name
        after_article_or_noun = (
            prev is not None
            and not after_title
            and (prev.tag in ARTICLE_TAGS or (prev.tag.startswith("NN") and not genitive))
        )
        before_noun = nxt is not None and nxt.tag.startswith("NN") and _capitalised(nxt)
        if before_noun and not after_title and not genitive:
            continue  # "Hughes Hall College": the name is part of a thing's name
        if key not in persons and (
            after_article_or_noun
            or ("place" in kinds and kinds[0] != "person")
            or "noun" in kinds
            or not any(t.tag == "NE" for t in run)
        ):
            genders = gm.grammatical_genders(run[-1].lemma) or frozenset({"n"})
            analysis.competitors.append((run[-1], genders, _in_pp(tokens, i)))
            continue
        capitals = sum(1 for t in run if _capitalised(t))
        # "Mayorkas sagte": the subject of a verb only people do is a person
        established = (
            capitals >= 2
            or "person" in kinds
            or after_title
            or human_subject(tokens, i)
            or human_subject(tokens, j - 1)
        )
        if key in persons:
            person = persons[key]
            person.established = person.established or established
        else:
            person = persons[key] = Person(key, " ".join(t.text for t in run), established)
        if capitals >= 2 and " " not in person.name:
            person.name = " ".join(t.text for t in run)  # the fullest form names the person best
        person.mentions.append(run[-1])
        analysis.names.append((i, j, key))


def _find_mentions(analysis: SentenceAnalysis, persons: dict[str, Person]) -> None:
    tokens = analysis.tokens
    name_at = {i: (i, j, key) for i, j, key in analysis.names}
    name_end = {j - 1: (i, j, key) for i, j, key in analysis.names}
    for i, tok in enumerate(tokens):
        mention = _noun_mention(tokens, i, frozenset(name_at)) or _pronoun_mention(tokens, i)
        if mention is None:
            relative = _relative_after_name(tokens, i, name_end)
            if relative is not None:
                _link(relative[0], persons[relative[1]], "relative clause", RELATIVE)
                analysis.mentions.append(relative[0])
                continue
            if tok.tag.startswith("NN") and gm.person_noun(tok.text) is None:
                genders = gm.grammatical_genders(tok.text)
                if i > 0 and tokens[i - 1].tag == "CARD" and tokens[i - 1].text not in {"1", "ein", "eine"}:
                    genders = frozenset({"pl"})  # "20 Jahre": plural whatever the form
                if genders:
                    analysis.competitors.append((tok, genders, _in_pp(tokens, i)))
            continue
        analysis.mentions.append(mention)
        if mention.kind == "noun":
            _link_noun(analysis, mention, name_at, name_end, persons)
    _link_copula_pronouns(analysis)


def _link(mention: Mention, person: Person, how: str, strength: float) -> None:
    mention.entity = person.key
    mention.link = how
    mention.strength = strength
    person.established = True


def _skip_predicate_modifiers(tokens: list[Token], i: int) -> int:
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


def _link_noun(
    analysis: SentenceAnalysis, mention: Mention, name_at: dict, name_end: dict, persons: dict[str, Person]
) -> None:
    tokens = analysis.tokens
    i = mention.token.index
    # apposition / title: "Präsident Wolodymyr Selenskyj", "Frau Merkel", "Epidemiologin Dr. Sarah …"
    after = i + 1
    while after < len(tokens) and tokens[after].text in ACADEMIC_TITLES:
        after += 1
    if after in name_at:
        key = name_at[after][2]
        title = mention.noun is not None and mention.noun.lemma in {"Herr", "Frau"}
        if title:
            mention.kind = "title"
        _link(mention, persons[key], "title" if title else "apposition", TITLE if title else APPOSITION)
        return
    j = _skip_predicate_modifiers(tokens, i)
    if j < 0:
        return
    # "Bristow ist Präsident": name, singular copula, predicate noun
    if tokens[j].lemma in COPULA_LEMMAS and _singular_verb(tokens[j]) and j - 1 in name_end:
        _link(mention, persons[name_end[j - 1][2]], "copula", COPULA)
        return
    # "ist Bristow Präsident": copula, name, predicate noun
    if j in name_end:
        start = name_end[j][0]
        if start > 0 and tokens[start - 1].lemma in COPULA_LEMMAS and _singular_verb(tokens[start - 1]):
            _link(mention, persons[name_end[j][2]], "copula", COPULA)
            return
    # apposition after a comma: "Laurie Bristow, ehemaliger Botschafter, …" (closed by punctuation
    # before any verb; "Nwasinobi, der Gouverneur habe …" starts a new clause about someone else)
    if tokens[j].text == "," and j - 1 in name_end and _closed_apposition(tokens, i):
        _link(mention, persons[name_end[j - 1][2]], "apposition", APPOSITION - 0.1)
        return
    # the name as the apposition: "Ihr Partner, Paul Ansell, sagte …"
    after = i + 1
    if after < len(tokens) and tokens[after].text == "," and after + 1 in name_at:
        end = name_at[after + 1][1]
        if end < len(tokens) and tokens[end].text == ",":
            _link(mention, persons[name_at[after + 1][2]], "apposition", APPOSITION - 0.1)


def _closed_apposition(tokens: list[Token], i: int) -> bool:
    for tok in tokens[i + 1 : i + 8]:
        if _is_finite(tok) or tok.tag.startswith("V"):
            return False
        if tok.tag in {"$,", "$.", "$("}:
            return True
    return i + 1 >= len(tokens)


def _link_copula_pronouns(analysis: SentenceAnalysis) -> None:
    """'war er britischer Botschafter', 'er war Botschafter': the noun belongs to whoever the
    pronoun refers to (resolved once pronouns are linked)."""
    tokens = analysis.tokens
    by_token = {m.token.index: m for m in analysis.mentions}
    for m in analysis.mentions:
        if m.kind != "noun" or m.entity is not None:
            continue
        j = _skip_predicate_modifiers(tokens, m.token.index)
        if j < 1:
            continue
        pron = by_token.get(j)
        if pron is not None and pron.kind == "pronoun" and tokens[j - 1].lemma in COPULA_LEMMAS:
            m.link = f"copula:{pron.token.index}"  # war er … Botschafter
            continue
        pron = by_token.get(j - 1)
        if pron is not None and pron.kind == "pronoun" and tokens[j].lemma in COPULA_LEMMAS:
            m.link = f"copula:{pron.token.index}"  # er war … Botschafter


def _link_headings(article: Article, analyses: list[SentenceAnalysis], persons: dict[str, Person]) -> None:
    """'Zur Autorin' (a heading) refers to the person named at the start of the next block."""
    by_id = {a.sentence.id: a for a in analyses}
    for a in analyses:
        if a.sentence.kind != "heading" or not article.blocks:
            continue
        nouns = [m for m in a.mentions if m.kind == "noun" and m.entity is None]
        if not nouns or a.names:
            continue
        nxt = next((s for s in article.sentences if s.block == a.sentence.block + 1), None)
        if nxt is None or nxt.kind == "heading" or nxt.id not in by_id:
            continue
        follower = by_id[nxt.id]
        first = next((n for n in follower.names if n[0] <= 2), None)
        if first is None:
            continue
        for m in nouns:
            det = m.determiner.text.lower() if m.determiner else ""
            if det in {"ein", "eine", "einen", "einem", "einer"}:
                continue  # "mit einem starken Mann": generic, not the person below
            _link(m, persons[first[2]], "heading", HEADING)


def _window(analyses: list[SentenceAnalysis], k: int) -> list[SentenceAnalysis]:
    """The sentence and up to two before it in the same block (or the heading just above it)."""
    cur = analyses[k]
    out = [cur]
    for back in range(1, 3):
        if k - back < 0:
            break
        prev = analyses[k - back]
        same_block = prev.sentence.block == cur.sentence.block
        if not same_block or prev.sentence.id != out[0].sentence.id - 1:
            break
        out.insert(0, prev)
    return out


def _link_pronouns(article: Article, analyses: list[SentenceAnalysis], persons: dict[str, Person]) -> None:
    known: dict[str, set[str]] = {}  # genders the person's nouns, titles and relative pronouns give
    for a in analyses:
        for m in a.mentions:
            if m.entity is not None and m.kind in {"noun", "title", "relative"}:
                known.setdefault(m.entity, set()).add(m.gender)
    for k, analysis in enumerate(analyses):
        window = _window(analyses, k)
        for m in analysis.mentions:
            if m.kind not in {"pronoun", "possessive"} or m.entity is not None:
                continue
            candidates, blocked = _antecedents(window, m)
            if len(candidates) != 1 or blocked:
                continue
            key = next(iter(candidates))
            conflicting = bool(known.get(key, set()) - {m.gender})
            if conflicting and _other_referent(window, m, key):
                continue
            if key in persons and persons[key].established:
                m.entity, m.link = key, "pronoun"
                known.setdefault(key, set()).add(m.gender)
        # nouns in a copula with a pronoun share the pronoun's person ("war er Botschafter")
        for m in analysis.mentions:
            if m.link and m.link.startswith("copula:") and m.entity is None:
                idx = int(m.link.split(":")[1])
                pron = next(p for p in analysis.mentions if p.token.index == idx)
                if pron.entity is not None:
                    m.entity, m.link, m.strength = pron.entity, "copula with pronoun", pron.strength
                else:
                    m.link = None


def _other_referent(window: list[SentenceAnalysis], pron: Mention, key: str) -> bool:
    """'Ihr Partner, Paul Ansell, sagte, … sie sei …': another 'ihr'/'sie'/'er' of the pronoun's
    gender nearby that is not the named person's shows that somebody else of that gender is being
    talked about. Asked only when the pronoun contradicts what was said of the person, so strict."""
    for a in window:
        for m in a.mentions:
            if m is pron or m.gender != pron.gender or m.kind not in {"possessive", "ambiguous", "pronoun"}:
                continue
            if m.entity != key:
                return True
    return False


def human_subject(tokens: list[Token], i: int) -> bool:
    """The pronoun at i is the subject of a verb only people do ("sagte sie", "er erklärte")."""
    for k in (i - 1, i + 1):
        if 0 <= k < len(tokens) and _is_finite(tokens[k]) and tokens[k].lemma in HUMAN_VERBS:
            return True
    return False


def _antecedents(window: list[SentenceAnalysis], pron: Mention) -> tuple[set[str], bool]:
    """Persons mentioned before the pronoun in the window ("#offset" for an unnamed person noun),
    and whether a non-person noun of the pronoun's grammatical gender could be meant instead."""
    compatible = {pron.gender} | ({pron.ambiguous_with} if pron.ambiguous_with else set())
    keys: set[str] = set()
    blocked = False
    for a in window:
        limit = pron.token.start if a.sentence.id == pron.token.sentence else a.sentence.end + 1
        keys |= {key for i, _, key in a.names if a.tokens[i].start < limit}
        for m in a.mentions:
            if m is not pron and m.token.start < limit and (m.kind == "noun" or m.entity is not None):
                keys.add(m.entity or f"#{m.token.start}")
        blocked = blocked or any(t.start < limit and g & compatible for t, g, _ in a.competitors)
    if pron.kind == "pronoun" and human_subject(window[-1].tokens, pron.token.index):
        blocked = False  # "sagte sie": a person, whatever nouns of that gender came before
    return keys, blocked
