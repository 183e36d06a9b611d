"""``zhichan compare …`` and ``zhichan evidence …``: comparisons and manifests from the shell.

These work on files alone (no database), so an investigator can run them on an offline
machine and hand over the JSON/HTML/PDF together with the evidence.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from zhichan.core import output
from zhichan.core.errors import InvalidInput
from zhichan.forensics import report, runs
from zhichan.forensics.evidence import manifest

compare_app = typer.Typer(help="技术比对：源代码、图片、音频、文本", no_args_is_help=True)
evidence_app = typer.Typer(help="证据清单：SHA-256、大小、版本；核对是否改变", no_args_is_help=True)

Left = Annotated[Path, typer.Argument(help="左侧：登记/权利人作品（目录、压缩包或文件）")]
Right = Annotated[Path, typer.Argument(help="右侧：被诉作品（目录、压缩包或文件）")]
JsonOpt = Annotated[bool, typer.Option("--json", help="把完整结果（含证据清单）以 JSON 输出")]
ReportOpt = Annotated[
    Path | None, typer.Option("--report", help="写出报告：文件名以 .html、.pdf 或 .json 结尾")
]
CaseOpt = Annotated[str | None, typer.Option("--case", help="案号或案件名称，印在报告上")]
BaseOpt = Annotated[
    Path | None,
    typer.Option(help="基础/模板代码目录：与之相同的文件不比对，其中的代码片段不计入相似度"),
]
KnownOpt = Annotated[
    Path | None, typer.Option(help="已知第三方库清单（每行 SHA-256 与名称，sha256sum 格式）")
]
ExcludeOpt = Annotated[
    list[str] | None, typer.Option(help="再排除的路径模式（可多次），如 'lib/*'")
]
ShareOpt = Annotated[
    float, typer.Option(help="片段出现在超过此比例的文件中即视为模板/公共代码", min=0.01, max=1)
]


class ProgressLine:
    """Progress on stderr: rewritten in place on a terminal, a line every 2 s otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        final = total is not None and done == total
        if now - self.last < (0.2 if self.tty else 2.0) and not final:
            return
        self.last = now
        text = f"{stage}：{done}/{total}" if total else f"{stage}：{done} 个文件"
        sys.stderr.write(f"\r{text}\x1b[K" if self.tty else text + "\n")
        if self.tty and final:
            sys.stderr.write("\n")


def _finish(result: dict[str, Any], as_json: bool, target: Path | None, case: str | None) -> None:
    if target is not None:
        report.write(result, target, case=case)
        typer.echo(f"报告已写入 {target}", err=True)
    if as_json:
        output.print_json(result)
        return
    typer.echo(_summary(result))


def _summary(r: dict[str, Any]) -> str:
    if r["kind"] == "folder":
        return _folder_summary(r)
    s = r["summary"]
    lines = [
        f"{r['title']}：{r['manifest']['inputs']['left']['name']} ⟷ "
        f"{r['manifest']['inputs']['right']['name']}"
    ]
    if r["kind"] == "code":
        c = s["counts"]
        lines += [
            f"左侧 {s['left_total']} 行，右侧 {s['right_total']} 行：相同行 {c['identical']}，"
            f"不重要的左边独有行 {c['unimportant_left']}，"
            f"不重要的右边独有行 {c['unimportant_right']}，"
            f"不重要的差异行 {c['unimportant_diff']}，重要的左边独有行 {c['important_left']}，"
            f"重要的右边独有行 {c['important_right']}，重要差异行 {c['important_diff']}，"
            f"差异部分 {s['sections']}",
            "占左侧：相同 {identical:.1%}，高度近似 {unimportant_diff:.1%}，"
            "重要差异 {important_diff:.1%}，近似（实测）{similar:.1%}".format(**s["share_left"]),
            f"配对文件 {len(r['pairs'])} 对；克隆相似度（结构，相对左侧）"
            f"{r['clone']['structure']['left']:.1%}",
        ]
        lines += [
            f"  {p['left']} ⟷ {p['right']}：克隆相似度 {p['similarity']:.1%}，"
            f"结构覆盖 左 {p['structure']['left']:.1%} / 右 {p['structure']['right']:.1%}"
            for p in r["pairs"][:20]
        ]
    else:
        lines.append("；".join(f"{k} {v}" for k, v in s.items()))
        for m in r["matches"][:20]:
            score = m.get("similarity", m.get("bit_match", m.get("shares", {}).get("maximum")))
            lines.append(f"  {m['left']} ⟷ {m['right']}：{score}")
    lines.append(f"结果摘要 SHA-256 {r['manifest']['numbers_sha256']}")
    lines.append(r["disclaimer"])
    return "\n".join(lines)


