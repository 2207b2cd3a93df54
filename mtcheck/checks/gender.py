"""Gender agreement for people: mtcheck's signature check.

``gender.agreement`` (target only): one person referred to with feminine and masculine forms
in the German text ("Zur Autorin" above "Laurie Bristow ist Präsident … war er"). The odd
form is flagged, the others are evidence.

``gender.source`` (needs the English source): the English gender cues of an aligned sentence
(he/she, his/her, Mr/Ms, actress/chairman) disagree with the German forms for the person.

Category: Accuracy/Mistranslation, as in MQM practice (WMT MQM annotators file a wrongly
gendered person under Mistranslation): the text then says something false about who the
person is, which is worse than a grammatical slip.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mtcheck.checks import german_morph as gm
from mtcheck.checks._text import is_german, span
from mtcheck.checks.gender_english import PRONOUNS, TITLES, Cue, english_cues
from mtcheck.checks.gender_mentions import (
    GENDER_WORD,
    LINK_WORDS,
    GermanAnalysis,
    Mention,
    analyse_sentences,
    thing_could_be_meant,
)
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import AlignedPair, Article, Category, Evidence, Finding, Report, Severity

#: Below this confidence a finding is minor, not major.
MAJOR_CONFIDENCE = 0.7
OTHER = {"f": "m", "m": "f"}
PRONOUN_KINDS = frozenset({"pronoun", "possessive", "relative", "ambiguous"})
TITLE_WORDS = frozenset({"Mr", "Mrs", "Ms", "Miss", "Sir", "Dame", "Lady", "Lord", "Dr"})

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


def _quote(mentions: list[Mention]) -> str:
    words = [f"'{m.token.text}'" for m in mentions]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _where(flagged: Mention, others: list[Mention], article: Article) -> str:
    flagged_sentence = flagged.token.sentence
    sentences = {m.token.sentence for m in others}
    if sentences == {flagged_sentence}:
        return "in the same sentence"
    if all(s > flagged_sentence for s in sentences):
        return "in the next lines" if max(sentences) - flagged_sentence <= 3 else "further down"
    if all(s < flagged_sentence for s in sentences):
        return "just before" if flagged_sentence - min(sentences) <= 3 else "earlier in the text"
    return "nearby"


def _evidence(mention: Mention, note: str) -> Evidence:
    return Evidence(mention.token.text, mention.token.start, mention.token.end, "target", note)


def _cached_analysis(ctx: CheckContext) -> GermanAnalysis:
    """One analysis of the target per report, shared by both gender checks."""
    report = ctx.report
    cache = _ANALYSES.get(id(report))
    if cache is None or cache[0] is not report.target or cache[1] != len(report.target.sentences):
        # possessives (sein/ihr) only matter against an English source
        analysis = analyse_sentences(report.target, possessives=report.source is not None)
        cache = (report.target, len(report.target.sentences), analysis)
        _ANALYSES.clear()  # keep only the latest report alive
        _ANALYSES[id(report)] = cache
    return cache[2]


_ANALYSES: dict[int, tuple[Article, int, GermanAnalysis]] = {}


# --------------------------------------------------------------------------- target only


@register_check(
    "gender.agreement",
    category=Category.MISTRANSLATION,
    severity=Severity.MAJOR,
    description="One person is referred to as both a woman and a man in the German text "
    "(e.g. 'Zur Autorin' above 'Bristow ist Präsident … war er')",
)
def check_agreement(ctx: CheckContext) -> Iterator[Finding]:
    target = ctx.report.target
    if not is_german(target) or not target.sentences:
        return
    analysis = _cached_analysis(ctx)
    yield from agreement_findings(ctx, analysis)


def agreement_findings(ctx: CheckContext, analysis: GermanAnalysis) -> Iterator[Finding]:
    target = ctx.report.target
    by_person: dict[str, list[Mention]] = {}
    for m in analysis.mentions:
        # possessives (sein/ihr) are too ambiguous to decide a conflict in German alone
        if m.entity is not None and m.kind != "possessive" and m.strength > 0:
            by_person.setdefault(m.entity, []).append(m)
    for key, mentions in by_person.items():
        genders = {m.gender for m in mentions}
        if len(genders) < 2:
            continue
        # "war er Botschafter": the noun repeats what the pronoun says, it is no extra evidence
        independent = [m for m in mentions if m.link != "copula with pronoun"]
        totals = {g: sum(m.strength for m in independent if m.gender == g) for g in ("f", "m")}
        first = {g: min((m.token.start for m in mentions if m.gender == g), default=0) for g in ("f", "m")}
        # on a tie the side mentioned first stands, the later contradiction is flagged
        majority = max(totals, key=lambda g: (totals[g], sum(m.gender == g for m in mentions), -first[g]))
        minority = OTHER[majority]
        tie = totals[majority] - totals[minority] < 0.3
        agreeing = [m for m in mentions if m.gender == majority]
        odd = [m for m in mentions if m.gender == minority]
        support = 1.0
        for m in agreeing:
            if m.link != "copula with pronoun":
                support *= 1 - m.strength
        person = analysis.persons[key]
        # one finding per wrong reference: "war er Botschafter" is fixed together with "er"
        flag = [m for m in odd if m.link != "copula with pronoun"] or odd
        if tie:
            flag = flag[:1]  # which side is wrong is unknown: one finding, the rest is evidence
        for flagged in flag:
            confidence = round(flagged.strength * (1 - support) * (0.5 if tie else 1.0), 2)
            nearest = sorted(agreeing, key=lambda m: abs(m.token.start - flagged.token.start))[:4]
            nearest.sort(key=lambda m: m.token.start)
            verb = "refer" if len(nearest) > 1 else "refers"
            message = (
                f"'{flagged.token.text}' ({GENDER_WORD[minority]}) here, but {_quote(nearest)} "
                f"({GENDER_WORD[majority]}) {verb} to the same person ({person.name}) "
                f"{_where(flagged, nearest, target)}"
            )
            if tie:
                message += "; one of them is wrong"
            evidence = [
                _evidence(m, f"{m.description} referring to {person.name} ({LINK_WORDS[m.link or '']})")
                for m in nearest
            ]
            evidence += [
                _evidence(m, f"also {GENDER_WORD[minority]}: {m.description} ({LINK_WORDS[m.link or '']})")
                for m in odd
                if m is not flagged
            ]
            fix = suggestion_for(flagged, target.text)
            start, end = (fix[1], fix[2]) if fix else (flagged.token.start, flagged.token.end)
            yield ctx.finding(
                target_span=span(target, start, end),
                message=message,
                evidence=evidence,
                suggestion=fix[0] if fix else None,
                confidence=confidence,
                severity=Severity.MAJOR if confidence >= MAJOR_CONFIDENCE and not tie else Severity.MINOR,
            )


# --------------------------------------------------------------------------- source aware


@register_check(
    "gender.source",
    category=Category.MISTRANSLATION,
    severity=Severity.MAJOR,
    requires=("source",),
    description="The English source marks a person as a woman or a man (she/he, her/his, Ms/Mr, "
    "actress/chairman) and the German translation genders the person the other way",
)
def check_source(ctx: CheckContext) -> Iterator[Finding]:
    report = ctx.report
    if report.source is None or not is_german(report.target) or not report.target.sentences:
        return
    analysis = _cached_analysis(ctx)
    yield from source_findings(ctx, report, analysis)


def _pair_cues(source: Article, ids: tuple[int, ...]) -> list[Cue]:
    cues: list[Cue] = []
    for sid in ids:
        sentence = source.sentences[sid]
        cues += english_cues(sentence.text, sentence.start)
    return cues


@dataclass
class SourceConflict:
    """An aligned pair whose English cues point one way and a German reference the other."""

    pair: AlignedPair
    expected: str  # the gender the English gives
    person_cues: list[Cue]
    flagged: Mention
    odd: list[Mention]  # every German reference of the other gender
    agreeing: list[Mention]  # German references of the English gender (another person may be meant)
    from_neighbour: bool  # the English cue sits in a neighbouring sentence
    pronoun_level: bool = False  # decided on pronouns alone; German nouns of the English gender exist

    @property
    def kind(self) -> str:
        """Finding type for calibration: which evidence the decision rests on."""
        base = "pronouns-other" if self.pronoun_level else "mixed" if self.agreeing else "all-other"
        flagged = self.flagged.kind if self.flagged.kind != "title" else "noun"
        return f"{base}:{flagged}:{self.flagged.gender}" + (":neighbour" if self.from_neighbour else "")


def source_conflicts(report: Report, analysis: GermanAnalysis) -> Iterator[SourceConflict]:
    source = report.source
    assert source is not None
    mentions_by_sentence: dict[int, list[Mention]] = {}
    for m in analysis.mentions:
        mentions_by_sentence.setdefault(m.token.sentence, []).append(m)
    for pair in report.pairs:
        if not pair.source_ids or not pair.target_ids:
            continue
        cues = _pair_cues(source, pair.source_ids)
        from_neighbour = False
        if not any(c.gender in OTHER for c in cues):
            # "She is a painter. The artist lives in Paris.": the cue may sit in the next sentence
            neighbours = (min(pair.source_ids) - 1, max(pair.source_ids) + 1)
            cues = _pair_cues(source, tuple(i for i in neighbours if 0 <= i < len(source.sentences)))
            from_neighbour = True
        first = max(0, min(pair.source_ids) - from_neighbour)
        last = min(len(source.sentences) - 1, max(pair.source_ids) + from_neighbour)
        english_span = (source.sentences[first].start, source.sentences[last].end)
        person_cues = [c for c in cues if c.gender in OTHER]
        source_genders = {c.gender for c in person_cues}
        if len(source_genders) != 1:
            continue  # no cue, or a man and a woman: which German word is whose is not decidable here
        expected = next(iter(source_genders))
        german = [m for sid in pair.target_ids for m in mentions_by_sentence.get(sid, [])]
        german = [m for m in german if _usable(m, cues)]
        if from_neighbour:
            german = [m for m in german if m.kind in {"noun", "title"}]
        agreeing = [m for m in german if m.gender == expected]
        # a pronoun that may stand for a thing ("Seine Behauptung …, sie war eine Lüge") is no
        # evidence of a wrong gender (it still counts as possible agreement above)
        odd = [
            m
            for m in german
            if m.gender != expected
            and m.kind != "ambiguous"
            and (m.kind not in PRONOUN_KINDS or m.kind == "relative" or not thing_could_be_meant(analysis, m))
        ]
        pronoun_level = False
        if agreeing:
            # Another person may be meant. Two cases still stand out:
            # * the English pronouns (he/his) all point one way and every German pronoun the other
            #   way; the agreeing German words are then nouns for somebody else;
            # * a feminine person noun against purely masculine cues: German masculine is also the
            #   generic form, the feminine is not.
            english_pronouns = any(c.text.lower() in PRONOUNS for c in person_cues)
            agreeing_pronouns = [m for m in agreeing if m.kind in PRONOUN_KINDS]
            odd_pronouns = [m for m in odd if m.kind in PRONOUN_KINDS]
            if english_pronouns and odd_pronouns and not agreeing_pronouns:
                odd, pronoun_level = odd_pronouns, True
            else:
                odd = [m for m in odd if m.gender == "f" and m.kind == "noun"]
                if any(m.entity is None for m in odd) and _has_english_names(source.text, english_span):
                    # the English cues are probably about the people it names, not this noun
                    odd = [m for m in odd if m.entity is not None]
        if not odd:
            continue
        conflicts = []
        for candidate in odd:
            about: list[Cue] | None = None
            if candidate.entity is not None:
                # The German word belongs to a named person: only English cues about that name
                # count ("Vasquez and her colleague Steve Cook": "her" is Vasquez's, not Cook's).
                about = _cues_about(candidate.entity, person_cues, source.text, english_span)
                if about is not None and not about:
                    continue
            if from_neighbour and (candidate.entity is None or not about):
                continue  # a neighbouring sentence counts only when it names the same person
            conflicts.append(
                SourceConflict(
                    pair, expected, person_cues, candidate, odd, agreeing, from_neighbour, pronoun_level
                )
            )
        if conflicts:
            # the finding sits on the surest wrong word ("er" rather than a possibly generic "Kapitän")
            yield max(conflicts, key=lambda c: (source_confidence(c)[0], _salience(c.flagged)))


def source_findings(ctx: CheckContext, report: Report, analysis: GermanAnalysis) -> Iterator[Finding]:
    source = report.source
    assert source is not None
    for conflict in source_conflicts(report, analysis):
        flagged, expected, person_cues = conflict.flagged, conflict.expected, conflict.person_cues
        confidence, severity = source_confidence(conflict)
        cue_words = sorted({c.text for c in person_cues}, key=str.lower)
        where = "a neighbouring English sentence" if conflict.from_neighbour else "the English source"
        message = (
            f"'{flagged.token.text}' is {GENDER_WORD[flagged.gender]}, but {where} refers to the person as "
            f"{GENDER_WORD[expected]} ({', '.join(repr(w) for w in cue_words[:4])})"
        )
        evidence = [
            Evidence(c.text, c.start, c.end, "source", f"{GENDER_WORD[c.gender]} cue in the English")
            for c in person_cues[:4]
        ]
        evidence += [_evidence(m, f"also {m.description}") for m in conflict.odd if m is not flagged]
        fix = suggestion_for(flagged, report.target.text)
        start, end = (fix[1], fix[2]) if fix else (flagged.token.start, flagged.token.end)
        first_cue = person_cues[0]
        german_side = _absorb_agreement_findings(report, [flagged, *conflict.odd], expected)
        if german_side:
            words = ", ".join(f"'{e.text}'" for e in german_side[:3])
            message += f"; the German text itself also calls the person {GENDER_WORD[expected]} ({words})"
            evidence += german_side
        yield ctx.finding(
            target_span=span(report.target, start, end),
            source_span=span(source, first_cue.start, first_cue.end),
            message=message,
            evidence=evidence,
            suggestion=fix[0] if fix else None,
            confidence=confidence,
            severity=severity,
            pair=conflict.pair.index,
        )


def _absorb_agreement_findings(report: Report, mentions: list[Mention], expected: str) -> list[Evidence]:
    """One error, one finding: gender.agreement (which runs first) may already have reported the
    same conflict. Its finding is folded into this one, which has the English source on its side,
    so the error is neither counted twice nor argued both ways; the German words that agree with
    the source become evidence."""
    tokens = {(m.token.start, m.token.end) for m in mentions}

    def covers(start: int | None, end: int | None) -> bool:
        return start is not None and end is not None and any(start <= a and b <= end for a, b in tokens)

    word = GENDER_WORD[expected]
    absorbed: list[Evidence] = []
    for finding in list(report.findings):
        if finding.check != "gender.agreement":
            continue
        spans = [(finding.target_span.start, finding.target_span.end)] + [
            (e.start, e.end) for e in finding.evidence
        ]
        if not any(covers(a, b) for a, b in spans):
            continue
        report.findings.remove(finding)
        for e in finding.evidence:
            note = e.note.removeprefix(f"also {word}: ")
            if note.startswith(word) and not covers(e.start, e.end):
                absorbed.append(Evidence(e.text, e.start, e.end, e.side, note))
    return absorbed


def _usable(m: Mention, cues: list[Cue]) -> bool:
    """Drop German words whose gender may belong to a thing or a group the English names so."""
    english = {c.gender for c in cues}
    # sein/ihm may be the "its" of a thing, ihr the "their" of a group
    if m.ambiguous_with and m.ambiguous_with in english:
        return False
    # "the company and its founder" → "die Firma und ihr Gründer": German things have a gender
    return not ("n" in english and m.kind == "possessive")


def _english_names(text: str) -> list[tuple[int, list[str]]]:
    """(offset, words) of capitalised word runs that do not start a sentence: rough names."""
    names = []
    for match in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)", text):
        words = [w.removesuffix("'s").removesuffix("’s") for w in match.group(1).split()]
        names.append((match.start(), words))
    return names


def _same_person(entity: str, words: list[str]) -> bool:
    """'Ginni Thomas' is not 'Clarence Thomas'; 'Thomas' alone may be either."""
    mine = entity.rstrip("?").split()
    if words[-1] != mine[-1]:
        return False
    return len(mine) < 2 or len(words) < 2 or words[-2] == mine[-2] or words[0] in TITLE_WORDS


def _cues_about(person: str, cues: list[Cue], source_text: str, span: tuple[int, int]) -> list[Cue] | None:
    """The English cues that belong to a named person: pronouns whose nearest preceding name is
    theirs, titles that start their name. None when the name is not in the English at all."""
    start = span[0]
    names = [(start + offset, words) for offset, words in _english_names(source_text[start : span[1]])]
    if not any(_same_person(person, words) for _, words in names):
        return None
    mine = []
    for cue in cues:
        if cue.text.lower() in TITLES:
            run = next((words for offset, words in names if offset >= cue.start), None)
        else:
            run = next((words for offset, words in reversed(names) if offset < cue.start), None)
        if run is not None and _same_person(person, run):
            mine.append(cue)
    return mine


def _has_english_names(source_text: str, span: tuple[int, int]) -> bool:
    return bool(_english_names(source_text[span[0] : span[1]]))


def _salience(m: Mention) -> tuple[int, float]:
    order = {"noun": 3, "title": 3, "relative": 2, "pronoun": 2, "possessive": 1}
    return order.get(m.kind, 0), -m.token.start


def source_confidence(conflict: SourceConflict) -> tuple[float, Severity]:
    flagged = conflict.flagged
    if conflict.pronoun_level:
        confidence = 0.7 if flagged.kind != "possessive" else 0.6
    elif conflict.agreeing:
        confidence = 0.6
    elif flagged.kind == "possessive":
        confidence = 0.7
    elif flagged.kind == "noun" and flagged.gender == "m":
        # A masculine noun may be generic or another person ("Ein Jugendlicher" beside "the girl");
        # only a noun tied to a named person (title, apposition, "X ist …") or a role said of the
        # subject ("war Schulmeister", "als Vertreter") is sure enough for major.
        confidence = 0.75 if flagged.entity is not None or flagged.predicative else 0.55
    else:
        confidence = 0.9
    if conflict.from_neighbour:
        # the neighbouring sentence may well be about somebody else ("A 24-year-old man was arrested")
        confidence = min(confidence - 0.2, 0.55)
    return round(confidence, 2), Severity.MAJOR if confidence >= MAJOR_CONFIDENCE else Severity.MINOR
