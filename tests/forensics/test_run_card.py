"""The run card says what a media comparison's figures are, and warns when one side held
nothing of the compared kind (a code archive compared as images says so, not just 0)."""

from __future__ import annotations

from types import SimpleNamespace

from fastapi import FastAPI

from zhichan.forensics import runs
from zhichan.forensics.media import results


def _card(app: FastAPI, summary: dict[str, object]) -> str:
    run = SimpleNamespace(
        id=1, state="succeeded", kind="images", numbers_sha256="ab", message=None,
        result={"summary": summary},
    )  # fmt: skip
    live = SimpleNamespace(state_label="已完成", stage=None, job_id=None)
    template = app.state.ctx.templates.env.get_template("forensics/_run.html")
    return template.render(
        run=run, live=live, kinds=runs.KINDS, summary_labels=results.SUMMARY_LABELS,
        media_inputs=results.INPUTS, csrf_token="t",
    )  # fmt: skip


def test_a_comparison_that_found_nothing_of_its_kind_says_so(app: FastAPI) -> None:
    empty = _card(app, {"left_images": 0, "right_images": 4, "near_duplicates": 0})
    assert 'data-testid="nothing-of-kind"' in empty and "左侧图片数：0" in empty
    assert "left_images" not in empty
    found = _card(app, {"left_images": 3, "right_images": 4, "near_duplicates": 1})
    assert "nothing-of-kind" not in found and "近似重复的左侧图片：1" in found
    # The re-run form is part of the live card, so the swap that shows 完成 enables it.
    form = found.split('id="verify-form"')[1].split("</form>")[0]
    assert "核对证据并重跑" in form and "disabled" not in form
