"""The ``zhichan`` executable.

``zhichan compare …`` and ``zhichan evidence …`` work on files alone (no database, no
settings), often on an investigator's offline machine and once per folder of submissions, so
they start without importing the platform (every domain, about 3 s); every other command goes
to :mod:`zhichan.cli`, which mounts the same command groups.
"""

from __future__ import annotations

import sys

FILE_ONLY = ("compare", "evidence")


def main(args: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if args is None else args)
    if argv and argv[0] in FILE_ONLY:
        import typer

        from zhichan.core.errors import ZhichanError
        from zhichan.forensics import commands

        group = commands.compare_app if argv[0] == "compare" else commands.evidence_app
        try:
            typer.main.get_command(group).main(args=argv[1:], prog_name=f"zhichan {argv[0]}")
        except ZhichanError as exc:
            typer.echo(f"错误：{exc.message}", err=True)
            sys.exit(2)
        return
    from zhichan import cli

    cli.main(argv)


if __name__ == "__main__":
    main()