def _folder_summary(r: dict[str, Any]) -> str:
    c, b = r["collection"], r["boilerplate"]
    lines = [
        f"{r['title']}：{r['manifest']['inputs']['left']['name']}，{c['files']} 个文件，"
        f"{c['all_pairs']} 对中候选 {c['candidates']} 对",
        f"模板/公共代码：扣除 {b['tokens']} 个记号，{len(b['passages'])} 段",
    ]
    lines += [
        f"  {x['file']} 第 {x['lines'][0]}–{x['lines'][1]} 行（{x['files']} 个文件中出现）"
        for x in b["passages"][:5]
    ]
    lines.append(f"聚类（相似度 ≥ {c['cluster_at']}）{len(r['clusters'])} 组")
    lines += [f"  {'、'.join(g[:8])}{' 等' if len(g) > 8 else ''}" for g in r["clusters"][:10]]
    lines += [
        f"  {p['left']} ⟷ {p['right']}：克隆相似度 {p['similarity']:.1%}" for p in r["pairs"][:20]
    ]
    lines.append(f"结果摘要 SHA-256 {r['manifest']['numbers_sha256']}")
    lines.append(r["disclaimer"])
    return "\n".join(lines)


@compare_app.command("code")
def compare_code(
    left: Left,
    right: Right,
    as_json: JsonOpt = False,
    report_file: ReportOpt = None,
    case: CaseOpt = None,
    base: BaseOpt = None,
    known: KnownOpt = None,
    exclude: ExcludeOpt = None,
    min_similarity: Annotated[
        float, typer.Option(help="文件配对的最低克隆相似度", min=0, max=1)
    ] = runs.code_results.CODE_DEFAULTS["min_similarity"],
    boilerplate_share: ShareOpt = runs.code_results.CODE_DEFAULTS["boilerplate_share"],
    similar_threshold: Annotated[float, typer.Option(help="“近似”行的记号相似度阈值")] = 0.8,
    keep_case: Annotated[bool, typer.Option("--keep-case", help="大小写差异算重要差异")] = False,
    keep_comments: Annotated[bool, typer.Option("--keep-comments", help="注释算代码")] = False,
) -> None:
    """逐行比对与克隆检测：按内容配对文件，输出种子报告格式的汇总表。"""
    params = {
        "min_similarity": min_similarity,
        "boilerplate_share": boilerplate_share,
        "similar_threshold": similar_threshold,
        "ignore_case": not keep_case,
        "ignore_comments": not keep_comments,
        "exclude": [*runs.code_results.CODE_DEFAULTS["exclude"], *(exclude or [])],
    }
    extra = {k: v for k, v in (("base", base), ("known", known)) if v is not None}
    if report_file is not None:
        report.check_target(report_file)  # before the work, not after it
    result = runs.run("code", left, right, params, extra, ProgressLine())
    _finish(result, as_json, report_file, case)


