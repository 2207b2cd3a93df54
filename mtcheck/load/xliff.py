"""Bilingual XLIFF files (what translation tools and CMS pipelines export): both sides from one file.

* XLIFF 1.2 (``<trans-unit><source/><target/>``) and 2.0/2.1 (``<unit><segment><source/><target/>``),
  with or without the OASIS namespace, units nested in ``<group>`` included, in document order.
* One unit is one line of each side's text (unit i is line i), so the aligner sees the file's own
  unit boundaries. A unit with no or an empty target keeps an empty line in the target: the aligner
  then reports the missing translation as an omission (a 1-0 pair). Units marked ``translate="no"``
  are left out on both sides (their target is the source by design).
* Inline markup (``<g>``, ``<x/>``, ``<pc>``, ``<mrk>`` …) contributes its text only; XLIFF 1.2 native
  code (``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``: the original file's tags, e.g. ``&lt;b&gt;``) is left
  out because it is not text. Line breaks inside a unit (pretty-printed files) become spaces.
* Languages come from ``source-language``/``target-language`` (1.2) or ``srcLang``/``trgLang`` (2.x),
  else from detection; a target that is not German (or a source that is not English) is refused.
* Files with a DTD or entity declarations are refused (entity expansion attacks; XLIFF needs neither);
  the XML is parsed with defusedxml, and inline markup is walked without recursion (any depth).
Offsets point into the joined unit text, not into the XML file (``Article.extracted`` is True).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from mtcheck.langid import language_name
from mtcheck.load.articles import EXPECTED_LANGUAGE, SIDE_OPTION, resolve_language
from mtcheck.load.files import read_text_file
from mtcheck.model import Article, Block, InputError, Sentence, Side
from mtcheck.segment import build_blocks, segment_article, split_sentences

XLIFF_SUFFIXES: tuple[str, ...] = (".xlf", ".xliff", ".xlif")

_LINE_BREAK = re.compile(r"\s*[\r\n]\s*")
# XLIFF 1.2 inline elements whose content is the original format's code, not translatable text
_NATIVE_CODE = frozenset({"bpt", "ept", "ph", "it"})


def is_xliff_path(value: object) -> bool:
    """True for a path (or path string) with an XLIFF suffix."""
    return isinstance(value, str | Path) and Path(value).suffix.lower() in XLIFF_SUFFIXES


def load_xliff(path: Path) -> tuple[Article | None, Article]:
    """The English source (None when the file has no source text) and the German target of an XLIFF file."""
    path = Path(path)
    name = str(path)
    from defusedxml import DefusedXmlException  # imported here: `import mtcheck` stays light
    from defusedxml.ElementTree import fromstring as safe_fromstring

    text, encoding = read_text_file(path)
    try:
        root = safe_fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InputError(
            f"{name}: XLIFF with a DTD or entity declarations is refused (entity expansion risk)"
        ) from None
    except ET.ParseError as exc:
        raise InputError(f"{name}: not well-formed XML ({exc})") from exc
    if _local(root.tag) != "xliff":
        raise InputError(f"{name}: not an XLIFF file (the root element is <{_local(root.tag)}>, not <xliff>)")
    version2 = root.get("version", "").startswith("2") or root.tag.endswith(":2.0}xliff")
    units = _units_2(root) if version2 else _units_1(root)
    if not units:
        raise InputError(f"{name}: XLIFF file has no translation units")
    source_language, target_language = _declared_languages(root, version2)
    source_text = "\n".join(source for source, _ in units)
    target_text = "\n".join(target for _, target in units)
    if not target_text.strip():
        raise InputError(f"{name}: XLIFF file has no translated text (every <target> is missing or empty)")
    target = _article(target_text, "target", target_language, name, path, encoding)
    source = None
    if source_text.strip():
        source = _article(source_text, "source", source_language, name, path, encoding)
    return source, target


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, local_name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == local_name]


def _units_1(root: ET.Element) -> list[tuple[str, str]]:
    """(source, target) per ``<trans-unit>`` of an XLIFF 1.x file."""
    units = []
    for unit in root.iter():
        if _local(unit.tag) != "trans-unit" or unit.get("translate") == "no":
            continue
        # direct children only: <alt-trans> holds other tools' suggestions with their own source/target
        units.append((_joined(_children(unit, "source")), _joined(_children(unit, "target"))))
    return units


def _units_2(root: ET.Element) -> list[tuple[str, str]]:
    """(source, target) per ``<unit>`` of an XLIFF 2.x file, its segments joined by a space."""
    units = []
    for unit in root.iter():
        if _local(unit.tag) != "unit" or unit.get("translate") == "no":
            continue
        sources, targets = [], []
        for part in unit:
            if _local(part.tag) in ("segment", "ignorable"):
                sources.append(_joined(_children(part, "source")))
                targets.append(_joined(_children(part, "target")))
        units.append((_join_pieces(sources), _join_pieces(targets)))
    return units


def _joined(elements: list[ET.Element]) -> str:
    return _join_pieces([_inline_text(element) for element in elements])


def _join_pieces(pieces: list[str]) -> str:
    return " ".join(piece for piece in (_LINE_BREAK.sub(" ", p).strip() for p in pieces) if piece)


def _inline_text(element: ET.Element) -> str:
    """The text of a source/target with inline markup dropped (native code left out).

    Walked with a stack, not recursion: 1,000 nested ``<pc>`` must not hit Python's recursion limit.
    """
    parts: list[str] = []
    todo: list[ET.Element | str] = [element]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        parts.append(item.text or "")
        for child in reversed(item):  # pushed in reverse, so popped in document order
            todo.append(child.tail or "")
            if _local(child.tag) not in _NATIVE_CODE:
                todo.append(child)
    return "".join(parts)


def _declared_languages(root: ET.Element, version2: bool) -> tuple[str | None, str | None]:
    if version2:
        return root.get("srcLang"), root.get("trgLang")
    for file in root.iter():
        if _local(file.tag) == "file":
            return file.get("source-language"), file.get("target-language")
    return None, None


def _article(text: str, side: Side, declared: str | None, name: str, path: Path, encoding: str) -> Article:
    if declared and declared.strip():
        language = re.split(r"[-_]", declared.strip().lower())[0]
        expected = EXPECTED_LANGUAGE[side]
        if language != expected:
            attribute = "target-language" if side == "target" else "source-language"
            shown = language_name(language) if len(language) == 2 else declared
            raise InputError(
                f"{name}: the XLIFF {attribute} is {shown} ({declared}); mtcheck checks English→German "
                f"({SIDE_OPTION[side]})"
            )
        detected = False
    else:
        language = resolve_language(text, side, name)
        detected = True
    article = Article(
        side=side,
        text=text,
        language=language,
        path=path,
        format="xliff",
        encoding=encoding,
        language_detected=detected,
        extracted=True,
    )
    return _segment_by_unit(article)


def _segment_by_unit(article: Article) -> Article:
    """Segment as usual, but never let a block run over two units.

    segment_article joins lines into one paragraph when the text looks hard-wrapped (most lines stop
    mid-sentence), which unit fragments can resemble; then each line becomes its own block.
    """
    segment_article(article)
    text = article.text
    if all("\n" not in text[block.start : block.end] for block in article.blocks):
        return article
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    line_start = 0
    for line in text.split("\n"):
        for block in build_blocks(line):
            start, end = line_start + block.start, line_start + block.end
            blocks.append(Block(block.kind, start, end))
            for s_start, s_end in split_sentences(text, start, end, article.language):
                sentences.append(
                    Sentence(len(sentences), s_start, s_end, text[s_start:s_end], len(blocks) - 1, block.kind)
                )
        line_start += len(line) + 1
    article.blocks, article.sentences = blocks, sentences
    return article
