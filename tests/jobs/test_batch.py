"""The batch engine on Dask's local scheduler and on a real dask.distributed LocalCluster of
two worker processes: the same results from each batch task, the model loaded once per worker,
a worker killed mid-task survived by the job, a stopping job stopping its batch."""

from __future__ import annotations

import json
import os
import signal
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select

from benchmarks.candidate_recall import pair_recall, real_pool
from tests.conftest import SHARED, FreshDatabases
from tests.indicators import constructed as indicators_constructed
from tests.jobs.conftest import WORKERS
from tests.law.conftest import patent_law_only
from tests.search import constructed
from tests.search.conftest import KPPATENT, load, make_runtime
from tests.support.stores import seeded
from tests.test_cli import Cli
from tests.transfer.conftest import OPERATOR
from zhichan.core.errors import ConfigError, ZhichanError
from zhichan.core.settings import Settings
from zhichan.db import migrate
from zhichan.db.engine import make_engine
from zhichan.db.session import unit_of_work
from zhichan.fulltext import vectors
from zhichan.indicators import compute
from zhichan.indicators import service as indicators_service
from zhichan.indicators.criteria import Params
from zhichan.indicators.models import History, Result
from zhichan.jobs import batch as batch_mod
from zhichan.jobs import embedding
from zhichan.jobs import service as jobs_service
from zhichan.jobs.batch import Batch
from zhichan.jobs.kinds import Interrupted, Kind, Registry
from zhichan.jobs.models import Job
from zhichan.jobs.worker import Worker
from zhichan.jobs.worker import of as worker_of
from zhichan.law import service as law_service
from zhichan.law.vectors import VectorCache
from zhichan.patents import service as patents_service
from zhichan.patents.models import Patent
from zhichan.runtime import Runtime, build
from zhichan.search import service as search_service
from zhichan.search.engine import SearchEngine
from zhichan.transfer import blocks, candidates, recommendations, scoring

# One cluster per test process: the module's tests run in the same xdist worker.
pytestmark = pytest.mark.xdist_group("dask")


def _square(x: int, *, offset: int = 0) -> int:
    return x * x + offset


def _die_once(x: int, *, marker: str) -> int:
    """Kills its own worker process the first time it sees x == 3."""
    if x == 3 and not os.path.exists(marker):
        Path(marker).write_text("killed", encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)
    return x * x


def _always_die(x: int) -> int:
    os.kill(os.getpid(), signal.SIGKILL)
    return x


def _model_loads() -> dict[str, int]:
    info = vectors.embedder.cache_info()
    return {"loads": info.misses, "calls": info.hits + info.misses}


def _texts(n: int) -> list[str]:
    """Real abstracts cut at 120 characters: not among the shipped vectors, so the model runs."""
    lines = KPPATENT.read_text(encoding="utf-8").splitlines()[:n]
    return [json.loads(line)["abstract"][:120] for line in lines]


def test_windows_read_pages_only_as_they_are_needed() -> None:
    read: list[int] = []

    def pages() -> Any:
        for i in range(7):
            read.append(i)
            yield [i]

    groups = batch_mod.windows(pages(), 3)
    assert next(groups) == [[0], [1], [2]] and read == [0, 1, 2]
    assert list(groups) == [[[3], [4], [5]], [[6]]]
    with pytest.raises(ValueError):
        next(batch_mod.windows([], 0))


def test_partitions_come_back_in_order_with_progress(remote: Batch) -> None:
    parts = list(range(23))
    seen: dict[str, list[tuple[int, int]]] = {"local": [], "cluster": []}
    local = Batch().map(
        _square, parts, shared={"offset": 1}, on_done=lambda d, t: seen["local"].append((d, t))
    )
    far = remote.map(
        _square, parts, shared={"offset": 1}, on_done=lambda d, t: seen["cluster"].append((d, t))
    )
    assert local == far == [x * x + 1 for x in parts]
    for calls in seen.values():
        assert calls == [(i, len(parts)) for i in range(1, len(parts) + 1)]
    assert Batch().map(_square, []) == []


