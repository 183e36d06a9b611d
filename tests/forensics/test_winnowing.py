"""Tokens from the bundled tree-sitter grammars, and the winnowing guarantee."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhichan.core.errors import InvalidInput
from zhichan.forensics.code import tokens, winnowing
from zhichan.forensics.code.tokens import Token

JAVA_A = b"class A { int total(int n) { int s = 0; for (int i = 0; i < n; i++) { s += i; } return s; } } // c"
JAVA_B = b"class B {\n  int sum(int count) {\n    int acc = 7; for (int k = 0; k < count; k++) { acc += k; }\n    return acc;\n  }\n}"


@pytest.mark.parametrize("language", sorted(set(tokens.LANGUAGES.values())))
def test_every_listed_language_parses_offline(language: str) -> None:
    assert tokens.tokenize(b"x = 1", language)


def test_renamed_identifiers_and_changed_literals_tokenise_alike() -> None:
    a = [t.kind for t in tokens.tokenize(JAVA_A, "java")]
    b = [t.kind for t in tokens.tokenize(JAVA_B, "java")]
    assert a == b and "ID" in a and "LIT" in a and "for" in a
    assert tokens.tokenize(JAVA_B, "java")[-1].line == 6
    with pytest.raises(InvalidInput):
        tokens.tokenize(b"x", "cobol")


def test_a_renamed_copy_scores_one_and_fragments_have_lines() -> None:
    a = winnowing.Fingerprinted.of(tokens.tokenize((JAVA_A + b"\n") * 3, "java"), k=5, window=3)
    b = winnowing.Fingerprinted.of(tokens.tokenize((JAVA_B + b"\n") * 3, "java"), k=5, window=3)
    score = winnowing.compare(a, b, k=5)
    assert score.left == score.right == score.symmetric == 1.0
    assert score.fragments and score.fragments[0].left_lines[0] == 1


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 40), st.integers(0, 40))
def test_a_shared_run_of_w_plus_k_minus_1_tokens_shares_a_fingerprint(
    seed: int, pre: int, post: int
) -> None:
    rng = random.Random(seed)
    k, w = 5, 4
    shared = [Token(rng.choice("abcdefgh"), 1) for _ in range(w + k - 1)]
    left = [Token(rng.choice("ijkl"), 1) for _ in range(pre)] + shared
    right = shared + [Token(rng.choice("mnop"), 1) for _ in range(post)]
    a = winnowing.Fingerprinted.of(left, k, w)
    b = winnowing.Fingerprinted.of(right, k, w)
    assert winnowing.compare(a, b, k).shared >= 1
