"""Who each mention refers to: a small, explainable coreference over titles, appositions, copulas,
headings and pronouns. Every link carries a strength that becomes a finding's confidence."""

from __future__ import annotations

from mtcheck.analysis import german_morph as gm
from mtcheck.analysis.people.model import (
    APPOSITION,
    COPULA,
    HEADING,
    TITLE,
    GermanAnalysis,
    Mention,
    Person,
    SentenceAnalysis,
    Token,
)
from mtcheck.analysis.people.syntax import (
    COPULA_LEMMAS,
    clause_start,
    human_subject,
    is_finite,
    singular_verb,
    skip_predicate_modifiers,
)
from mtcheck.model import Article

#: (person key, how the link was made, its strength)
Found = tuple[str, str, float]

ACADEMIC_TITLES = frozenset({"Dr", "Prof", "Dres", "med", "rer", "nat", "phil", "h", "c", "."})


def thing_could_be_meant(analysis: GermanAnalysis, pron: Mention) -> bool:
    """The nearest noun before the pronoun (outside a prepositional phrase, in its sentence or
    the one before) is a thing of the pronoun's grammatical gender, not a person:
    "Seine Behauptung war unsensibel, sie war auch eine Lüge"."""
    compatible = _compatible_genders(pron)
    index = next(k for k, a in enumerate(analysis.sentences) if a.sentence.id == pron.token.sentence)
    if pron.kind == "pronoun" and human_subject(analysis.sentences[index].tokens, pron.token.index):
        return False
    own_clause = clause_start(analysis.sentences[index].tokens, pron.token.index)
    candidates: list[tuple[int, bool]] = []  # (offset, is a compatible thing)
    for a in analysis.sentences[max(0, index - 1) : index + 1]:
        if _generic_person_noun_before(a, pron, compatible):
            return True
        candidates += _antecedent_candidates(a, compatible, own_clause)
    before = [c for c in candidates if c[0] < pron.token.start]
    return bool(before) and max(before, key=lambda c: c[0])[1]


def _compatible_genders(pron: Mention) -> set[str]:
    return {pron.gender} | ({pron.ambiguous_with} if pron.ambiguous_with else set())


def _generic_person_noun_before(a: SentenceAnalysis, pron: Mention, compatible: set[str]) -> bool:
    """ "die Person … sie": a noun for people of any gender, agreeing grammatically."""
    return any(
        tok.lemma in gm.GENERIC_PERSON_NOUNS and genders & compatible and tok.start < pron.token.start
        for tok, genders, _ in a.competitors
    )


def _antecedent_candidates(
    a: SentenceAnalysis, compatible: set[str], own_clause: int
) -> list[tuple[int, bool]]:
    """Nouns and names of a sentence a pronoun may refer to, and whether each is a compatible thing.
    A noun in a prepositional phrase of the pronoun's own clause is not its antecedent ("In der
    Saison trainierte sie"); in an earlier clause it may be ("bei der Kampagne, … dass sie")."""
    candidates = [
        (tok.start, bool(genders & compatible))
        for tok, genders, in_pp in a.competitors
        if not in_pp or tok.start < own_clause
    ]
    candidates += [(a.tokens[i].start, False) for i, _, _ in a.names]
    candidates += [(m.token.start, False) for m in a.mentions if m.kind in {"noun", "title"}]
    return candidates


def link(mention: Mention, person: Person, how: str, strength: float) -> None:
    mention.entity = person.key
    mention.link = how
    mention.strength = strength
    person.established = True


def link_noun(
    analysis: SentenceAnalysis, mention: Mention, name_at: dict, name_end: dict, persons: dict[str, Person]
) -> None:
    """Link a person noun to the name it is a title, apposition or predicate of, if any."""
    found = _title_or_apposition(analysis.tokens, mention, name_at) or _predicate_of(
        analysis.tokens, mention.token.index, name_at, name_end
    )
    if found is None:
        return
    key, how, strength = found
    if how == "title":
        mention.kind = "title"
    link(mention, persons[key], how, strength)


def _title_or_apposition(tokens: list[Token], mention: Mention, name_at: dict) -> Found | None:
    """ "Präsident Wolodymyr Selenskyj", "Frau Merkel", "Epidemiologin Dr. Sarah …"."""
    after = mention.token.index + 1
    while after < len(tokens) and tokens[after].text in ACADEMIC_TITLES:
        after += 1
    if after not in name_at:
        return None
    title = mention.noun is not None and mention.noun.lemma in {"Herr", "Frau"}
    return name_at[after][2], "title" if title else "apposition", TITLE if title else APPOSITION


