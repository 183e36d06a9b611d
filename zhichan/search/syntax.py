"""The query language: field codes, AND/OR/NOT, parentheses, phrases, prefix wildcards.

Grammar (operators in capitals; adjacent clauses are joined by AND)::

    query   := or EOF
    or      := and ("OR" and)*
    and     := unary (["AND"] unary | "NOT" unary)*
    unary   := "NOT" unary | primary
    primary := "(" or ")" | FIELD op value | TERM
    value   := "(" or ")" | TERM          -- terms inside take the field
    op      := "=" | ">=" | "<=" | ">" | "<"
    TERM    := WORD ["*"] | '"' text '"'

A query with no field code, operator, quote or wildcard is *free text*: its words are
ranked by BM25 rather than all required, so a pasted paragraph works — even one whose
brackets or asterisks do not parse, as long as it has no field code or operator.
Errors carry the 0-based position of the offending character and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhichan.core.errors import InvalidInput
from zhichan.core.text import nfkc
from zhichan.search.dates import day_range

FIELDS: dict[str, str] = {
    "TI": "标题",
    "AB": "摘要",
    "CL": "权利要求",
    "TX": "标题、摘要和权利要求",
    "PA": "申请人/专利权人",
    "IN": "发明人",
    "IPC": "IPC 分类号",
    "CPC": "CPC 分类号",
    "AN": "申请号",
    "PN": "公开（公告）号",
    "AD": "申请日",
    "PD": "公开（公告）日",
    "LS": "法律状态",
    "PT": "专利类型",
    "PR": "优先权号/优先权日",
    "PROV": "申请人省份",
}
DATE_FIELDS = frozenset({"AD", "PD", "PR"})
COMPARISONS = ("=", ">=", "<=", ">", "<")
OPERATORS = frozenset({"AND", "OR", "NOT"})
#: Parentheses and NOT nest at most this deep: the parser recurses once per level.
MAX_DEPTH = 32


class QuerySyntaxError(InvalidInput):
    """A malformed query; ``details`` carry the position and a caret marker under the query."""

    @classmethod
    def at(cls, message: str, position: int, query: str) -> QuerySyntaxError:
        marker = query + "\n" + " " * position + "^"
        return cls(
            f"检索式第 {position + 1} 个字符处：{message}",
            details={"position": position, "expected": message, "query": query, "marker": marker},
        )

    @property
    def position(self) -> int:
        return int((self.details or {}).get("position", 0))


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    pos: int
    field: str | None = None
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Compare:
    field: str
    op: str
    value: str
    pos: int


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


Node = Term | Compare | And | Or | Not


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # word, phrase, op, lparen, rparen, bool, end
    text: str
    pos: int


_LEX = re.compile(
    r"""(?P<space>\s+)
      | (?P<lparen>\()
      | (?P<rparen>\))
      | (?P<op>>=|<=|=|>|<)
      | (?P<phrase>"[^"]*"?)
      | (?P<word>[^\s()"=<>]+)""",
    re.VERBOSE,
)


def tokens(query: str) -> list[Token]:
    out: list[Token] = []
    for m in _LEX.finditer(query):
        kind = m.lastgroup or ""
        text = m.group()
        if kind == "space":
            continue
        if kind == "phrase" and (len(text) < 2 or not text.endswith('"')):
            raise QuerySyntaxError.at('引号没有闭合，应为 "…"', m.start(), query)
        if kind == "word" and text in OPERATORS:
            kind = "bool"
        out.append(Token(kind, text, m.start()))
    out.append(Token("end", "", len(query)))
    return out


@dataclass(slots=True)
class Parsed:
    query: str
    root: Node | None
    free_text: bool
    terms: list[Term] = field(default_factory=list)


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.toks = tokens(query)
        self.i = 0
        self.structured = False
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.toks[self.i]

    def take(self) -> Token:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def fail(self, expected: str, tok: Token | None = None) -> QuerySyntaxError:
        tok = tok or self.tok
        found = "检索式结尾" if tok.kind == "end" else f"“{tok.text}”"
        return QuerySyntaxError.at(f"应为{expected}，实际是{found}", tok.pos, self.query)

    def parse(self) -> Node | None:
        if self.tok.kind == "end":
            return None
        node = self.or_(None)
        if self.tok.kind != "end":
            expected = "AND、OR、NOT 或检索词" if self.tok.kind == "rparen" else "运算符"
            raise self.fail(expected)
        return node

    def or_(self, fld: str | None) -> Node:
        parts = [self.and_(fld)]
        while self.tok.kind == "bool" and self.tok.text == "OR":
            self.structured = True
            self.take()
            parts.append(self.and_(fld))
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_(self, fld: str | None) -> Node:
        parts = [self.unary(fld)]
        while self.tok.kind not in ("end", "rparen") and self.tok.text != "OR":
            if self.tok.kind == "bool" and self.tok.text == "AND":
                self.structured = True
                self.take()
                parts.append(self.unary(fld))
            elif self.tok.kind == "bool" and self.tok.text == "NOT":
                self.structured = True
                self.take()
                parts.append(Not(self.unary(fld)))
            else:
                parts.append(self.unary(fld))
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self, fld: str | None) -> Node:
        if self.tok.kind == "bool" and self.tok.text == "NOT":
            self.structured = True
            self.deeper(self.take())
            node = Not(self.unary(fld))
            self.depth -= 1
            return node
        return self.primary(fld)

    def deeper(self, tok: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QuerySyntaxError.at(f"括号或 NOT 嵌套超过 {MAX_DEPTH} 层", tok.pos, self.query)

    def primary(self, fld: str | None) -> Node:
        tok = self.tok
        if tok.kind == "lparen":
            self.deeper(tok)
            self.take()
            node = self.or_(fld)
            if self.tok.kind != "rparen":
                raise self.fail("右括号“)”")
            self.take()
            self.depth -= 1
            return node
        if tok.kind == "word" and self.toks[self.i + 1].kind == "op":
            return self.clause(fld)
        if tok.kind in ("word", "phrase"):
            return self.term(fld)
        raise self.fail("检索词、字段代码或左括号“(”")

    def clause(self, outer: str | None) -> Node:
        name_tok = self.take()
        code = name_tok.text.upper()
        if code not in FIELDS:
            raise QuerySyntaxError.at(
                f"未知的字段代码“{name_tok.text}”，可用：{' '.join(FIELDS)}",
                name_tok.pos,
                self.query,
            )
        if outer is not None:
            raise QuerySyntaxError.at("字段内不能再嵌套字段代码", name_tok.pos, self.query)
        self.structured = True
        op = self.take()
        if op.text != "=":
            return self.compare(code, op)
        if code in DATE_FIELDS and self.tok.kind == "word" and _looks_like_date(self.tok.text):
            return self.compare(code, op)
        if self.tok.kind == "lparen":
            self.take()
            node = self.or_(code)
            if self.tok.kind != "rparen":
                raise self.fail("右括号“)”")
            self.take()
            return node
        if self.tok.kind not in ("word", "phrase"):
            raise self.fail(f"{code} 的检索值")
        return self.term(code)

    def compare(self, code: str, op: Token) -> Node:
        if code not in DATE_FIELDS:
            raise QuerySyntaxError.at(
                f"{code} 只能用“=”；比较运算只用于 AD、PD、PR", op.pos, self.query
            )
        value = self.tok
        if value.kind != "word" or not _looks_like_date(value.text):
            raise self.fail("日期，如 2020、2020-05 或 2020-05-01（范围写作 2019..2021）")
        self.take()
        try:
            day_range(op.text, value.text)
        except ValueError as exc:
            raise QuerySyntaxError.at(str(exc), value.pos, self.query) from exc
        return Compare(code, op.text, value.text, value.pos)

    def term(self, fld: str | None) -> Term:
        tok = self.take()
        if tok.kind == "phrase":
            self.structured = True
            text = tok.text[1:-1].strip()
            if not text:
                raise QuerySyntaxError.at("引号内没有检索词", tok.pos, self.query)
            return Term(text, tok.pos, fld, phrase=True)
        text = tok.text
        prefix = text.endswith("*")
        if prefix:
            self.structured = True
            text = text.rstrip("*")
            if not text:
                raise QuerySyntaxError.at("通配符“*”前应有至少一个字符", tok.pos, self.query)
        if "*" in text:
            raise QuerySyntaxError.at("通配符“*”只能放在词尾（前缀检索）", tok.pos, self.query)
        return Term(text, tok.pos, fld, prefix=prefix)


_DATE = re.compile(
    r"^\d{4}(?:[-./]?\d{1,2}(?:[-./]?\d{1,2})?)?(?:\.\.\d{4}(?:[-./]?\d{1,2}){0,2})?$"
)


def _looks_like_date(text: str) -> bool:
    return bool(_DATE.match(text))


def leaves(node: Node | None) -> list[Term | Compare]:
    if node is None:
        return []
    if isinstance(node, Term | Compare):
        return [node]
    if isinstance(node, Not):
        return []
    return [leaf for child in node.children for leaf in leaves(child)]


_STRUCTURE = re.compile(r"(?:^|[\s(])(?:[A-Za-z]{2,4}\s*(?:>=|<=|=|>|<)|(?:AND|OR|NOT)(?:\s|$))")


def parse(query: str) -> Parsed:
    text = nfkc(query or "").strip()
    parser = _Parser(text)
    try:
        root = parser.parse()
    except QuerySyntaxError:
        if _STRUCTURE.search(text):
            raise
        return Parsed(query=text, root=Term(text, 0), free_text=True, terms=[Term(text, 0)])
    return Parsed(
        query=text,
        root=root,
        free_text=root is not None and not parser.structured,
        terms=[t for t in leaves(root) if isinstance(t, Term)],
    )
