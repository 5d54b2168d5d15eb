"""A worker process collects cyclic garbage less often than Python's default (workbench.celery)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from celery.signals import worker_init, worker_process_init

from workbench.celery import GC_THRESHOLD, _tune_worker_process


@pytest.fixture
def restored_gc() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_each_prefork_process_freezes_what_it_loaded_and_collects_less_often(restored_gc: None) -> None:
    assert gc.get_threshold() != GC_THRESHOLD
    worker_process_init.send(sender=None)  # as celery sends it in each process of its pool
    assert gc.get_threshold() == GC_THRESHOLD
    assert gc.get_freeze_count() > 10_000  # Django, the apps, the settings: out of every collection


def test_the_solo_pools_process_is_tuned_too() -> None:
    """worker_init reaches the process that runs the tasks with --pool solo (and the prefork
    parent, whose settings its children inherit). Not sent here: celery's Django fixup wants a
    real worker as its sender."""
    receivers = [ref() for _, ref in worker_init.receivers]
    assert _tune_worker_process in receivers
