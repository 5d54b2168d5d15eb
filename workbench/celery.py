import gc
import os
from typing import Any

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")

app = Celery("workbench")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# A worker process's cyclic garbage collector: a full collection walks every live container, and
# a worker keeps many (the gazetteer, up to 20,000 claims' parsed features). With Python's
# default thresholds (700, 10, 10) collections took 270 of 870 ms of CPU of a 200-claim check
# batch at 100,000 claims; with these, 600 ms. Nearly all garbage a check makes is freed by
# reference counting; the young generations are still collected every 50,000 allocations.
GC_THRESHOLD = (50_000, 20, 20)


def tune_worker_process() -> None:
    """Freeze what the process loaded at start (never garbage, never walked again) and collect
    less often."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


@worker_init.connect  # the process that runs the tasks (solo pool), or the parent of those that do
@worker_process_init.connect  # each process of the prefork pool, which also inherits the parent's
def _tune_worker_process(**kwargs: Any) -> None:
    tune_worker_process()