def test_embedding_is_the_same_and_each_worker_loads_its_model_once(remote: Batch) -> None:
    texts = _texts(2 * embedding.PART)  # two partitions: one per worker, or both on one
    local = embedding.embed_texts(Batch(), "e5", texts)
    far = embedding.embed_texts(remote, "e5", texts)
    again = embedding.embed_texts(remote, "e5", texts[: embedding.PART])
    assert local.shape == (len(texts), 384)
    assert np.array_equal(local, far) and np.array_equal(far[: embedding.PART], again)
    per_worker = remote.client().run(_model_loads)
    parts = 3
    assert sum(w["calls"] for w in per_worker.values()) == parts
    assert all(w["loads"] <= 1 for w in per_worker.values()), per_worker
    queries = embedding.embed_queries(remote, "e5", texts[:12])
    assert np.array_equal(queries, embedding.embed_queries(Batch(), "e5", texts[:12]))


def _pool(n_docs: int, n_seekers: int) -> tuple[scoring.Corpus, list[scoring.Seeker], np.ndarray]:
    """Real patents as the pool and other real abstracts as the enterprises' needs; their
    vectors are GENERATED (seeded random unit vectors): the test is about where the scoring
    runs, not about its quality, and embedding 700 texts would take minutes."""
    rows = [json.loads(x) for x in KPPATENT.read_text(encoding="utf-8").splitlines()]
    docs_rows, seek_rows = rows[:n_docs], rows[n_docs : n_docs + n_seekers]
    provinces = ["浙江省", "江苏省", "山东省"]
    docs = [
        scoring.Doc(
            key=i,
            text=vectors.passage_text(r["title"], r["abstract"]),
            industries=frozenset({f"{i % 7}.1"}),
            region=provinces[i % 3],
            tier="ABC"[i % 3],
        )
        for i, r in enumerate(docs_rows)
    ]
    seekers = [
        scoring.Seeker(
            text=r["abstract"][:80],
            industries=frozenset({f"{i % 5}.1"}),
            region=provinces[i % 2],
        )
        for i, r in enumerate(seek_rows)
    ]
    rng = np.random.default_rng(20261203)
    unit = rng.standard_normal((n_docs + n_seekers, 384)).astype(np.float32)
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    corpus = scoring.Corpus.build(docs, recommendations._analyse, vectors=unit[:n_docs])
    return corpus, seekers, unit[n_docs:]