@compare_app.command("folder")
def compare_folder(
    root: Annotated[Path, typer.Argument(help="一组提交或版本（目录或压缩包），两两比对")],
    as_json: JsonOpt = False,
    report_file: ReportOpt = None,
    case: CaseOpt = None,
    base: BaseOpt = None,
    known: KnownOpt = None,
    exclude: ExcludeOpt = None,
    boilerplate_share: ShareOpt = runs.code_results.CODE_DEFAULTS["boilerplate_share"],
    cluster_at: Annotated[
        float, typer.Option(help="相似度达到此值的文件对连成聚类", min=0, max=1)
    ] = runs.code_folder.FOLDER_DEFAULTS["cluster_at"],
) -> None:
    """全量比对：一组提交两两比较，输出排序的文件对、聚类与被排除的模板代码。"""
    params = {
        "boilerplate_share": boilerplate_share,
        "cluster_at": cluster_at,
        "exclude": [*runs.code_folder.FOLDER_DEFAULTS["exclude"], *(exclude or [])],
    }
    extra = {k: v for k, v in (("base", base), ("known", known)) if v is not None}
    if report_file is not None:
        report.check_target(report_file)
    result = runs.run("folder", root, None, params, extra, ProgressLine())
    _finish(result, as_json, report_file, case)


def _media(kind: str) -> Any:
    def command(
        left: Left,
        right: Right,
        as_json: JsonOpt = False,
        report_file: ReportOpt = None,
        case: CaseOpt = None,
    ) -> None:
        if report_file is not None:
            report.check_target(report_file)
        result = runs.run(kind, left, right, {}, None, ProgressLine())
        _finish(result, as_json, report_file, case)

    command.__doc__ = {
        "images": "图片比对：感知哈希、最佳匹配与近似重复簇（含翻转、旋转）。",
        "audio": "音频比对：Chromaprint 声学指纹与时间偏移对齐（需要 fpcalc）。",
        "text": "文本比对：中文字符级相同段落（抗标点、换行、段落调换）。",
    }[kind]
    return command


for _kind in ("images", "audio", "text"):
    compare_app.command(_kind)(_media(_kind))


@compare_app.command("verify")
def verify(
    result_file: Annotated[Path, typer.Argument(help="比对结果 JSON（--json 或 --report x.json）")],
) -> None:
    """按结果中的证据清单核对证据，并用同样参数重跑，确认数字可复现。"""
    result = _load(result_file)
    outcome = runs.rerun(result)
    if outcome.get("method"):
        typer.echo(outcome["method"])
        raise typer.Exit(1)
    for line in outcome["changes"]:
        typer.echo(line)
    if outcome["changes"]:
        typer.echo(f"证据已改变（{len(outcome['changes'])} 处），未重跑。")
        raise typer.Exit(1)
    if not outcome["reproduced"]:
        typer.echo(f"证据未变，但重跑结果不同：{outcome['numbers_sha256']}")
        raise typer.Exit(1)
    typer.echo(f"证据未变；重跑结果相同（摘要 {outcome['numbers_sha256']}）。")


def _load(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"无法读取 JSON：{path}（{exc}）") from exc
    if not isinstance(doc, dict) or "manifest" not in doc:
        raise InvalidInput(f"{path.name} 不是比对结果或证据清单")
    return doc


@evidence_app.command("manifest")
def evidence_manifest(
    directory: Annotated[Path, typer.Argument(help="证据目录或压缩包")],
    out: Annotated[
        Path | None, typer.Option("--out", help="写入 JSON 文件（默认输出到屏幕）")
    ] = None,
    check: Annotated[
        Path | None, typer.Option("--check", help="与此前的清单核对：列出改变、缺失、新增的文件")
    ] = None,
) -> None:
    """列出证据中每个文件的 SHA-256 与大小、工具版本和时间；或核对证据是否改变。"""
    if not directory.exists():
        raise InvalidInput(f"找不到证据：{directory}")
    if check is not None:
        before = _load(check)["manifest"]
        changed = manifest.changes(before, {"evidence": directory})
        for line in changed:
            typer.echo(line)
        typer.echo(f"发现 {len(changed)} 处改变。" if changed else "证据与清单一致。")
        if changed:
            raise typer.Exit(1)
        return
    doc = {"manifest": manifest.build({"evidence": directory}, {}, None)}
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    if out is None:
        typer.echo(text)
        return
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    inputs = doc["manifest"]["inputs"]["evidence"]
    typer.echo(f"已写入 {out}：{inputs['files']} 个文件，{inputs['bytes']} 字节")
