"""Parsed query → Tantivy query, for the analyser the index was built with."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import tantivy
from tantivy import Occur, Query

from zhichan.core.errors import InvalidInput
from zhichan.fulltext import analysis
from zhichan.search import documents, syntax
from zhichan.search.dates import day_range

TX = ("TI", "AB", "CL")
#: Field weights of free text and of ``TX``: a word in the title says more than one in a claim.
BOOSTS = {"ti": 3.0, "ab": 1.5, "cl": 1.0, "pa": 1.0, "in": 1.0}
LEGAL = {"有效": "valid", "失效": "invalid", "审中": "pending", "未知": "unknown"}
TYPES = {
    "发明": "invention",
    "实用新型": "utility_model",
    "外观设计": "design",
    "外观": "design",
    "植物": "plant",
}


@dataclass(frozen=True, slots=True)
class Compiler:
    schema: tantivy.Schema
    analyser: str
    normalise_number: Callable[[str, str], str] = lambda code, raw: raw.upper()

    # ---- free text -------------------------------------------------------------------
    def free_text(self, text: str, fields: tuple[str, ...] = ("ti", "ab", "cl")) -> Query:
        """Every distinct token of ``text`` as a ranked, optional clause (BM25)."""
        tokens = self.tokens(text)
        clauses: list[tuple[Occur, Query]] = []
        for suffix, terms in tokens.items():
            for term in dict.fromkeys(terms):
                for stem in fields:
                    q = Query.term_query(self.schema, f"{stem}_{suffix}", term)
                    clauses.append((Occur.Should, Query.boost_query(q, BOOSTS[stem])))
        if not clauses:
            return Query.empty_query()
        return Query.boolean_query(clauses)

    def tokens(self, text: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {s: [] for s in documents.suffixes(self.analyser)}
        for han, run in analysis.runs(text):
            if not han:
                out["u" if self.analyser == "bigram" else "w"].append(run)
            elif self.analyser == "bigram":
                out["u"].extend(run)
                out["b"].extend(analysis.bigrams(run))
            else:
                out["w"].extend(analysis.words(run))
        return {k: analysis.final_terms(v) for k, v in out.items()}

    # ---- Boolean ---------------------------------------------------------------------
    def compile(self, node: syntax.Node) -> Query:
        if isinstance(node, syntax.And):
            return self._and(node)
        if isinstance(node, syntax.Or):
            return Query.boolean_query([(Occur.Should, self.compile(c)) for c in node.children])
        if isinstance(node, syntax.Not):
            # A lone NOT means "everything but".
            return Query.boolean_query(
                [(Occur.Must, Query.all_query()), (Occur.MustNot, self.compile(node.child))]
            )
        if isinstance(node, syntax.Compare):
            return self._compare(node)
        return self._term(node)

    def _and(self, node: syntax.And) -> Query:
        clauses: list[tuple[Occur, Query]] = []
        for child in node.children:
            if isinstance(child, syntax.Not):
                clauses.append((Occur.MustNot, self.compile(child.child)))
            else:
                clauses.append((Occur.Must, self.compile(child)))
        if all(occur == Occur.MustNot for occur, _ in clauses):
            clauses.append((Occur.Must, Query.all_query()))
        return Query.boolean_query(clauses)

    def _compare(self, node: syntax.Compare) -> Query:
        name = documents.DATE_FIELDS[node.field]
        low, high = day_range(node.op, node.value)  # validated by the parser
        return Query.range_query(
            self.schema, name, tantivy.FieldType.Integer, lower_bound=low, upper_bound=high
        )

    def _term(self, term: syntax.Term) -> Query:
        code = term.field or "TX"
        if code in documents.RAW_FIELDS:
            return self._raw(code, term)
        stems = (
            [documents.TEXT_FIELDS[c] for c in TX]
            if code == "TX"
            else [documents.TEXT_FIELDS[code]]
        )
        per_field = [Query.boost_query(self._text(stem, term), BOOSTS[stem]) for stem in stems]
        if len(per_field) == 1:
            return per_field[0]
        return Query.boolean_query([(Occur.Should, q) for q in per_field])

    def _text(self, stem: str, term: syntax.Term) -> Query:
        """A word must occur as written: its Han runs as phrases, its other words in order."""
        parts: list[Query] = []
        latin: list[str] = []
        for han, run in analysis.runs(term.text):
            if not han:
                latin.append(run)
                continue
            if latin:
                parts.append(self._latin(stem, latin, term))
                latin = []
            parts.append(self._han(stem, run))
        if latin:
            parts.append(self._latin(stem, latin, term))
        if not parts:
            raise InvalidInput(
                f"检索词“{term.text}”中没有可检索的文字", details={"position": term.pos}
            )
        if len(parts) == 1:
            return parts[0]
        return Query.boolean_query([(Occur.Must, q) for q in parts])

    def _han(self, stem: str, run: str) -> Query:
        if self.analyser == "bigram":
            if len(run) == 1:
                return Query.term_query(self.schema, f"{stem}_u", run)
            return self._sequence(f"{stem}_b", analysis.bigrams(run))
        return self._sequence(f"{stem}_w", analysis.words(run))

    def _latin(self, stem: str, words: list[str], term: syntax.Term) -> Query:
        name = f"{stem}_{'u' if self.analyser == 'bigram' else 'w'}"
        terms = analysis.final_terms(words)
        if term.prefix and len(terms) == 1:
            pattern = re.escape(words[0].lower()) + ".*"
            return Query.regex_query(self.schema, name, pattern)
        return self._sequence(name, terms)

    def _sequence(self, name: str, terms: list[str]) -> Query:
        if len(terms) == 1:
            return Query.term_query(self.schema, name, terms[0])
        words: list[str | tuple[int, str]] = list(terms)
        return Query.phrase_query(self.schema, name, words)

    def _raw(self, code: str, term: syntax.Term) -> Query:
        name = documents.RAW_FIELDS[code]
        value = term.text.strip()
        if code == "LS":
            value = LEGAL.get(value, value.lower())
        elif code == "PT":
            value = TYPES.get(value, value.lower())
        elif code in ("IPC", "CPC"):
            return self._classification(name, value, term.prefix)
        elif code in ("AN", "PN", "PR"):
            value = self.normalise_number(code, value)
            if term.prefix or (code == "PN" and not value[-1:].isalpha()):
                suffix = ".*" if term.prefix else "([A-Z][0-9]?)?"
                return self._regex(name, re.escape(value) + suffix, term.text)
        if term.prefix:
            return self._regex(name, re.escape(value) + ".*", term.text)
        return Query.term_query(self.schema, name, value)

    def _regex(self, name: str, pattern: str, shown: str) -> Query:
        try:
            return Query.regex_query(self.schema, name, pattern)
        except ValueError as exc:  # Tantivy bounds the automaton a pattern compiles to
            raise InvalidInput(
                f"检索词“{shown[:30]}{'…' if len(shown) > 30 else ''}”过长，无法检索"
            ) from exc

    def _classification(self, name: str, raw: str, prefix: bool) -> Query:
        code = re.sub(r"\s+", "", raw).upper()
        if not re.fullmatch(r"[A-HY](\d{2}([A-Z](\d{1,4}(/\d{1,6})?)?)?)?", code):
            raise InvalidInput(
                f"分类号“{raw}”格式不对，应如 H01M、H01M10、H01M10/052 或 H01M*",
                details={"value": raw},
            )
        if "/" in code and not prefix:
            return Query.term_query(self.schema, name, code)
        # A class or group without subgroup means everything below it.
        tail = "/.*" if re.fullmatch(r"[A-HY]\d{2}[A-Z]\d{1,4}", code) and not prefix else ".*"
        return Query.regex_query(self.schema, name, re.escape(code) + tail)


def filters(schema: tantivy.Schema, chosen: dict[str, str]) -> list[Query]:
    """Exact facet filters (``year=2020``, ``pt=invention`` …), from facet clicks."""
    out = []
    for name, value in chosen.items():
        if name not in documents.FACET_FIELDS:
            raise InvalidInput(f"未知的筛选项：{name}", details={"filter": name})
        if name == "year":
            if not value.isdigit():
                raise InvalidInput(f"年份筛选值应为数字：{value}", details={"filter": name})
            out.append(Query.term_query(schema, name, int(value)))
        else:
            out.append(Query.term_query(schema, name, value))
    return out
