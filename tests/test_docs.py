"""Documentation that is generated or must list what the code declares."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def test_cli_reference_is_current() -> None:
    spec = importlib.util.spec_from_file_location("cli_docs", ROOT / "scripts" / "cli_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs" / "cli.md").read_text() == module.render(), (
        "docs/cli.md is stale: run python scripts/cli_docs.py"
    )


def _route_docs() -> Any:
    spec = importlib.util.spec_from_file_location("route_docs", ROOT / "scripts" / "route_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_security_matrix_and_route_list_are_current() -> None:
    for doc, text in _route_docs().render().items():
        assert doc.read_text(encoding="utf-8") == text, (
            f"{doc.name} is stale: run python scripts/route_docs.py"
        )


def test_every_api_route_appears_in_the_api_doc() -> None:
    from zhichan.accounts.deps import declared_routes

    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    with _route_docs()._app() as app:
        api_routes = [(m, p) for m, p, _ in declared_routes(app) if p.startswith("/api/")]
    assert len(api_routes) > 50
    missing = [f"{m} {p}" for m, p in api_routes if f"`{m} {p}`" not in api]
    assert missing == []


def test_readme_leads_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```sh", 1)[1].split("```", 1)[0]
    assert "make run" in first_block and "make test" in first_block


def _named_commands() -> set[tuple[str, ...]]:
    """Commands that UI strings, templates and docs tell people to run."""
    import re

    said: set[tuple[str, ...]] = set()
    patterns = [
        re.compile(
            r"(?:运行|或|用|执行)\s*<?(?:code>)?zhichan ([a-z][a-z-]*)(?: ([a-z][a-z-]*)(?![\w.]))?"
        ),
        re.compile(r"`zhichan ([a-z][a-z-]*)(?: ([a-z][a-z-]*)(?![\w.]))?"),
        re.compile(r"^\s*zhichan ([a-z][a-z-]*)(?: ([a-z][a-z-]*)(?![\w.]))?", re.M),
    ]
    files = [
        *ROOT.glob("zhichan/**/*.py"),
        *ROOT.glob("zhichan/**/*.html"),
        *ROOT.glob("docs/*.md"),
        ROOT / "README.md",
    ]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            for m in pattern.finditer(text):
                said.add(tuple(x for x in m.groups() if x))
    return said


def test_every_command_the_texts_name_exists() -> None:
    import typer

    from zhichan.cli import app

    root = typer.main.get_command(app)
    groups = [c for c in getattr(root, "commands", {}).values() if hasattr(c, "commands")]
    # A word after a leaf command is its argument, unless it names another group's subcommand
    # (``zhichan search sync`` once told users to run a command that does not exist).
    subcommands = {name for g in groups for name in g.commands}
    missing = []
    for words in sorted(_named_commands()):
        group = getattr(root, "commands", {})
        for i, word in enumerate(words):
            found = group.get(word)
            if found is None:
                missing.append(" ".join(words))
                break
            group = getattr(found, "commands", None)
            if group is None:
                if words[i + 1 :] and words[i + 1] in subcommands:
                    missing.append(" ".join(words))
                break
    assert missing == [], f"texts name commands that do not exist: {missing}"
