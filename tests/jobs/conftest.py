"""A real dask.distributed LocalCluster of two worker processes, for the modules that test the
batch engine and a deployment against it (each module starts its own)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from typing import Any

import cloudpickle
import dask
import pytest

from zhichan.jobs.batch import Batch

WORKERS = 2


@pytest.fixture(scope="module")
def cluster(request: pytest.FixtureRequest) -> Iterator[Any]:
    from distributed import LocalCluster

    # The test module's helpers travel to the workers by value (workers need not import tests).
    module = sys.modules[request.module.__name__]
    cloudpickle.register_pickle_by_value(module)
    # The scheduler runs in this process and logs from its own thread: at INFO its lines would
    # reach a handler bound to a stream pytest has closed by then.
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    # A partition whose worker died once is run again; a second death gives up (KilledWorker).
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 1}),
        LocalCluster(
            n_workers=WORKERS,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        ) as c,
    ):
        yield c
    cloudpickle.unregister_pickle_by_value(module)
    quiet.setLevel(level)


@pytest.fixture
def remote(cluster: Any) -> Iterator[Batch]:
    b = Batch(cluster.scheduler_address)
    b.client().wait_for_workers(WORKERS, timeout=120)
    yield b
    b.close()
