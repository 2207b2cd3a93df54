"""Generate the team's bilingual corpus folders from ``corpus_articles.py``.

Writes, per article: ``source.en.txt``, ``target.de.txt``, optional ``reference.de.txt``,
``meta.toml`` and ``annotations.json`` (gold errors, look-alikes, gold sentence alignment).
Every offset is found with ``str.find`` in the rendered text and checked to be unique
where it must be; offsets are Python code-point indices into the decoded UTF-8 file.

Run from the repository root:  .venv/bin/python corpora/tools/annotate.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_articles import ARTICLES  # noqa: E402
from corpus_spec import ERROR_TYPES, ArticleSpec, Pair, Sentences, as_tuple  # noqa: E402

CORPORA = Path(__file__).resolve().parent.parent
SCHEMA = "mtcheck-corpus-annotations/1"
FILES = {
    "source": "source.en.txt",
    "target": "target.de.txt",
    "back_translation": "back_translation.en.txt",
    "reference": "reference.de.txt",
}


def side_sentences(pair: Pair, side: str, spec: ArticleSpec) -> tuple[str, ...]:
    if side == "source":
        return as_tuple(pair.en)
    if side == "target":
        return as_tuple(pair.de)
    if side == "back_translation":
        back = as_tuple(pair.bt)
        assert len(back) == len(as_tuple(pair.de)), f"{spec.name}: back-translation must mirror {pair.de!r}"
        return back
    ref: Sentences = pair.ref if spec.reference == "independent" else pair.clean_de()
    return as_tuple(ref)


def render(spec: ArticleSpec, side: str) -> str:
    """Headings and paragraphs are one line each; a bullet list is one line per item."""
    blocks: list[str] = []
    for block in spec.blocks:
        if block.kind == "bullets":
            items = [" ".join(s) for p in block.pairs if (s := side_sentences(p, side, spec))]
            text = "\n".join(f"- {item}" for item in items)
        else:
            text = " ".join(s for p in block.pairs for s in side_sentences(p, side, spec))
        if text:
            blocks.append(text)
    return spec.block_separator.join(blocks) + "\n"


@dataclass
class Located:
    """Character spans of each pair's sentences, per side, in pair order."""

    spans: dict[str, list[list[tuple[int, int]]]]
    block_of_pair: list[int]


def locate(spec: ArticleSpec, texts: dict[str, str]) -> Located:
    spans: dict[str, list[list[tuple[int, int]]]] = {side: [] for side in texts}
    block_of_pair: list[int] = []
    for side, text in texts.items():
        cursor = 0
        for block_index, block in enumerate(spec.blocks):
            for pair in block.pairs:
                pair_spans = []
                for sentence in side_sentences(pair, side, spec):
                    start = text.find(sentence, cursor)
                    assert start >= 0, f"{spec.name}/{side}: sentence not found: {sentence!r}"
                    cursor = start + len(sentence)
                    pair_spans.append((start, cursor))
                spans[side].append(pair_spans)
                if side == "target":
                    block_of_pair.append(block_index)
    return Located(spans, block_of_pair)


def find_once(text: str, needle: str, start: int, end: int, where: str) -> tuple[int, int]:
    first = text.find(needle, start, end)
    assert first >= 0, f"{where}: {needle!r} not found"
    assert text.find(needle, first + 1, end) < 0, f"{where}: {needle!r} occurs more than once"
    return first, first + len(needle)


def span_json(text: str, span: tuple[int, int]) -> dict:
    return {"start": span[0], "end": span[1], "text": text[span[0] : span[1]]}


def pair_range(spans: list[tuple[int, int]]) -> tuple[int, int]:
    return spans[0][0], spans[-1][1]


def gap_position(loc: Located, index: int) -> tuple[int, dict]:
    """Where an omitted sentence would stand: the start of the next target sentence in the
    same block, else the end of the previous one. Returns it with the neighbouring spans."""
    target = loc.spans["target"]
    block = loc.block_of_pair[index]
    before = next((target[i][-1] for i in range(index - 1, -1, -1) if target[i]), None)
    after = next((target[i][0] for i in range(index + 1, len(target)) if target[i]), None)
    same_block_after = any(target[i] and loc.block_of_pair[i] == block for i in range(index + 1, len(target)))
    position = after[0] if (after and same_block_after) else before[1]
    return position, {"before": list(before) if before else None, "after": list(after) if after else None}


def build_annotations(spec: ArticleSpec, texts: dict[str, str], loc: Located) -> dict:
    pairs: list[Pair] = [p for b in spec.blocks for p in b.pairs]
    target, source = texts["target"], texts["source"]
    errors, lookalikes, alignment = [], [], []
    for index, pair in enumerate(pairs):
        t_spans, s_spans = loc.spans["target"][index], loc.spans["source"][index]
        link: dict = {
            "kind": f"{len(s_spans)}-{len(t_spans)}",
            "source": [list(s) for s in s_spans],
            "target": [list(t) for t in t_spans],
        }
        for side in ("back_translation", "reference"):
            if side in texts:
                link[side] = [list(r) for r in loc.spans[side][index]]
        link["source_text"] = [source[a:b] for a, b in s_spans]
        link["target_text"] = [target[a:b] for a, b in t_spans]
        if pair.err:
            link["error"] = pair.err.id
        alignment.append(link)

        for look in pair.ok:
            span = find_once(target, look.text, *pair_range(t_spans), f"{spec.name} look-alike")
            lookalikes.append(
                {"check": look.check, "target_span": span_json(target, span), "note": look.note}
            )

        if pair.err:
            errors.append(error_json(spec, pair, index, texts, loc))
    return {"errors": errors, "lookalikes": lookalikes, "alignment": alignment}


