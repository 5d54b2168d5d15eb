"""benchmarks/engine_quality.py's cross-validation of find_similar's ranking mix: no query is
scored with a setting chosen on it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def quality() -> ModuleType:
    spec = importlib.util.spec_from_file_location("engine_quality", ROOT / "benchmarks" / "engine_quality.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "benchmarks"))  # as when it runs: its neighbours are modules
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return module


def test_a_setting_best_everywhere_is_chosen_by_every_fold(quality: ModuleType) -> None:
    scores = [[0.5, 0.9, 0.1] for _ in range(10)]
    result, chosen = quality.cross_validate(scores, folds=5, default=0)
    assert chosen == [1] * 5
    assert result == [0.9] * 10


def test_a_query_is_never_scored_with_the_setting_it_alone_made_best(quality: ModuleType) -> None:
    """Setting 2 wins only because of query 0 (10 against 1 on each of the others): the folds that
    train on query 0 choose it, the fold that holds query 0 out does not, so query 0 scores 0."""
    scores = [[0.0, 0.0, 10.0]] + [[1.0, 0.5, 0.0] for _ in range(9)]
    result, chosen = quality.cross_validate(scores, folds=5, default=1)
    assert sorted(chosen) == [0, 2, 2, 2, 2]
    assert result[0] == 0.0
    assert sum(1 for score in result[1:] if score == 1.0) == 1  # the fold that held query 0 out
    assert sum(1 for score in result[1:] if score == 0.0) == 8


def test_ties_go_to_the_default_setting(quality: ModuleType) -> None:
    scores = [[0.5, 0.5, 0.5] for _ in range(6)]
    _, chosen = quality.cross_validate(scores, folds=3, default=2)
    assert chosen == [2, 2, 2]


def test_the_grid_holds_the_shipped_mix(quality: ModuleType) -> None:
    from claims.matching.score import RankingMix

    assert tuple(RankingMix()) in quality.MIX_GRID
