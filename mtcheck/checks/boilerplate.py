"""Web-page furniture left in the article text (target only, no source needed).

Copying an article out of a CMS or a web page drags along labels that belong to the page, not to
the article: widget titles ("Meine News"), teasers ("Lesen Sie auch: …", "Mehr lesen"), share and
newsletter prompts, cookie and subscription prompts, reading-time counters. They are flagged as
**Other/Non-translation** (as in the team's corpus annotations): the text is not a translation of
anything in the article, so Accuracy/Addition (content added to a source) would misdescribe it, and
it is found without a source. **Major** when a curated pattern matches: a published "Meine News"
line is an error every reader sees (0 false alarms on 5,520 WMT23 paragraphs and the team's corpora,
see benchmarks/results/typography_audit.md); **minor** for the pattern-free repeated-label rule.

How a line is judged:

1. The whole block (heading, paragraph or bullet line) must match the curated German/English pattern
   list below. A sentence that merely contains "mehr lesen" in prose never matches, and real
   subheadings are not in the list.
2. Structure adds evidence and confidence: a short line without final punctuation, isolated between
   body paragraphs or trailing after the last one, is how furniture looks.
3. A short unpunctuated line repeated verbatim as its own block is furniture even without a pattern
   (articles do not repeat subheadings; page templates repeat labels), at lower confidence.

Publisher notes such as "Dieser Artikel wurde aus dem Englischen automatisiert ins Deutsche
übersetzt" or "Dieser Artikel war zuerst am … erschienen" are *not* flagged: the newsroom adds them
on purpose. :func:`publisher_note` recognises them so that other checks (additions) can skip them too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mtcheck.analysis.text import article_blocks
from mtcheck.checks.registry import CheckContext, register_check
from mtcheck.model import Article, Block, Category, Evidence, Finding, Severity

# (kind, pattern): each pattern must match the whole line (case-insensitive), after
# normalisation (markers, arrows, trailing colons and counters removed). Words that also make a
# plausible one-word subheading ("Empfehlungen", "Datenschutz", "Werbung") are left out on purpose.
_FURNITURE: tuple[tuple[str, str], ...] = (
    # widget and teaser labels
    (
        "widget label",
        r"meine news|top[- ]news|news ?ticker|empfohlene artikel|unsere empfehlung(?:en)?",
    ),
    (
        "widget label",
        r"das könnte sie auch interessieren|auch interessant|ebenfalls interessant|beliebte artikel",
    ),
    (
        "widget label",
        r"meistgelesen|meist gelesen|am meisten gelesen|neueste artikel|weitere artikel|alle artikel",
    ),
    ("widget label", r"mehr zum thema|mehr aus (?:diesem|dem) ressort(?: \S+)?|themen ?seite"),
    (
        "widget label",
        r"related(?: articles| stories| content)?|recommended(?: for you)?|most (?:read|popular)",
    ),
    ("widget label", r"trending(?: now)?|more from \S+( \S+)?|you (?:may|might) also like|top stories"),
    # "read more" teasers, with or without the teased headline after a colon
    (
        "read-more teaser",
        r"(?:mehr|weiter) ?lesen|jetzt lesen|weiterlesen|zum artikel|mehr dazu|mehr erfahren",
    ),
    (
        "read-more teaser",
        r"mehr anzeigen|alle anzeigen|mehr laden|read more|continue reading|read next|show more",
    ),
    ("read-more teaser", r"load more|see more|more on this story"),
    (
        "read-more teaser",
        r"(?:lesen sie (?:auch|mehr|hier)|auch lesenswert|mehr zum thema|read more|related|see also)"
        r"\s*[:|–-]\s+.{3,160}",
    ),  # fmt: skip
    ("read-more teaser", r"lesen sie auch|lesen sie mehr|siehe auch|see also"),
    # share, save, print, follow
    (
        "share prompt",
        r"(?:artikel |beitrag |seite |jetzt )?teilen|teilen auf \S+|share(?: this(?: article| story)?)?",
    ),
    ("share prompt", r"(?:auf|bei|via) (?:facebook|twitter|x|whatsapp|linkedin|telegram|e-mail) teilen"),
    ("share prompt", r"share on \S+|(?:artikel )?(?:merken|drucken|versenden)|print|save(?: article)?"),
    ("share prompt", r"folgen sie uns(?: auf .{1,40})?|follow us(?: on .{1,40})?|link kopieren|copy link"),
    # newsletter and subscription prompts
    ("newsletter prompt", r"(?:jetzt |hier )?(?:zum|für den|unseren) newsletter(?: \S+){0,3}"),
    ("newsletter prompt", r"newsletter (?:abonnieren|bestellen|anmelden)|(?:jetzt )?(?:kostenlos )?anmelden"),
    ("newsletter prompt", r"sign up(?: for (?:our|the) newsletter)?|subscribe(?: now| to .{1,40})?"),
    (
        "subscription prompt",
        r"(?:jetzt )?(?:gratis |kostenlos )?(?:testen|abonnieren|weiterlesen mit \S+( \S+)?)",
    ),
    ("subscription prompt", r"(?:sie sind )?bereits abonnent(?:in)?\??|(?:sie haben )?bereits ein abo\??"),
    ("subscription prompt", r"already (?:a )?subscriber\??|sign in|log in|einloggen|registrieren"),
    (
        "subscription prompt",
        r".{0,40}(?:nur für|exklusiv für) (?:abonnenten|abonnentinnen|abonnierende).{0,40}",
    ),
    # cookie and consent prompts
    ("cookie prompt", r"(?:wir|diese (?:web)?seite) (?:verwende[nt]|nutz(?:en|t)) cookies.{0,200}"),
    (
        "cookie prompt",
        r"we use cookies.{0,200}|(?:alle )?(?:cookies )?akzeptieren|accept(?: all)?(?: cookies)?",
    ),
    ("cookie prompt", r"cookie[- ]?(?:einstellungen|settings|hinweis|banner)|datenschutz[- ]?einstellungen"),
    # navigation
    (
        "navigation label",
        r"startseite|zur startseite|home(?:page)?|nach oben|zurück(?: zur übersicht)?|back to top",
    ),
    ("navigation label", r"skip to (?:main )?content|zum inhalt springen|menü|menu|navigation|suche|search"),
    ("navigation label", r"impressum|datenschutzerklärung|kontakt|agb|privacy policy|terms of use"),
    # counters and ads
    (
        "page counter",
        r"(?:lesezeit|lesedauer)\s*:?\s*(?:ca\. )?\d+\s*(?:min\.?|minuten)|\d+ ?min\.? (?:lesezeit|read)",
    ),
    ("page counter", r"\d+\s+(?:kommentare?|comments?)|kommentare|comments|kommentar schreiben"),
    ("advertisement label", r"anzeige|advertisement|sponsored(?: content)?"),
)
_FURNITURE_RE = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in _FURNITURE]

_PUBLISHER_NOTES = re.compile(
    r"wir testen (?:zurzeit|derzeit|gerade) maschinelle übersetzungen"
    r"|dieser (?:artikel|beitrag|text) (?:wurde|ist) .{0,80}(?:automatisiert|maschinell|automatisch)"
    r".{0,40}übersetzt"
    r"|dieser (?:artikel|beitrag|text) (?:war zuerst|erschien zuerst|liegt erstmals|ist zuerst)"
    r"|im zuge einer kooperation"
    r"|this (?:article|story) was (?:originally |first )?(?:published|translated)"
    r"|(?:mit material|unter verwendung von material) (?:von|der) ",
    re.IGNORECASE,
)

# markers, arrows and counters around a label: "► Mehr lesen", "Kommentare (12)", "Lesen Sie auch:"
_LEADING_NOISE = re.compile(r"^[\s►▶▸›»>→•·|]+")
_TRAILING_NOISE = re.compile(r"[\s:|›»>→…]+$|\s*\(\d+\)$|\s*\.{3}$")
_SENTENCE_END = re.compile(r"[.!?][\"'“”»«’)]*$")

MAX_FURNITURE_WORDS = 25
MAX_REPEATED_LABEL_WORDS = 5


@dataclass(frozen=True)
class FurnitureMatch:
    kind: str  # "widget label", "read-more teaser", …
    pattern: str


def normalise_line(line: str) -> str:
    line = _LEADING_NOISE.sub("", line.strip())
    previous = None
    while previous != line:
        previous, line = line, _TRAILING_NOISE.sub("", line)
    return re.sub(r"\s+", " ", line)


def match_furniture(line: str) -> FurnitureMatch | None:
    """The furniture pattern a whole line matches, if any."""
    normalised = normalise_line(line)
    if not normalised or len(normalised.split()) > MAX_FURNITURE_WORDS or publisher_note(normalised):
        return None
    for kind, pattern in _FURNITURE_RE:
        if pattern.fullmatch(normalised):
            return FurnitureMatch(kind, pattern.pattern)
    return None


def publisher_note(text: str) -> bool:
    """True for notes the publisher adds on purpose (machine-translation notice, first publication)."""
    return bool(_PUBLISHER_NOTES.search(text))


def _structure(article: Article, blocks: list[Block], index: int) -> tuple[str, float]:
    """Why the block's position looks like furniture (note, confidence bonus)."""
    block = blocks[index]
    content = article.text[block.start : block.end]
    words = len(content.split())
    shape = f"a {words}-word {block.kind} line" + (
        "" if _SENTENCE_END.search(content) else " without final punctuation"
    )
    before = blocks[index - 1] if index else None
    after = blocks[index + 1] if index + 1 < len(blocks) else None

    def is_body(other: Block | None) -> bool:
        return (
            other is not None
            and other.kind == "paragraph"
            and len(article.text[other.start : other.end]) > 120
        )

    if is_body(before) and is_body(after):
        return f"{shape} between two body paragraphs", 0.05
    if after is None:
        return f"{shape} at the end of the article", 0.05
    if before is None:
        return f"{shape} at the start of the article", 0.0
    return shape, 0.0


