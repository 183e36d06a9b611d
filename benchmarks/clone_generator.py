"""GENERATED plagiarised copies of real source files, by the six levels of Faidhi & Robinson.

Faidhi and Robinson, "An empirical approach for detecting program similarity and plagiarism
within a university programming environment" (Computers & Education 11(1), 1987) order
disguises from L1 to L6; IR-Plag uses the same scale. Level n here applies the changes of
levels 1..n (a plagiarist who reorders methods also renames), each on the syntax tree of the
previous level's output (tree-sitter, Java and C):

* L1 comments and layout: comments removed, new comments added, indentation changed;
* L2 identifiers: every name the file declares (variables, parameters, fields, methods,
  functions, classes; never ``main``) renamed consistently;
* L3 declarations: ``int`` locals become ``long``, field/global declarations reordered;
* L4 order: methods (Java) or functions (C) shuffled;
* L5 statements: a dummy statement added after about one statement in seven, about one
  expression statement in twelve deleted, a word of some string messages edited;
* L6 control structure: ``for`` loops with a block body rewritten as ``while``, if/else
  branches swapped under a negated condition, ``i++`` updates written out.

The output need not compile; it must read like a disguised copy to a token-based detector.
Deterministic for a given seed. Everything this module writes is labelled GENERATED.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from typing import Any

from zhichan.forensics.code.tokens import _parser

LEVELS = ("L1", "L2", "L3", "L4", "L5", "L6")
Edit = tuple[int, int, bytes]


def disguise(source: bytes, language: str, level: int, seed: int) -> bytes:
    rng = random.Random(seed)
    steps: list[Callable[[bytes, str, random.Random], bytes]] = [
        _layout,
        _rename,
        _declarations,
        _order,
        _statements,
        _control,
    ]
    out = _strip_comments(source, language)
    for step in steps[:level]:
        out = step(out, language, rng)
    return out


def _tree(source: bytes, language: str) -> Any:
    return _parser(language).parse(source).root_node


def _walk(node: Any) -> Iterator[Any]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.children))


def _apply(source: bytes, edits: list[Edit]) -> bytes:
    out, last = bytearray(source), len(source) + 1
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        if end > last:
            continue  # overlaps a later edit already applied
        out[start:end] = text
        last = start
    return bytes(out)


def _strip_comments(source: bytes, language: str) -> bytes:
    edits = [
        (n.start_byte, n.end_byte, b"")
        for n in _walk(_tree(source, language))
        if n.type == "comment"
    ]
    return _apply(source, edits)


_NOTES = (b"// check the input", b"// main loop", b"// helper", b"// result", b"// TODO")


def _layout(source: bytes, language: str, rng: random.Random) -> bytes:
    indent = rng.choice((b"  ", b"\t", b"   "))
    lines = []
    for line in source.split(b"\n"):
        stripped = line.lstrip(b" \t")
        if not stripped.strip():
            if rng.random() < 0.5:
                continue
            lines.append(b"")
            continue
        depth = (len(line) - len(stripped)) // 4
        if rng.random() < 0.06 and stripped.endswith((b";", b"{")):
            lines.append(indent * depth + rng.choice(_NOTES))
        lines.append(indent * depth + stripped.rstrip())
    return b"\n".join(lines) + b"\n"


_DECLARING = {
    "java": {
        "variable_declarator": "name", "formal_parameter": "name", "method_declaration": "name",
        "class_declaration": "name", "catch_formal_parameter": "name",
        "enhanced_for_statement": "name",
    },
    "c": {"function_declarator": "declarator", "init_declarator": "declarator",
          "parameter_declaration": "declarator", "declaration": "declarator",
          "field_declaration": "declarator", "pointer_declarator": "declarator",
          "array_declarator": "declarator"},
}  # fmt: skip
_WORDS = ("val", "tmp", "cnt", "acc", "buf", "res", "idx", "cur", "num", "item", "data", "node")


def _rename(source: bytes, language: str, rng: random.Random) -> bytes:
    root = _tree(source, language)
    declared: set[bytes] = set()
    for node in _walk(root):
        field = _DECLARING[language].get(node.type)
        target = node.child_by_field_name(field) if field else None
        if target is not None and target.type in ("identifier", "field_identifier"):
            declared.add(target.text)
    declared.discard(b"main")
    names = {
        old: f"{rng.choice(_WORDS)}{i}{rng.choice('XYZQ')}".encode()
        for i, old in enumerate(sorted(declared))
    }
    edits = [
        (n.start_byte, n.end_byte, names[n.text])
        for n in _walk(root)
        if n.type in ("identifier", "field_identifier") and n.text in names
    ]
    return _apply(source, edits)


def _declarations(source: bytes, language: str, rng: random.Random) -> bytes:
    root = _tree(source, language)
    edits: list[Edit] = []
    local = "local_variable_declaration" if language == "java" else "declaration"
    for node in _walk(root):
        kind = node.child_by_field_name("type") if node.type == local else None
        if kind is not None and kind.text == b"int" and rng.random() < 0.5:
            edits.append((kind.start_byte, kind.end_byte, b"long"))
    source = _apply(source, edits)
    member = "field_declaration" if language == "java" else "declaration"
    return _shuffle_children(source, language, rng, member)


def _order(source: bytes, language: str, rng: random.Random) -> bytes:
    unit = "method_declaration" if language == "java" else "function_definition"
    return _shuffle_children(source, language, rng, unit)


def _shuffle_children(source: bytes, language: str, rng: random.Random, kind: str) -> bytes:
    """Shuffle the ``kind`` members of each class body (Java) or of the file (C)."""
    root = _tree(source, language)
    parents = [n for n in _walk(root) if n.type in ("class_body", "translation_unit")]
    edits: list[Edit] = []
    for parent in parents:
        members = [c for c in parent.children if c.type == kind]
        if len(members) < 2:
            continue
        texts = [m.text for m in members]
        rng.shuffle(texts)
        edits += [(m.start_byte, m.end_byte, t) for m, t in zip(members, texts, strict=True)]
    return _apply(source, edits)


def _statements(source: bytes, language: str, rng: random.Random) -> bytes:
    root = _tree(source, language)
    block = "block" if language == "java" else "compound_statement"
    edits: list[Edit] = []
    n = 0
    for node in _walk(root):
        in_block = node.parent is not None and node.parent.type == block
        if in_block and node.type == "expression_statement" and rng.random() < 1 / 12:
            edits.append((node.start_byte, node.end_byte, b""))
            continue
        statement = node.type.endswith(("statement", "declaration"))
        if in_block and statement and rng.random() < 1 / 7:
            n += 1
            extra = f" int pad{n} = {rng.randrange(100)};"
            if rng.random() < 0.5:
                extra = ' System.out.print("");' if language == "java" else ' printf("%s", "");'
            edits.append((node.end_byte, node.end_byte, extra.encode()))
        if node.type == "string_literal" and rng.random() < 0.3:
            edits.append(_edit_message(node, rng))
    return _apply(source, edits)


_WORD = re.compile(rb"[A-Za-z]{3,}")


def _edit_message(node: Any, rng: random.Random) -> Edit:
    text = node.text
    words = list(_WORD.finditer(text))
    if not words:
        return (node.start_byte, node.start_byte, b"")
    w = rng.choice(words)
    new = text[: w.start()] + rng.choice((b"value", b"input", b"error", b"done")) + text[w.end() :]
    return (node.start_byte, node.end_byte, new)


def _control(source: bytes, language: str, rng: random.Random) -> bytes:
    root = _tree(source, language)
    block = "block" if language == "java" else "compound_statement"
    edits: list[Edit] = []
    for node in _walk(root):
        if node.type == "for_statement":
            edit = _for_to_while(node, language, block)
            if edit:
                edits.append(edit)
        elif node.type == "if_statement" and rng.random() < 0.6:
            edit = _swap_if(node, language)
            if edit:
                edits.append(edit)
        elif node.type == "update_expression" and node.text.endswith(b"++") and rng.random() < 0.5:
            name = node.text[:-2]
            edits.append((node.start_byte, node.end_byte, name + b" = " + name + b" + 1"))
    return _apply(source, edits)


def _for_to_while(node: Any, language: str, block: str) -> Edit | None:
    init_field = "init" if language == "java" else "initializer"
    init = node.child_by_field_name(init_field)
    cond = node.child_by_field_name("condition")
    update = node.child_by_field_name("update")
    body = node.child_by_field_name("body")
    if body is None or body.type != block or cond is None:
        return None
    head = b""
    if init is not None:
        head = init.text if init.text.endswith(b";") else init.text + b";"
    inner = body.text[1:-1]
    tail = (update.text + b";") if update is not None else b""
    text = head + b" while (" + cond.text + b") {" + inner + b" " + tail + b"\n}"
    return (node.start_byte, node.end_byte, b"{ " + text + b" }")


def _swap_if(node: Any, language: str) -> Edit | None:
    cond = node.child_by_field_name("condition")
    then = node.child_by_field_name("consequence")
    other = node.child_by_field_name("alternative")
    if cond is None or then is None or other is None:
        return None
    if other.type == "else_clause":  # the C grammar wraps the else branch
        other = other.named_children[0] if other.named_children else None
        if other is None:
            return None
    if other.type == "if_statement":
        return None  # an else-if chain: swapping would change its meaning
    inner = cond.text.strip(b"()")
    return (
        node.start_byte,
        node.end_byte,
        b"if (!(" + inner + b")) " + other.text + b" else " + then.text,
    )
