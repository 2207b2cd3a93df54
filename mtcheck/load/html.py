"""The main article text of an HTML page (trafilatura), rendered as Markdown-like lines: "# "
headings, "- " list items, blank lines between paragraphs."""

from __future__ import annotations

import re
from typing import Any

from mtcheck.model import InputError

_SPACES = re.compile(r"\s+")

#: Markup larger than this is refused before it is parsed: a news page is far smaller, and parsing
#: and extracting a 20 MB page takes minutes and gigabytes.
MAX_HTML_CHARS = 5_000_000
#: Deeper nesting is refused. Beyond 255 levels libxml2 stops reading in its default mode and drops
#: the rest of the page without a word; it is parsed in its "huge" mode, and this bound keeps the
#: renderer below Python's recursion limit.
MAX_MARKUP_DEPTH = 500


def _parse(html: str, name: str) -> Any:
    """The page as an lxml tree, parsed without libxml2's silent depth cut."""
    from lxml import etree
    from lxml import html as lxml_html

    if len(html) > MAX_HTML_CHARS:
        raise InputError(
            f"{name}: {len(html):,} characters of HTML is more than one news page "
            f"(limit {MAX_HTML_CHARS:,}); save the article text instead"
        )
    parser = lxml_html.HTMLParser(
        huge_tree=True, collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True
    )
    try:
        tree = lxml_html.fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{name}: cannot parse the HTML ({type(exc).__name__})") from None
    if _depth(tree) > MAX_MARKUP_DEPTH:
        raise InputError(f"{name}: HTML nested deeper than {MAX_MARKUP_DEPTH} levels is not an article page")
    return tree


def _depth(tree: Any) -> int:
    deepest, stack = 0, [(tree, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def extract_html(html: str, name: str = "input") -> str:
    """The main article text of an HTML page, one line per heading, paragraph and list item."""
    from trafilatura import bare_extraction

    tree = _parse(html, name)
    try:
        # output_format="txt" skips trafilatura's metadata/date extraction (half the time on big
        # pages); the body tree we render is the same
        result = bare_extraction(
            tree,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            include_formatting=True,
            include_links=False,
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise InputError(f"{name}: cannot parse the HTML ({type(exc).__name__})") from exc
    body = result.get("body") if isinstance(result, dict) else None
    lines: list[str] = []
    if body is not None:
        _render(body, lines)
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise InputError(f"{name}: no article text found in the HTML page")
    return text + "\n"


def _flat(element) -> str:
    return _SPACES.sub(" ", "".join(element.itertext())).strip()


def _render(element, lines: list[str], depth: int = 0) -> None:
    """Render trafilatura's XML body as Markdown-like lines (blank line between blocks)."""
    for child in element:
        tag = child.tag
        if tag == "head":
            rend = child.get("rend", "h2")
            level = int(rend[1]) if len(rend) == 2 and rend[1].isdigit() else 2
            heading = _flat(child)
            if heading:
                _add_block(lines, "#" * level + " " + heading)
        elif tag == "list":
            _render_list(child, lines, depth)
        elif tag == "table":
            for row in child.iter("row"):
                cells = [_flat(cell) for cell in row if _flat(cell)]
                if cells:
                    _add_block(lines, " | ".join(cells))
        elif tag in ("p", "quote", "code"):
            if child.find("list") is not None:
                _render(child, lines, depth)
            else:
                _add_block(lines, _flat(child))
        elif len(child):
            _render(child, lines, depth)
        else:
            _add_block(lines, _flat(child))


def _render_list(element, lines: list[str], depth: int) -> None:
    for item in element:
        if item.tag != "item":
            continue
        nested = [c for c in item if c.tag == "list"]
        content = _SPACES.sub(" ", "".join(_item_text(item))).strip()
        if content:
            lines.append("  " * depth + "- " + content)
        for sub in nested:
            _render_list(sub, lines, depth + 1)
    lines.append("")


def _item_text(item):
    """The text of a list item without its nested lists (those get their own lines)."""
    if item.text:
        yield item.text
    for child in item:
        if child.tag != "list":
            yield from child.itertext()
        if child.tail:
            yield child.tail


def _add_block(lines: list[str], content: str) -> None:
    if content:
        lines.extend([content, ""])