def test_matching_is_the_same_wherever_the_partitions_run(
    remote: Batch, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, seekers, qv = _pool(400, 300)
    monkeypatch.setattr(blocks, "PART", 64)
    exclude = [{0, 1} if i % 10 == 0 else set() for i in range(len(seekers))]
    args = (corpus, seekers, recommendations.WEIGHTS, 5)
    local = blocks.both_ways(Batch(), *args, query_vectors=qv, exclude=exclude)
    far = blocks.both_ways(remote, *args, query_vectors=qv, exclude=exclude)
    assert local[0] == far[0]
    assert np.array_equal(local[1], far[1]) and np.array_equal(local[2], far[2])
    # and the same pairs as scoring every enterprise in one piece
    whole = scoring.both_ways(*args, query_vectors=qv, exclude=exclude)
    assert whole[0] == local[0]
    assert np.array_equal(whole[2], local[2])
    assert sum(len(t) for t in local[0]) == 5 * len(seekers)
    assert all(0 not in local[0][i] for i in range(0, len(seekers), 10))


def test_a_pool_cut_into_blocks_gives_the_same_pairs_and_scores(
    remote: Batch, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three pool blocks: each seeker's semantic candidates must still be its 50 nearest in
    the whole pool, and its top list the best over all blocks."""
    corpus, seekers, qv = _pool(400, 300)
    monkeypatch.setattr(blocks, "PART", 64)
    monkeypatch.setattr(blocks, "POOL_PART", 150)
    exclude = [{0, 160, 399} if i % 10 == 0 else set() for i in range(len(seekers))]
    args = (corpus, seekers, recommendations.WEIGHTS, 5)
    whole = scoring.both_ways(*args, query_vectors=qv, exclude=exclude)
    local = blocks.both_ways(Batch(), *args, query_vectors=qv, exclude=exclude)
    far = blocks.both_ways(remote, *args, query_vectors=qv, exclude=exclude)
    # Wherever the blocks run, the same result
    assert local[0] == far[0]
    assert np.array_equal(local[1], far[1]) and np.array_equal(local[2], far[2])
    # and the whole pool's, up to the last bit of a score (BLAS sums a block in its own
    # order): each seeker's list scores the same, each patent's best seekers too.
    full = corpus.score(seekers, recommendations.WEIGHTS, qv)
    for i, (cut, ref) in enumerate(zip(local[0], whole[0], strict=True)):
        assert np.allclose(full[i, cut], full[i, ref], rtol=1e-6, atol=0), i
    finite = np.isfinite(whole[2])
    assert np.array_equal(finite, np.isfinite(local[2]))
    assert np.allclose(local[2][finite], whole[2][finite], rtol=1e-6, atol=0)
    assert all({0, 160, 399}.isdisjoint(local[0][i]) for i in range(0, len(seekers), 10))


def _runtime(url: str, data_dir: Path, scheduler: str = "", model: str = "e5") -> Runtime:
    rt = make_runtime(url, data_dir, model=model)
    if not scheduler:
        return rt
    settings = Settings(
        database_url=url, data_dir=str(data_dir), search_model=model, dask_scheduler=scheduler
    )
    return build(settings, rt.engine)


def _ran_on_cluster(remote: Batch, prefix: str) -> bool:
    def seen(dask_scheduler: Any) -> bool:
        return prefix in dask_scheduler.task_prefixes

    return bool(remote.client().run_on_scheduler(seen))


def test_an_index_built_on_the_cluster_answers_the_same(
    remote: Batch, fresh_db: FreshDatabases, tmp_path: Path
) -> None:
    """The index sync job's first build: the Chinese analysis on the workers, the one writer
    here."""
    sample = tmp_path / "sample.jsonl"
    lines = KPPATENT.read_text(encoding="utf-8").splitlines()[:300]
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    answers = []
    for name, scheduler in (("local", ""), ("cluster", remote.address or "")):
        rt = _runtime(fresh_db.url(), tmp_path / name, scheduler, model="none")
        load(rt, constructed.write_jsonl(tmp_path / f"{name}.jsonl"))
        load(rt, sample)
        with unit_of_work(rt.session_factory) as session:
            engine = rt.get(SearchEngine)
            found = [
                search_service.search(session=session, engine=engine, q=q, size=20).hits
                for q in ("锂电池 隔膜", "TI=传感器", "图像识别方法", "AB=方法 AND PT=发明")
            ]
            answers.append([[(h.number, h.score) for h in hits] for hits in found])
        rt.get(Batch).close()
        rt.engine.dispose()
    assert _ran_on_cluster(remote, "fields_part")
    assert all(answers[0]) and answers[0] == answers[1]


def _vectors_by_number(rt: Runtime) -> dict[str, np.ndarray]:
    vi = rt.get(SearchEngine).vector_index()
    assert vi is not None
    with rt.session_factory() as session:
        ids = {n: i for n, i in session.execute(select(Patent.number, Patent.id))}
    out = {}
    for number, pid in ids.items():
        vec = vi.vector(pid)
        assert vec is not None, number
        out[number] = vec
    return out


def test_the_patent_vectors_job_gives_the_same_vectors_on_the_cluster(
    remote: Batch, fresh_db: FreshDatabases, tmp_path: Path
) -> None:
    sample = tmp_path / "sample.jsonl"
    lines = KPPATENT.read_text(encoding="utf-8").splitlines()[:20]
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = []
    for name, scheduler in (("local", ""), ("cluster", remote.address or "")):
        rt = _runtime(fresh_db.url(), tmp_path / name, scheduler)
        load(rt, constructed.write_jsonl(tmp_path / f"{name}.jsonl"))
        load(rt, sample)
        assert worker_of(rt, lanes=("vectors",)).run_until_idle(timeout=300) >= 1
        with rt.session_factory() as session:
            job = session.query(Job).filter(Job.kind == "search.embed").one()
            assert job.state == "succeeded", job.message
            assert ("计算集群" in (job.stage or "")) == bool(scheduler)
        got.append(_vectors_by_number(rt))
        rt.get(Batch).close()
        rt.engine.dispose()
    assert len(got[0]) == 20 + len(constructed.records())
    assert got[0].keys() == got[1].keys()
    assert all(np.array_equal(got[0][n], got[1][n]) for n in got[0])


def _job_runtime(fresh_db: FreshDatabases, tmp_path: Path) -> Runtime:
    url = fresh_db.url()
    engine = make_engine(url)
    migrate.upgrade(engine)
    return build(Settings(database_url=url, data_dir=str(tmp_path), search_model="none"), engine)


def test_a_job_survives_a_worker_killed_mid_task(
    remote: Batch, fresh_db: FreshDatabases, tmp_path: Path
) -> None:
    rt = _job_runtime(fresh_db, tmp_path / "var")
    marker = tmp_path / "killed"

    def run(ctx: Any) -> dict[str, Any]:
        squares = remote.map(
            _die_once,
            list(range(8)),
            shared={"marker": str(marker)},
            on_done=lambda done, total: ctx.progress("计算", done, total, force=True),
        )
        return {"sum": sum(squares)}

    registry = Registry([Kind("test.batch", "批量计算", run)])
    with unit_of_work(rt.session_factory) as session:
        job_id = jobs_service.enqueue(session=session, kind="test.batch").id
    assert Worker(rt.session_factory, registry).run_one()
    assert marker.read_text(encoding="utf-8") == "killed"  # a worker did die mid-batch
    with rt.session_factory() as session:
        job = session.get(Job, job_id)
        assert job is not None
        assert job.state == "succeeded", job.message
        assert job.result == {"sum": sum(x * x for x in range(8))}
        assert (job.done, job.total) == (8, 8)
    rt.engine.dispose()


def test_a_partition_that_keeps_killing_workers_fails_in_chinese(remote: Batch) -> None:
    with pytest.raises(ZhichanError, match="工作进程多次中断"):
        remote.map(_always_die, [1])


@pytest.mark.parametrize("where", ["local", "cluster"])
def test_a_stopping_job_stops_its_batch(where: str, remote: Batch) -> None:
    engine = Batch() if where == "local" else remote
    calls: list[int] = []

    def stop(done: int, total: int) -> None:
        calls.append(done)
        raise Interrupted

    with pytest.raises(Interrupted):
        engine.map(_square, list(range(50)), on_done=stop)
    assert calls == [1]


def test_an_unreachable_scheduler_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_mod, "CONNECT_SECONDS", 1.0)
    with pytest.raises(ConfigError, match="无法连接批量计算集群的调度器"):
        Batch("tcp://127.0.0.1:9").map(_square, [1])


def test_the_setting_takes_only_a_scheduler_address() -> None:
    from zhichan.core import settings as settings_mod

    assert settings_mod.load({"ZHICHAN_DASK_SCHEDULER": "tcp://10.0.0.5:8786"}).dask_scheduler
    with pytest.raises(ConfigError):
        settings_mod.load({"ZHICHAN_DASK_SCHEDULER": "http://10.0.0.5"})


@pytest.mark.parametrize("model", ["e5", "use"])
def test_statute_vectors_are_the_same_on_the_cluster(
    model: str, remote: Batch, fresh_db: FreshDatabases, tmp_path: Path
) -> None:
    """The Patent Law's articles and paragraphs, embedded by ``law.embed``'s service call."""
    engine, factory = patent_law_only(fresh_db.url(), tmp_path)
    got = []
    for name, engine_batch in (("local", Batch()), ("cluster", remote)):
        with factory() as session:
            n = law_service.embed_articles(
                session=session, data_dir=tmp_path / name, model=model, batch=engine_batch
            )
            units = law_service.embedded_units(session=session)
        matrix = VectorCache(tmp_path / name / "law", model).matrix(units)
        assert matrix is not None and n == len(units)
        got.append(matrix)
    assert np.array_equal(got[0], got[1])
    engine.dispose()


def test_the_engine_command_says_where_batches_run(remote: Batch, tmp_path: Path) -> None:
    # A real process: the in-process CLI would reconfigure this process's logging, which the
    # cluster's scheduler thread shares. The command reads no table: any database will do.
    cli = Cli(f"sqlite:///{tmp_path}/engine.db", tmp_path, real=True)
    local = cli("jobs", "engine")
    assert local.returncode == 0 and "调度器：本机 Dask 本地线程调度" in local.stdout
    far = cli("jobs", "engine", "--json", ZHICHAN_DASK_SCHEDULER=remote.address or "")
    assert far.returncode == 0, far.stderr
    info = json.loads(far.stdout)
    assert info["scheduler"] == remote.address
    assert info["workers"] == WORKERS and info["threads"] == WORKERS
    bad = cli("jobs", "engine", ZHICHAN_DASK_SCHEDULER="http://nowhere")
    assert bad.returncode == 2 and "dask_scheduler" in bad.stderr


def test_indicators_are_judged_the_same_on_the_cluster(
    remote: Batch, fresh_db: FreshDatabases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every verdict row, count and earlier year-end: the constructed records with the
    office's loaded inputs, the 57 real Chinese records of the CPC sample
    and 200 of the real Chinese abstracts, in pages of 40 judged three to a window."""
    monkeypatch.setattr(compute, "BATCH", 40)
    monkeypatch.setattr(compute, "WINDOW", 3)
    engine, factory, _world = seeded(fresh_db.url())
    sample = tmp_path / "sample.jsonl"
    lines = KPPATENT.read_text(encoding="utf-8").splitlines()[:200]
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cncpc = sorted((SHARED / "data/patents/cn-cpc-sample").glob("*.csv"))
    for path in (
        indicators_constructed.write_jsonl(tmp_path / "constructed.jsonl"),
        *cncpc,
        sample,
    ):
        patents_service.import_file(factory=factory, path=path, principal=OPERATOR)
    with unit_of_work(factory, OPERATOR) as session:
        for kind in ("families", "pledges", "awards", "flags"):
            data = indicators_constructed.FILES[kind].encode("utf-8")
            indicators_service.load_file(
                session=session, principal=OPERATOR, kind=kind, filename=f"{kind}.csv", data=data
            )
    params = Params(reference_date=date(2025, 12, 31), pledge_threshold=Decimal("500000"))
    got = []
    for where in (Batch(), remote):
        progress: list[tuple[int, int]] = []
        with unit_of_work(factory, OPERATOR, will_write=True) as session:
            counts = compute.run(
                session=session,
                params=params,
                batch=where,
                on_progress=lambda done, total, seen=progress.append: seen((done, total)),
            )
        with factory() as session:
            rows = [
                {
                    k: v
                    for k, v in vars(r).items()
                    if k not in ("id", "computed_at", "_sa_instance_state")
                }
                for r in session.scalars(select(Result).order_by(Result.patent_id))
            ]
            years = [
                (h.year, h.region, h.valid_inventions, h.high_value)
                for h in session.scalars(select(History).order_by(History.year, History.region))
            ]
        got.append((counts, rows, years))
        assert progress[-1][0] == progress[-1][1] == counts["patents"]
    assert _ran_on_cluster(remote, "judge")
    assert got[0] == got[1]
    counts, rows, years = got[0]
    assert counts["patents"] == len(rows) == 7 + 57 + 200 and counts["yes"] >= 2
    assert {r["high_value"] for r in rows} == {"yes", "no", "unknown"}
    assert any(r["disagree"] for r in rows) and years
    engine.dispose()


def test_candidates_from_the_vector_graph_match_the_exhaustive_lists(
    remote: Batch, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pool past ``candidates.FROM`` (lowered here) is scored only against each enterprise's
    nearest patents, best patents by words and the patents that have it among their nearest
    enterprises: the same result locally and on the cluster, and nearly the exhaustive lists
    with the very same scores (1,200 real patents, 400 real needs, candidates a small part of
    the pool)."""
    corpus, seekers, qv = real_pool(KPPATENT, 1200, 400)
    for name, value in (
        ("FROM", 0),
        ("NEAREST", 100),
        ("WORDS", 50),
        ("REVERSE", 40),
        ("REVERSE_PART", 500),
    ):
        monkeypatch.setattr(candidates, name, value)
    monkeypatch.setattr(blocks, "PART", 128)
    exclude = [{0, 700} if i % 10 == 0 else set() for i in range(len(seekers))]
    args = (corpus, seekers, recommendations.WEIGHTS, 5)
    stages: dict[str, tuple[int, int]] = {}
    local = blocks.both_ways(
        Batch(),
        *args,
        query_vectors=qv,
        exclude=exclude,
        on_done=lambda done, total: stages.update({"scoring": (done, total)}),
        progress=lambda name, done, total: stages.update({name: (done, total)}),
    )
    # Every stage reported to its end: the two graphs, the reverse search, the scoring
    assert stages == {
        "建立专利的语义近邻图": (1200, 1200),
        "建立企业的语义近邻图": (400, 400),
        "查找每件专利的近邻企业": (3, 3),
        "scoring": (4, 4),
    }
    far = blocks.both_ways(remote, *args, query_vectors=qv, exclude=exclude)
    assert _ran_on_cluster(remote, "partition_tops") and _ran_on_cluster(remote, "reverse_part")
    assert local[0] == far[0]
    assert np.array_equal(local[1], far[1]) and np.array_equal(local[2], far[2])
    whole = scoring.both_ways(*args, query_vectors=qv, exclude=exclude)
    assert pair_recall([set(t) for t in local[0]], [set(t) for t in whole[0]]) >= 0.99
    by_patent = [
        [
            {int(r) for r, v in zip(rows[:, j], vals[:, j], strict=True) if v > 0 and r >= 0}
            for j in range(len(corpus.docs))
        ]
        for _, rows, vals in (local, whole)
    ]
    assert pair_recall(by_patent[0], by_patent[1]) >= 0.99
    # Each pair is scored as the exhaustive scoring scores it (to rounding: other BLAS shapes)
    full = corpus.score(seekers, recommendations.WEIGHTS, qv)
    paired = (local[2] > 0) & (local[1] >= 0)
    patents = np.broadcast_to(np.arange(len(corpus.docs)), paired.shape)
    assert paired.sum() > 1000
    assert np.allclose(local[2][paired], full[local[1][paired], patents[paired]], rtol=1e-5, atol=0)
    assert all({0, 700}.isdisjoint(local[0][i]) for i in range(0, len(seekers), 10))


def test_the_vector_graph_is_the_same_every_time_it_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _corpus, _seekers, qv = real_pool(KPPATENT, 0, 300)
    first, again = candidates.build(qv), candidates.build(qv)
    assert first.digest == again.digest and first.data == again.data
    # Built in steps (for progress) it is the very same graph
    monkeypatch.setattr(candidates, "BUILD_STEP", 64)
    steps: list[int] = []
    stepped = candidates.build(qv, lambda done, _total: steps.append(done))
    assert stepped.data == first.data and steps == [64, 128, 192, 256, 300]
    near = candidates.nearest(first, qv[:5], 10)
    assert [int(n[0]) for n in near] == [0, 1, 2, 3, 4]  # each vector's nearest is itself
    assert [len(n) for n in candidates.nearest(first, qv[:2], 0)] == [0, 0]  # a count of 0: none


def test_pair_scores_are_the_matrix_scores() -> None:
    """Candidates are scored pair by pair: every signal (own patents included) and the
    evidence rule give what the matrix scoring gives, to the rounding of the sums."""
    corpus, seekers, qv = real_pool(KPPATENT, 300, 60)
    seekers = [
        replace(s, own_texts=(corpus.docs[i].text,)) if i % 4 == 0 else s
        for i, s in enumerate(seekers)
    ]
    weights = recommendations.WEIGHTS
    n = len(corpus.docs)
    rows = np.repeat(np.arange(len(seekers)), n)
    docs = np.tile(np.arange(n), len(seekers))
    texts = corpus.vocabulary.encode(corpus.analyse, [s.text for s in seekers])
    pairs = scoring.pair_signals(corpus, seekers, texts, rows, docs, weights, qv)
    floor = scoring.nth_largest(
        pairs.parts["semantic"].reshape(len(seekers), n), scoring.SEMANTIC_CANDIDATES
    )
    got = scoring.pair_scores(pairs, weights, floor).reshape(len(seekers), n)
    full = corpus.score(seekers, weights, qv, semantic_floor=floor)
    assert pairs.parts["own"].max() > 0 and (full > 0).sum() > len(seekers) * 50
    # Only a pair whose similarity is the floor itself may count on one side and not the
    # other (its two sums differ in the last bit); every other score agrees.
    sims = pairs.parts["semantic"].reshape(len(seekers), n)
    flipped = (got > 0) != (full > 0)
    assert flipped.sum() <= len(seekers)
    assert np.allclose(sims[flipped], np.broadcast_to(floor[:, None], sims.shape)[flipped])
    assert np.allclose(got[~flipped], full[~flipped], rtol=1e-5, atol=1e-6)
