"""One engine for batch work: Dask.

A batch task is a function applied to partitions (a slice of texts, a block of enterprises)
with the same shared inputs (the model's name, the pool's corpus). Where it runs is a setting:

* no scheduler set — Dask's local threaded scheduler inside this process: no cluster, no
  daemon, nothing to start (a laptop, the test suite);
* ``ZHICHAN_DASK_SCHEDULER=tcp://host:8786`` — a dask.distributed cluster: the partitions go to
  its workers, each of which loads a model once and keeps it (``zhichan.fulltext.vectors``
  caches it per process), and a partition whose worker dies is run again elsewhere.

Partitions are cut by the caller, never by the scheduler, so either way the same functions see
the same inputs and the results — returned in partition order — are the same. Progress is
counted from finished partitions.
"""

from __future__ import annotations

import itertools
import os
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from zhichan.core.errors import ConfigError, ZhichanError

T = TypeVar("T")
R = TypeVar("R")
OnDone = Callable[[int, int], None]
#: A job's progress by stage: ``(stage, done, total)``.
Progress = Callable[[str, int, int], None]

#: On a cluster, a partition that raises is run again this many times (a worker that dies is
#: handled by the scheduler itself: ``distributed.scheduler.allowed-failures``); locally an
#: error is raised at once, as any error in the job's own process.
RETRIES = 2
#: How long connecting to a cluster's scheduler may take.
CONNECT_SECONDS = 10.0
#: Graphs up to this size go without Dask's "large graph" warning (the corpus of a national pool).
LARGE_GRAPH = "4GB"
UNREACHABLE = "无法连接批量计算集群的调度器 {address}：{reason}"
LOST = "批量计算集群的工作进程多次中断，本批任务未能完成：{reason}"


