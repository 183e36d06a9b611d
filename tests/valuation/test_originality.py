"""Text originality: 1 − the mean similarity to the nearest earlier records, computed once the
background embedder has made vectors (its event queues the measures again)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from tests.conftest import FreshDatabases
from tests.search.conftest import load, make_runtime
from tests.support.rollback import rolled_back
from tests.valuation.conftest import KPPATENT
from zhichan.db.session import unit_of_work
from zhichan.jobs.models import Job
from zhichan.jobs.worker import of as worker_of
from zhichan.patents import service as patents_service
from zhichan.valuation import store
from zhichan.valuation.models import Measure


def test_vectors_bring_originality(fresh_db: FreshDatabases, tmp_path: Path) -> None:
    rt = make_runtime(fresh_db.url(), tmp_path / "var", model="use")
    try:
        kp = tmp_path / "kp.jsonl"
        kp.write_text("\n".join(KPPATENT.read_text(encoding="utf-8").splitlines()[:30]) + "\n",
                      encoding="utf-8")  # fmt: skip
        load(rt, kp)  # runs the index lane: the search sync and the measures
        with unit_of_work(rt.session_factory) as session:
            before = session.scalars(select(Measure.originality)).all()
        assert len(before) == 30 and all(o is None for o in before)  # measured, no vectors yet
        worker_of(rt, lanes=("vectors",)).run_until_idle(timeout=300)
        worker_of(rt, lanes=("index",)).run_until_idle(timeout=300)
        with unit_of_work(rt.session_factory) as session:
            after = session.scalars(select(Measure.originality)).all()
            kinds = session.scalars(select(Job.kind).order_by(Job.id)).all()
        # KPPatent records have no dates, so every other record is comparable: all 30 get one
        assert all(o is not None and 0 <= o <= 1 for o in after), after
        assert kinds.count("valuation.measures") == 2  # after the import, after the vectors
    finally:
        rt.engine.dispose()


@pytest.mark.parametrize(
    ("sims", "expected"),
    [
        # Two later records (2012) first, then five earlier: 1 − (0.8+0.7+0.6+0.5+0.4)/5 = 0.4
        ([("US8927118B2", 0.95), ("US8930553B2", 0.9), ("US6336130B1", 0.8),
          ("US6337117B1", 0.7), ("US7272630B2", 0.6), ("US6859910B2", 0.5),
          ("US6970935B1", 0.4)], (0.4, 5)),
        # Only four earlier records: too few to say
        ([("US8927118B2", 0.95), ("US6336130B1", 0.8), ("US6337117B1", 0.7),
          ("US7272630B2", 0.6), ("US6859910B2", 0.5)], (None, 4)),
    ],
)  # fmt: skip
def test_only_earlier_records_count(
    valuation_engine: Engine, sims: list[tuple[str, float]], expected: tuple[float | None, int]
) -> None:
    with rolled_back(valuation_engine) as factory, factory() as session:
        ids = {n: patents_service.id_of(session=session, number=n) for n, _ in sims}
        p = patents_service.profile(session=session, number="US8926509B2")  # filed 2008-06-05
        got = store.originality(session, p, lambda _pid: [(ids[n], s) for n, s in sims])
        assert (got[0], got[1]) == expected
