"""The benchmarks' dask.distributed cluster: local worker processes of one thread each (one per
core, as docs/deploy.md runs them), and a Batch connected to it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from zhichan.jobs.batch import Batch


@contextmanager
def local_batch(workers: int) -> Iterator[Batch]:
    """A fresh LocalCluster of ``workers`` processes, its workers up, and a Batch on it."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        batch = Batch(cluster.scheduler_address)
        batch.client().wait_for_workers(workers, timeout=120)
        try:
            yield batch
        finally:
            batch.close()
