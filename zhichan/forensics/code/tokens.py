"""Source code as a normalised token stream, from tree-sitter grammars that ship offline
(``tree-sitter-languages`` 1.10.2 bundles them; the 1.x language pack downloads at run time).

Each leaf of the syntax tree becomes a token; identifiers become ``ID`` and literals ``LIT``
(so renaming variables or changing constants does not hide a copy), comments are dropped,
keywords and operators are kept. Every token keeps its line (1-based) for the report.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cache
from typing import Any

from zhichan.core.errors import InvalidInput

LANGUAGES = {
    ".java": "java", ".c": "c", ".h": "c", ".cpp": "cpp", ".cc": "cpp", ".hpp": "cpp",
    ".cs": "c_sharp", ".py": "python", ".js": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".tsx": "typescript", ".go": "go", ".lua": "lua", ".php": "php",
}  # fmt: skip
IDENTIFIERS = frozenset({
    "identifier", "field_identifier", "type_identifier", "property_identifier", "name",
    "variable_name", "shorthand_property_identifier", "namespace_identifier",
    "package_identifier", "statement_identifier", "method_identifier", "simple_identifier",
})  # fmt: skip
LITERALS = ("string", "number", "integer", "float", "char", "literal", "true", "false", "null")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    line: int
    value: str = ""  # a literal's text (its content is evidence of its own), else ""


def language_of(filename: str) -> str | None:
    dot = filename.rfind(".")
    return LANGUAGES.get(filename[dot:].lower()) if dot >= 0 else None


@cache
def _parser(language: str) -> Any:
    with warnings.catch_warnings():  # the 1.10 wheel warns about a deprecated constructor
        warnings.simplefilter("ignore")
        from tree_sitter_languages import get_parser

        return get_parser(language)


def tokenize(source: bytes, language: str) -> list[Token]:
    if language not in set(LANGUAGES.values()):
        raise InvalidInput(f"不支持的语言：{language}")
    tree = _parser(language).parse(source)
    out: list[Token] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "comment" or "comment" in node.type:
            continue
        if node.child_count == 0 or _is_literal(node.type):
            if node.end_byte > node.start_byte:
                kind = _kind(node)
                value = node.text.decode("utf-8", "replace") if kind == "LIT" and node.text else ""
                out.append(Token(kind, node.start_point[0] + 1, value))
            continue
        stack.extend(reversed(node.children))
    return out


@cache
def _general_kind(node_type: str) -> str:
    if node_type in IDENTIFIERS or node_type.endswith("identifier"):
        return "ID"
    return "LIT" if _is_literal(node_type) else ""


@cache
def _is_literal(node_type: str) -> bool:
    return any(part in node_type for part in LITERALS) and "identifier" not in node_type


def _kind(node: Any) -> str:
    general = _general_kind(node.type)
    if general:
        return general
    text = node.text.decode("utf-8", "replace") if node.text else node.type
    return text if len(text) <= 24 else node.type