def partitions(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` in consecutive slices of ``size`` (the last may be shorter)."""
    if size < 1:
        raise ValueError("partition size must be positive")
    return [items[i : i + size] for i in range(0, len(items), size)]


def stage(progress: Progress | None, name: str) -> OnDone | None:
    """``progress`` for one stage, as a batch's ``on_done``."""
    if progress is None:
        return None
    return lambda done, total: progress(name, done, total)


def windows(pages: Iterable[T], size: int) -> Iterator[list[T]]:
    """``pages`` (read lazily) in groups of ``size``: one batch's partitions at a time, so a job
    that reads and writes in its own process holds at most ``size`` pages of results."""
    if size < 1:
        raise ValueError("window size must be positive")
    group: list[T] = []
    for page in pages:
        group.append(page)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group


class _Skipped(Exception):
    """A part that did not run because another part stopped the batch."""


class Batch:
    """Runs ``fn(partition, **shared)`` over partitions, locally or on a cluster."""

    def __init__(self, address: str | None = None, *, threads: int | None = None) -> None:
        self.address = address or None
        self.threads = threads or os.cpu_count() or 1
        self._client: Any = None
        self._lock = threading.Lock()

    def describe(self) -> dict[str, Any]:
        """Where batches run and with what: the cluster's workers, threads and memory."""
        if self.address is None:
            return {"scheduler": "本机 Dask 本地线程调度", "threads": self.threads}
        info = self.client().scheduler_info(n_workers=-1)
        workers = info.get("workers", {}).values()
        return {
            "scheduler": self.address,
            "workers": len(workers),
            "threads": sum(w.get("nthreads", 0) for w in workers),
            "memory_gb": round(sum(w.get("memory_limit", 0) for w in workers) / 2**30, 1),
        }

    @property
    def where(self) -> str:
        """Where batches run, in words a job's stage can show anyone who sees the job (no
        address: ``zhichan jobs engine`` gives operators the details)."""
        return "本机计算" if self.address is None else "计算集群"

    def map(
        self,
        fn: Callable[..., R],
        parts: Sequence[Any],
        *,
        shared: dict[str, Any] | None = None,
        on_done: OnDone | None = None,
    ) -> list[R]:
        """``fn(part, **shared)`` for every part, results in the parts' order. ``on_done(done,
        total)`` is called after each finished part, one call at a time; whatever it raises
        (a stopping job's ``Interrupted``) stops the batch and is raised here."""
        if not parts:
            return []
        if self.address is None:
            return self._local(fn, parts, shared or {}, on_done)
        return self._cluster(fn, parts, shared or {}, on_done)

    # ---- the local threaded scheduler -----------------------------------------------------
    def _local(
        self,
        fn: Callable[..., R],
        parts: Sequence[Any],
        shared: dict[str, Any],
        on_done: OnDone | None,
    ) -> list[R]:
        import dask
        from dask import delayed

        total, counter, lock = len(parts), itertools.count(1), threading.Lock()
        stopped: list[BaseException] = []

        def one(part: Any, **kw: Any) -> R:
            if stopped:  # a part already stopped the batch: the rest do not start
                raise _Skipped
            result = fn(part, **kw)
            if on_done is not None:
                with lock:
                    if stopped:
                        raise _Skipped
                    try:
                        on_done(next(counter), total)
                    except BaseException as exc:
                        stopped.append(exc)
                        raise
            return result

        prefix = f"zhichan-{uuid.uuid4().hex[:12]}"
        # Shared inputs enter the graph once each, as literals: Dask neither hashes nor walks
        # a large corpus.
        kw = {
            name: delayed(value, name=f"{prefix}-{name}", traverse=False)
            for name, value in shared.items()
        }
        tasks = [
            delayed(one, pure=False)(
                delayed(part, name=f"{prefix}-part-{i}", traverse=False),
                dask_key_name=f"{prefix}-{i}",
                **kw,
            )
            for i, part in enumerate(parts)
        ]
        try:
            return list(dask.compute(*tasks, scheduler="threads", num_workers=self.threads))
        except BaseException:
            if stopped:
                raise stopped[0] from None
            raise

    # ---- a dask.distributed cluster -------------------------------------------------------
    def client(self) -> Any:
        """This process's client of the cluster (connected on first use)."""
        with self._lock:
            if self._client is None:
                from distributed import Client

                try:
                    self._client = Client(
                        self.address, timeout=CONNECT_SECONDS, set_as_default=False
                    )
                except (OSError, TimeoutError) as exc:
                    raise ConfigError(
                        UNREACHABLE.format(address=self.address, reason=exc),
                        details={"setting": "dask_scheduler"},
                    ) from None
            return self._client

    def _cluster(
        self,
        fn: Callable[..., R],
        parts: Sequence[Any],
        shared: dict[str, Any],
        on_done: OnDone | None,
    ) -> list[R]:
        import dask
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        client = self.client()
        # Shared inputs are tasks, not scattered data: a worker that dies loses its copy, and
        # the scheduler can compute a task again but cannot bring scattered data back.
        # A pool's corpus is a graph of a few hundred MB on purpose: sent once, not per part.
        with dask.config.set({"distributed.admin.large-graph-warning-threshold": LARGE_GRAPH}):
            kw = {name: client.submit(_value, value, pure=False) for name, value in shared.items()}
            futures = client.map(fn, list(parts), pure=False, retries=RETRIES, **kw)
        place = {f.key: i for i, f in enumerate(futures)}
        results: list[Any] = [None] * len(parts)
        try:
            for n, future in enumerate(as_completed(futures, loop=client.loop), start=1):
                results[place[future.key]] = future.result()
                if on_done is not None:
                    on_done(n, len(parts))
        except KilledWorker as exc:
            raise ZhichanError(LOST.format(reason=exc)) from None
        finally:
            client.cancel([f for f in futures if not f.done()])
            client.cancel(list(kw.values()))
        return results

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None


def _value(value: T) -> T:
    return value


def of(address: str | None) -> Batch:
    """The engine for a ``dask_scheduler`` setting (empty: the local scheduler)."""
    return Batch(address)