def _predicate_of(tokens: list[Token], i: int, name_at: dict, name_end: dict) -> Found | None:
    """The name a noun is said of: by a copula ("Bristow ist Präsident", "ist Bristow Präsident") or
    as an apposition ("Laurie Bristow, ehemaliger Botschafter, …", "Ihr Partner, Paul Ansell, …")."""
    j = skip_predicate_modifiers(tokens, i)
    if j < 0:
        return None
    if tokens[j].lemma in COPULA_LEMMAS and singular_verb(tokens[j]) and j - 1 in name_end:
        return name_end[j - 1][2], "copula", COPULA
    if j in name_end:
        start = name_end[j][0]
        if start > 0 and tokens[start - 1].lemma in COPULA_LEMMAS and singular_verb(tokens[start - 1]):
            return name_end[j][2], "copula", COPULA
    # closed by punctuation before any verb; "Nwasinobi, der Gouverneur habe …" starts a new clause
    if tokens[j].text == "," and j - 1 in name_end and _closed_apposition(tokens, i):
        return name_end[j - 1][2], "apposition", APPOSITION - 0.1
    after = i + 1
    if after < len(tokens) and tokens[after].text == "," and after + 1 in name_at:
        end = name_at[after + 1][1]
        if end < len(tokens) and tokens[end].text == ",":
            return name_at[after + 1][2], "apposition", APPOSITION - 0.1
    return None


def _closed_apposition(tokens: list[Token], i: int) -> bool:
    for tok in tokens[i + 1 : i + 8]:
        if is_finite(tok) or tok.tag.startswith("V"):
            return False
        if tok.tag in {"$,", "$.", "$("}:
            return True
    return i + 1 >= len(tokens)


def link_copula_pronouns(analysis: SentenceAnalysis) -> None:
    """'war er britischer Botschafter', 'er war Botschafter': the noun belongs to whoever the
    pronoun refers to (resolved once pronouns are linked)."""
    tokens = analysis.tokens
    by_token = {m.token.index: m for m in analysis.mentions}
    for m in analysis.mentions:
        if m.kind != "noun" or m.entity is not None:
            continue
        j = skip_predicate_modifiers(tokens, m.token.index)
        if j < 1:
            continue
        pron = by_token.get(j)
        if pron is not None and pron.kind == "pronoun" and tokens[j - 1].lemma in COPULA_LEMMAS:
            m.link = f"copula:{pron.token.index}"  # war er … Botschafter
            continue
        pron = by_token.get(j - 1)
        if pron is not None and pron.kind == "pronoun" and tokens[j].lemma in COPULA_LEMMAS:
            m.link = f"copula:{pron.token.index}"  # er war … Botschafter


def link_headings(article: Article, analyses: list[SentenceAnalysis], persons: dict[str, Person]) -> None:
    """'Zur Autorin' (a heading) refers to the person named at the start of the next block."""
    if not article.blocks:
        return
    by_id = {a.sentence.id: a for a in analyses}
    for a in analyses:
        nouns = [m for m in a.mentions if m.kind == "noun" and m.entity is None]
        if a.sentence.kind != "heading" or not nouns or a.names:
            continue
        key = _name_opening_next_block(article, a, by_id)
        if key is None:
            continue
        for m in nouns:
            det = m.determiner.text.lower() if m.determiner else ""
            if det not in {"ein", "eine", "einen", "einem", "einer"}:  # "mit einem starken Mann": generic
                link(m, persons[key], "heading", HEADING)


def _name_opening_next_block(
    article: Article, heading: SentenceAnalysis, by_id: dict[int, SentenceAnalysis]
) -> str | None:
    """The person named in the first words of the block after a heading, if that block is text."""
    nxt = next((s for s in article.sentences if s.block == heading.sentence.block + 1), None)
    if nxt is None or nxt.kind == "heading" or nxt.id not in by_id:
        return None
    first = next((n for n in by_id[nxt.id].names if n[0] <= 2), None)
    return first[2] if first is not None else None


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


def link_pronouns(article: Article, analyses: list[SentenceAnalysis], persons: dict[str, Person]) -> None:
    """Link each pronoun to the one established person mentioned just before it, then give nouns in a
    copula with a pronoun that pronoun's person ("war er Botschafter")."""
    known: dict[str, set[str]] = {}  # genders the person's nouns, titles and relative pronouns give
    for a in analyses:
        for m in a.mentions:
            if m.entity is not None and m.kind in {"noun", "title", "relative"}:
                known.setdefault(m.entity, set()).add(m.gender)
    for k, analysis in enumerate(analyses):
        window = _window(analyses, k)
        for m in analysis.mentions:
            if m.kind in {"pronoun", "possessive"} and m.entity is None:
                _link_pronoun(m, window, known, persons)
        _resolve_copula_nouns(analysis)


def _link_pronoun(
    pron: Mention, window: list[SentenceAnalysis], known: dict[str, set[str]], persons: dict[str, Person]
) -> None:
    candidates, blocked = _antecedents(window, pron)
    if len(candidates) != 1 or blocked:
        return
    key = next(iter(candidates))
    conflicting = bool(known.get(key, set()) - {pron.gender})
    if conflicting and _other_referent(window, pron, key):
        return
    if key in persons and persons[key].established:
        pron.entity, pron.link = key, "pronoun"
        known.setdefault(key, set()).add(pron.gender)


def _resolve_copula_nouns(analysis: SentenceAnalysis) -> None:
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


def _antecedents(window: list[SentenceAnalysis], pron: Mention) -> tuple[set[str], bool]:
    """Persons mentioned before the pronoun in the window ("#offset" for an unnamed person noun),
    and whether a non-person noun of the pronoun's grammatical gender could be meant instead."""
    compatible = _compatible_genders(pron)
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
