"""Comparing two projects: files paired by content (never by name), then each pair reported.

1. Every source file becomes a token stream: tree-sitter tokens where the grammar is bundled
   (:mod:`.tokens`), otherwise the line report's tokens with identifiers and literals
   normalised (same idea, coarser).
2. Boilerplate is found over both projects' files together and the declared template
   (:mod:`.boilerplate`) and suppressed in every score.
3. Candidate pairs come from shared winnowed fingerprints (:mod:`.winnowing`) through an
   inverted index, so n × m files never meet unless they share a fingerprint; each candidate is
   scored by the clone similarity (:mod:`.clone`) and pairs are taken greedily, best first,
   one right file per left file, down to ``min_similarity``.
4. Each pair gets the line comparison report (:mod:`.linereport`) and its clone score;
   unpaired left (registered) files count as wholly left-only, so the project totals keep the
   accounting identities of a single file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from zhichan.forensics.code import boilerplate, clone, linereport, winnowing
from zhichan.forensics.code.tokens import Token, language_of, tokenize
from zhichan.forensics.evidence.sources import Progress, SourceFile, Tree

MIN_SIMILARITY = 0.3
PAIR_K = 12
PAIR_WINDOW = 8


@dataclass
class FilePair:
    left: SourceFile
    right: SourceFile
    score: clone.CloneScore
    report: linereport.LineReport


@dataclass
class ProjectReport:
    left: Tree
    right: Tree
    pairs: list[FilePair]
    unpaired_left: list[SourceFile]
    unpaired_right: list[SourceFile]
    totals: linereport.LineReport
    rules: linereport.Rules
    min_similarity: float
    unpaired_left_tokens: int = 0
    unpaired_right_tokens: int = 0
    notes: list[str] = field(default_factory=list)
    boilerplate: boilerplate.Boilerplate | None = None  # over left files, then right files


def token_stream(f: SourceFile) -> list[Token]:
    language = language_of(f.path)
    if language is not None:
        return tokenize(f.text.encode("utf-8"), language)
    out = []
    for n, line in enumerate(f.lines, start=1):
        code = linereport.strip_comments([line], linereport.language_of(f.path))[0]
        for raw, kind in zip(linereport.tokens(code), linereport.shape(code), strict=True):
            out.append(Token(kind, n, raw if kind == "LIT" else ""))
    return out


def pair_files(
    streams_l: list[list[Token]],
    streams_r: list[list[Token]],
    min_similarity: float = MIN_SIMILARITY,
    progress: Progress | None = None,
    params: clone.Params = clone.DEFAULT,
    found: boilerplate.Boilerplate | None = None,
) -> list[tuple[int, int, clone.CloneScore]]:
    index = _index(streams_r)
    off = len(streams_l)
    scored: list[tuple[float, int, int, clone.CloneScore]] = []
    for i, toks in enumerate(streams_l):
        for j in _candidates(toks, index):
            masks = (found.suppressed(i), found.suppressed(off + j)) if found else (None, None)
            score = clone.compare(toks, streams_r[j], params, *masks)
            if score.similarity >= min_similarity:
                scored.append((score.similarity, i, j, score))
        if progress:
            progress("配对文件", i + 1, len(streams_l))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    used_l: set[int] = set()
    used_r: set[int] = set()
    out = []
    for _s, i, j, score in scored:
        if i not in used_l and j not in used_r:
            used_l.add(i)
            used_r.add(j)
            out.append((i, j, score))
    return sorted(out)


def _index(streams: list[list[Token]]) -> dict[int, set[int]]:
    index: dict[int, set[int]] = {}
    for j, toks in enumerate(streams):
        for fp in winnowing.Fingerprinted.of(toks, PAIR_K, PAIR_WINDOW).prints:
            index.setdefault(fp.hash, set()).add(j)
    return index


def _candidates(toks: list[Token], index: dict[int, set[int]], keep: int = 5) -> list[int]:
    """The right files sharing the most fingerprints with this left file."""
    shared: dict[int, int] = {}
    for fp in winnowing.Fingerprinted.of(toks, PAIR_K, PAIR_WINDOW).prints:
        for j in index.get(fp.hash, ()):
            shared[j] = shared.get(j, 0) + 1
    return [j for j, _n in sorted(shared.items(), key=lambda x: (-x[1], x[0]))[:keep]]


def compare(
    left: Tree,
    right: Tree,
    rules: linereport.Rules = linereport.Rules(),
    min_similarity: float = MIN_SIMILARITY,
    progress: Progress | None = None,
    params: clone.Params = clone.DEFAULT,
    share: float | None = boilerplate.DEFAULT_SHARE,
    template: Tree | None = None,
) -> ProjectReport:
    streams_l = [token_stream(f) for f in left.files]
    streams_r = [token_stream(f) for f in right.files]
    base = [token_stream(f) for f in template.files] if template else []
    found = boilerplate.find([*streams_l, *streams_r], share, base)
    matched = pair_files(streams_l, streams_r, min_similarity, progress, params, found)
    pairs = []
    for n, (i, j, score) in enumerate(matched, start=1):
        lf, rf = left.files[i], right.files[j]
        file_rules = rules_for(rules, lf.path)
        pairs.append(FilePair(lf, rf, score, linereport.compare(lf.lines, rf.lines, file_rules)))
        if progress:
            progress("逐行比对", n, len(matched))
    paired_l = {i for i, _, _ in matched}
    paired_r = {j for _, j, _ in matched}
    unpaired_l = [f for i, f in enumerate(left.files) if i not in paired_l]
    unpaired_r = [f for j, f in enumerate(right.files) if j not in paired_r]
    parts = [p.report for p in pairs]
    parts += [linereport.compare(f.lines, [], rules_for(rules, f.path)) for f in unpaired_l]
    parts += [linereport.compare([], f.lines, rules_for(rules, f.path)) for f in unpaired_r]
    notes = [f"{f.path}：压缩代码，已按语句拆行" for f in (*left.files, *right.files) if f.reflowed]
    return ProjectReport(
        left,
        right,
        pairs,
        unpaired_l,
        unpaired_r,
        linereport.total(parts, rules),
        rules,
        min_similarity,
        sum(len(s) for i, s in enumerate(streams_l) if i not in paired_l),
        sum(len(s) for j, s in enumerate(streams_r) if j not in paired_r),
        notes,
        found,
    )


def rules_for(rules: linereport.Rules, path: str) -> linereport.Rules:
    return replace(rules, language=linereport.language_of(path))