@register_check(
    "boilerplate.furniture",
    category=Category.NON_TRANSLATION,
    severity=Severity.MAJOR,
    description="Web-page furniture (widget labels, 'Mehr lesen', share/cookie prompts) left in the text",
)
def check_furniture(ctx: CheckContext) -> Iterator[Finding]:
    article = ctx.report.target
    blocks = article_blocks(article)
    text = article.text
    flagged: set[int] = set()
    for index, block in enumerate(blocks):
        content = text[block.start : block.end]
        found = match_furniture(content)
        if found is None:
            continue
        flagged.add(index)
        where, bonus = _structure(article, blocks, index)
        yield ctx.finding(
            message=f"'{content}' looks like web-page furniture ({found.kind}), not article text: delete it",
            target_span=article.span(block.start, block.end),
            evidence=[Evidence(content, block.start, block.end, "target", f"{found.kind} pattern; {where}")],
            confidence=round(min(0.9 + bonus, 0.99), 2),
        )
    yield from _repeated_labels(ctx, article, blocks, flagged)


def _repeated_labels(
    ctx: CheckContext, article: Article, blocks: list[Block], flagged: set[int]
) -> Iterator[Finding]:
    """Short unpunctuated lines that occur verbatim more than once: page template labels."""
    text = article.text
    candidates: dict[str, list[int]] = {}
    for index, block in enumerate(blocks):
        content = text[block.start : block.end]
        if index in flagged or _SENTENCE_END.search(content) or publisher_note(content):
            continue
        if 0 < len(content.split()) <= MAX_REPEATED_LABEL_WORDS and any(ch.isalpha() for ch in content):
            candidates.setdefault(normalise_line(content).lower(), []).append(index)
    for indices in candidates.values():
        count = len(indices)
        if count < 2:
            continue
        for index in indices:
            block = blocks[index]
            content = text[block.start : block.end]
            others = [blocks[i] for i in indices if i != index]
            yield ctx.finding(
                message=f"'{content}' is repeated {count}× as a line of its own: likely web-page furniture",
                target_span=article.span(block.start, block.end),
                evidence=[
                    Evidence(text[o.start : o.end], o.start, o.end, "target", "the same line again")
                    for o in others
                ],
                severity=Severity.MINOR,
                confidence=0.6,
            )