def error_json(spec: ArticleSpec, pair: Pair, index: int, texts: dict[str, str], loc: Located) -> dict:
    err = pair.err
    assert err is not None
    target, source = texts["target"], texts["source"]
    t_spans, s_spans = loc.spans["target"][index], loc.spans["source"][index]
    where = f"{spec.name}:{err.id}"
    check, mqm = ERROR_TYPES[err.type]
    out: dict = {"id": err.id, "type": err.type, "check": check, "mqm": mqm, "severity": err.severity}
    if not t_spans:
        position, context = gap_position(loc, index)
        out["target_span"] = {"start": position, "end": position, "text": ""}
        out["target_context"] = context
    elif err.target:
        out["target_span"] = span_json(target, find_once(target, err.target, *pair_range(t_spans), where))
    else:
        out["target_span"] = span_json(target, pair_range(t_spans))
    if err.source:
        out["source_span"] = span_json(source, find_once(source, err.source, *pair_range(s_spans), where))
    elif s_spans:
        out["source_span"] = span_json(source, pair_range(s_spans))
    else:
        out["source_span"] = None
    evidence = []
    for ev in err.evidence:
        spans = loc.spans[ev.side][index + ev.pair_offset]
        span = find_once(texts[ev.side], ev.text, *pair_range(spans), where)
        evidence.append({"side": ev.side, **span_json(texts[ev.side], span), "note": ev.note})
    out["evidence"] = evidence
    if pair.clean_de():
        out["correct_target"] = " ".join(as_tuple(pair.clean_de()))
    out["note"] = err.note
    return out


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def toml_string(value: str) -> str:
    # JSON string escapes are a subset of TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def meta_toml(spec: ArticleSpec, texts: dict[str, str], annotations: dict) -> str:
    lines = [
        "# Generated by corpora/tools/annotate.py from corpus_articles.py; edit there and rerun.",
        f"name = {toml_string(spec.name)}",
        f"title = {toml_string(spec.title_en)}",
        'language = "de"',
        'source_language = "en"',
        f"topic = {toml_string(spec.topic)}",
        'origin = "written by the mtcheck team (fictional news article)"',
        'translation = "human translation by the mtcheck team; injected errors are listed below"',
        'licence = "Apache-2.0"',
        f"clean = {'true' if not annotations['errors'] else 'false'}",
        f"notes = {toml_string(spec.notes)}",
        "",
        "[files]",
    ]
    lines += [f"{side} = {toml_string(FILES[side])}" for side in texts]
    lines += ["", "[sha256]"]
    lines += [f"{side} = {toml_string(sha256(texts[side]))}" for side in texts]
    if "reference" in texts:
        origin = (
            "independent human translation by the mtcheck team"
            if spec.reference == "independent"
            else "the team's German translation before the errors were injected"
        )
        lines += ["", "[reference]", f"file = {toml_string(FILES['reference'])}"]
        lines += [f"origin = {toml_string(origin)}"]
    if "back_translation" in texts:
        lines += ["", "[back_translation]", f"file = {toml_string(FILES['back_translation'])}"]
        lines += ['origin = "written by hand by the mtcheck team"']
        lines += ['method = "human back-translation of the German as published, errors included"']
    lines += ["", "[injected]"]
    lines += [f"{e['id']} = {toml_string(e['type'])}" for e in annotations["errors"]]
    return "\n".join(lines) + "\n"


def generate(spec: ArticleSpec, out_root: Path) -> dict:
    sides = ["source", "target"]
    sides += ["back_translation"] if spec.back_translation else []
    sides += ["reference"] if spec.reference else []
    texts = {side: render(spec, side) for side in sides}
    loc = locate(spec, texts)
    body = build_annotations(spec, texts, loc)
    sentences = {
        side: [span_json(texts[side], s) for pair_spans in loc.spans[side] for s in pair_spans]
        for side in sides
    }
    annotations = {
        "schema": SCHEMA,
        "article": spec.name,
        "offsets": "Python code-point offsets [start, end) into the UTF-8-decoded file",
        "files": {side: FILES[side] for side in sides},
        "sha256": {side: sha256(texts[side]) for side in sides},
        "errors": body["errors"],
        "lookalikes": body["lookalikes"],
        "sentences": sentences,
        "alignment": body["alignment"],
    }
    folder = out_root / spec.name
    folder.mkdir(parents=True, exist_ok=True)
    for side in sides:
        (folder / FILES[side]).write_text(texts[side], encoding="utf-8", newline="")
    (folder / "annotations.json").write_text(
        json.dumps(annotations, ensure_ascii=False, indent=1) + "\n", encoding="utf-8", newline=""
    )
    (folder / "meta.toml").write_text(meta_toml(spec, texts, annotations), encoding="utf-8", newline="")
    return annotations


def main() -> None:
    for spec in ARTICLES:
        annotations = generate(spec, CORPORA)
        kinds = sorted(e["type"] for e in annotations["errors"])
        summary = ", ".join(kinds) or "none (clean)"
        print(f"{spec.name}: {len(annotations['alignment'])} links, errors: {summary}")


if __name__ == "__main__":
    main()
