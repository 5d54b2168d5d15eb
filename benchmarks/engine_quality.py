#!/usr/bin/env python
"""Quality of the similarity and relation engine, on three sets; prints tables and the machine.

1. Development set (benchmarks/engine_devset/): the 66 demo claims from the seeds plus 150
   variants the team wrote (spellings, Arabic translations, denials, changed figures, rival
   control, reversals, look-alike events, re-posts), with 215 labelled pairs. All 216 claims are
   imported into a fresh workspace and checked by the engine as the workers would; then
   * recall@5: a gold link counts as found when either claim has the other among its 5
     strongest suggestions;
   * relation correct: of the found links, how many carry the gold relation ("duplicate" and
     "corroborates" both count as agreeing);
   * look-alikes suggested as corroboration: of the gold "unrelated" look-alike pairs, how many
     the engine suggested as corroborates or duplicate;
   * `relate` accuracy: the same gold pairs, decided from their two texts alone.
2. CheckThat! 2020 and 2021 (English tweets vs fact-checked claims, ../shared/datasets, read in
   place): every claim (text and title) is imported into a workspace, its character n-grams
   are counted (as a worker's hourly task would), each dev tweet is asked with
   `find_similar`, and MAP@5 is computed; beside it, a TF-IDF baseline over word 1-2-grams
   and character 3-5-grams (scikit-learn, cosine), run here on the same data, the 95%
   interval of the difference (a paired bootstrap over the queries) and its p-value (a paired
   permutation test). With --cross-validate, also the train tweets, each fifth of them ranked
   with the find_similar mix that ranks best on the other four fifths (cross_validated_mix).
3. ANS (Arabic headline pairs, agree / disagree / other): `relate` on each dev pair;
   accuracy and macro-F1, with agree = corroborates, disagree = contradicts, other = the rest.

    .venv/bin/python benchmarks/engine_quality.py            # all three, SQLite in a temp dir
    .venv/bin/python benchmarks/engine_quality.py --only devset
    .venv/bin/python benchmarks/engine_quality.py --only checkthat --cross-validate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wb_quality .venv/bin/python benchmarks/engine_quality.py

With DATABASE_URL the named PostgreSQL database is dropped and created first.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from common import engine_machine_line, recreate_database

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "benchmarks" / "engine_devset"
DEMO_CLAIMS = ROOT / "claims" / "demo_data" / "claims.jsonl"
DATASETS = Path(os.environ.get("WORKBENCH_DATASETS_DIR", ROOT.parent / "shared" / "datasets"))
AGREE = {"corroborates", "duplicate"}


def setup_django(workdir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    os.environ["DEBUG"] = "1"
    os.environ["SECRET_KEY"] = "benchmark-only-" + "k" * 40
    os.environ["WORKBENCH_VAR_DIR"] = str(workdir)
    os.environ.pop("REDIS_URL", None)  # tasks run in this process
    url = os.environ.get("DATABASE_URL")
    if url:
        recreate_database(url)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/quality.sqlite3"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_gazetteer", verbosity=0)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def import_rows(rows: Iterable[dict[str, Any]], slug: str, workdir: Path) -> float:
    """Import through the real importer; returns seconds (import plus the engine's checks)."""
    from django.core.management import call_command

    path = workdir / f"{slug}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    start = time.perf_counter()
    call_command("import_claims", str(path), "--workspace", slug, verbosity=0)
    return time.perf_counter() - start


# --- 1. the development set --------------------------------------------------------------------


def devset(workdir: Path) -> dict[str, Any]:
    from claims.matching.score import PRIORITY_BONUS
    from claims.models import Claim, Link, LinkOrigin
    from claims.services.matching import relate_texts
    from workspaces.models import Workspace

    demo = [
        {k: v for k, v in row.items() if k not in ("status", "credibility", "tags", "figures")}
        for row in read_jsonl(DEMO_CLAIMS)
    ]
    variants = read_jsonl(DEVSET / "claims.jsonl")
    gold = read_jsonl(DEVSET / "gold.jsonl")
    seconds = import_rows([*demo, *variants], "devset", workdir)
    workspace = Workspace.objects.get(slug="devset")
    ids = dict(Claim.objects.filter(workspace=workspace).values_list("external_id", "pk"))
    texts = {row["id"]: row for row in [*demo, *variants]}

    suggestions: dict[int, list[tuple[float, int, str]]] = {}
    relation_of: dict[frozenset[int], str] = {}
    bonus = PRIORITY_BONUS
    for a, b, relation, score in Link.objects.filter(
        workspace=workspace, origin=LinkOrigin.SUGGESTED
    ).values_list("from_claim_id", "to_claim_id", "relation", "score"):
        # A claim's suggestions in the order the engine presents them (contradictions first).
        priority = (score or 0.0) + bonus.get(relation, 0.0)
        suggestions.setdefault(a, []).append((priority, b, relation))
        suggestions.setdefault(b, []).append((priority, a, relation))
        relation_of[frozenset((a, b))] = relation
    top5 = {
        pk: {other for _, other, _ in sorted(items, reverse=True)[:5]} for pk, items in suggestions.items()
    }

    linked = [g for g in gold if g["relation"] != "unrelated"]
    found = correct = strict = 0
    by_kind: Counter[str] = Counter()
    found_kind: Counter[str] = Counter()
    correct_kind: Counter[str] = Counter()
    misses: list[str] = []
    for g in linked:
        a, b = ids[g["a"]], ids[g["b"]]
        by_kind[g["kind"]] += 1
        if b in top5.get(a, set()) or a in top5.get(b, set()):
            found += 1
            found_kind[g["kind"]] += 1
            predicted = relation_of[frozenset((a, b))]
            ok = predicted == g["relation"] or (predicted in AGREE and g["relation"] in AGREE)
            correct += ok
            strict += predicted == g["relation"]
            correct_kind[g["kind"]] += ok
            if not ok:
                misses.append(
                    f"  wrong relation {predicted} (gold {g['relation']}, {g['kind']}): {g['a']} / {g['b']}"
                )
        else:
            misses.append(f"  not found ({g['relation']}, {g['kind']}): {g['a']} / {g['b']}")
    lookalikes = [g for g in gold if g["relation"] == "unrelated"]
    wrongly = sum(relation_of.get(frozenset((ids[g["a"]], ids[g["b"]]))) in AGREE for g in lookalikes)

    relate_ok = 0
    for g in gold:
        first, second = texts[g["a"]], texts[g["b"]]
        verdict = relate_texts(
            first["text"],
            second["text"],
            a_published=_date(first.get("published")),
            b_published=_date(second.get("published")),
        )
        predicted = "corroborates" if verdict.relation == "duplicate" else verdict.relation
        expected = "corroborates" if g["relation"] == "duplicate" else g["relation"]
        relate_ok += predicted == expected
    return {
        "claims": len(ids),
        "seconds": seconds,
        "gold_links": len(linked),
        "recall_at_5": found / len(linked),
        "relation_correct": correct / max(1, found),
        "relation_strict": strict / max(1, found),
        "lookalikes": len(lookalikes),
        "lookalikes_as_corroboration": wrongly / max(1, len(lookalikes)),
        "relate_accuracy": relate_ok / len(gold),
        "suggestions": len(relation_of),
        "by_kind": {k: (by_kind[k], found_kind[k], correct_kind[k]) for k in sorted(by_kind)},
        "misses": misses,
    }


def _date(value: str | None) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(value) if value else None


# --- 2. CheckThat! retrieval -------------------------------------------------------------------


def average_precision_at_5(ranked: list[str], relevant: set[str]) -> float:
    hits, total = 0, 0.0
    for i, claim in enumerate(ranked[:5], start=1):
        if claim in relevant:
            hits += 1
            total += hits / i
    return total / min(5, len(relevant)) if relevant else 0.0


def read_queries(folder: Path, split: str) -> tuple[list[dict[str, Any]], dict[str, set[str]]]:
    queries = read_jsonl(folder / f"{split}_queries.jsonl")
    qrels: dict[str, set[str]] = {}
    for row in read_jsonl(folder / f"{split}_qrels.jsonl"):
        qrels.setdefault(row["query_id"], set()).add(row["claim_id"])
    return queries, qrels


def checkthat(name: str, workdir: Path, *, cross_validate: bool = False) -> dict[str, Any]:
    from claims.services.grams import gram_counts_rebuild
    from claims.services.matching import similar_to_text
    from workspaces.models import Workspace

    folder = DATASETS / name
    corpus = read_jsonl(folder / "corpus.jsonl")
    queries, qrels = read_queries(folder, "dev")
    rows = (
        {
            "id": c["id"],
            "text": f"{c['text']}\n{c.get('title') or ''}".strip(),
            "source": "Snopes",
            "language": "en",
        }
        for c in corpus
    )
    seconds = import_rows(rows, name, workdir)
    workspace = Workspace.objects.get(slug=name)
    # What a worker's hourly task does after an import: find_similar's n-gram counts.
    start = time.perf_counter()
    gram_counts_rebuild(workspace_id=workspace.pk)
    count_seconds = time.perf_counter() - start
    engine_ap = []
    start = time.perf_counter()
    for query in queries:
        matches = similar_to_text(workspace_id=workspace.pk, text=query["text"], top=5)
        engine_ap.append(
            average_precision_at_5([str(m["claim"]) for m in matches], qrels.get(query["id"], set()))
        )
    per_query_ms = (time.perf_counter() - start) * 1000 / len(queries)

    baseline_ap = tfidf_baseline(corpus, queries, qrels)
    result = {
        "corpus": len(corpus),
        "queries": len(queries),
        "import_seconds": seconds,
        "count_seconds": count_seconds,
        "per_query_ms": per_query_ms,
        **compared(engine_ap, baseline_ap),
    }
    if cross_validate:
        train, train_qrels = read_queries(folder, "train")
        result["cross_validated"] = cross_validated_mix(workspace.pk, corpus, train, train_qrels)
    return result


def compared(engine_ap: list[float], baseline_ap: list[float]) -> dict[str, Any]:
    """The engine's and the baseline's MAP@5 over the same queries, and how sure the lead is."""
    differences = [engine - baseline for engine, baseline in zip(engine_ap, baseline_ap, strict=True)]
    return {
        "queries": len(engine_ap),
        "engine_map5": sum(engine_ap) / len(engine_ap),
        "baseline_map5": sum(baseline_ap) / len(baseline_ap),
        "difference_interval": paired_bootstrap(differences),
        "permutation_p": paired_permutation_p(differences),
        "engine_better": sum(d > 0 for d in differences),
        "engine_worse": sum(d < 0 for d in differences),
    }


# The weights of find_similar's ranking mix the cross-validation chooses among (RankingMix:
# words against characters, then word counts and word pairs): the shipped 0.4 / 0.2 / 0.1 and
# its neighbours.
MIX_GRID = [
    (words, counts, pairs)
    for words in (0.3, 0.4, 0.5)
    for counts in (0.1, 0.2, 0.3)
    for pairs in (0.0, 0.1, 0.2)
]
FOLDS = 5


def cross_validated_mix(
    workspace_id: int, corpus: list[dict[str, Any]], queries: list[dict[str, Any]], qrels: dict[str, set[str]]
) -> dict[str, Any]:
    """find_similar on the train queries, its ranking mix chosen by five-fold cross-validation:
    each fifth of the queries is ranked with the weights (from MIX_GRID) that score best on the
    other four fifths, so no query is scored with weights chosen on it. Against the TF-IDF
    baseline on the same queries. Covers the mix's weights, not the design of its parts (which
    earlier sessions found by looking at train queries)."""
    from claims.matching.score import RankingMix
    from claims.services.matching import claim_refs

    candidates = [ranking_candidates(workspace_id, query["text"]) for query in queries]
    refs = claim_refs(m.claim_id for found in candidates for m in found)
    relevant = [qrels.get(query["id"], set()) for query in queries]
    mixes = [RankingMix(*weights) for weights in MIX_GRID]
    # AP@5 of every query under every mix (queries x mixes).
    ap = [
        [average_precision_at_5(ranked_refs(found, mix, refs), gold) for mix in mixes]
        for found, gold in zip(candidates, relevant, strict=True)
    ]
    engine_ap, chosen = cross_validate(ap, folds=FOLDS, default=mixes.index(RankingMix()))
    baseline_ap = tfidf_baseline(corpus, queries, qrels)
    shipped = [row[mixes.index(RankingMix())] for row in ap]
    return {
        **compared(engine_ap, baseline_ap),
        "shipped_map5": sum(shipped) / len(shipped),
        "chosen": [MIX_GRID[index] for index in chosen],
    }


def cross_validate(
    scores: list[list[float]], *, folds: int, default: int, seed: int = 0
) -> tuple[list[float], list[int]]:
    """K-fold choice among settings: `scores[query][setting]`; each fold's queries get the
    setting with the best mean score over the other folds' queries (ties to `default`, then to
    the first). Returns each query's score under its fold's choice, in the queries' order, and
    the setting each fold chose. The folds are a fixed shuffle of the queries (`seed`)."""
    order = list(range(len(scores)))
    random.Random(seed).shuffle(order)
    settings = range(len(scores[0]))
    result = [0.0] * len(scores)
    chosen = []
    for fold in range(folds):
        held_out = set(order[fold::folds])
        rest = [row for index, row in enumerate(scores) if index not in held_out]

        def training_score(setting: int, rest: list[list[float]] = rest) -> tuple[float, bool]:
            return sum(row[setting] for row in rest), setting == default

        best = max(settings, key=training_score)
        chosen.append(best)
        for index in held_out:
            result[index] = scores[index][best]
    return result, chosen


def ranking_candidates(workspace_id: int, text: str) -> list[Any]:
    """find_similar's candidates for a text, each with its ranking parts, as it ranks them."""
    from claims.services.matching import CANDIDATES, find_matches, text_features

    return find_matches(
        workspace_id, text_features(text), limit=CANDIDATES, keep_unrelated=True, corpus_weights=True
    )


def ranked_refs(matches: list[Any], mix: Any, refs: dict[int, Any], top: int = 5) -> list[str]:
    """The external ids (`refs`) of the first `top` candidates, ranked as find_similar ranks them
    with the ranking mix `mix`."""
    from dataclasses import replace

    from claims.services.matching import most_alike_first

    reranked = [replace(m, similarity=round(m.parts.score(mix), 3)) for m in matches]
    return [str(refs.get(m.claim_id, m.claim_id)) for m in sorted(reranked, key=most_alike_first)[:top]]


def paired_bootstrap(differences: list[float]) -> tuple[float, float]:
    """The 95% interval of the mean per-query difference (engine minus baseline), by resampling
    the queries with replacement (scipy's bootstrap, percentile method, 10,000 resamples, fixed
    seed): whether the engine beats the baseline by more than which queries happened to be
    asked. An interval that holds 0 is no clear win."""
    import numpy as np
    from scipy.stats import bootstrap

    result = bootstrap(
        (differences,),
        statistic=np.mean,
        n_resamples=10_000,
        method="percentile",
        random_state=0,
    )
    return float(result.confidence_interval.low), float(result.confidence_interval.high)


def tfidf_baseline(
    corpus: list[dict[str, Any]], queries: list[dict[str, Any]], qrels: dict[str, set[str]]
) -> list[float]:
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [f"{c['text']} {c.get('title') or ''}" for c in corpus]
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)
    matrix = hstack([words.fit_transform(docs), chars.fit_transform(docs)]).tocsr()
    texts = [q["text"] for q in queries]
    asked = hstack([words.transform(texts), chars.transform(texts)]).tocsr()
    scores = (asked @ matrix.T).toarray()
    ap = []
    for query, row in zip(queries, scores, strict=True):
        best = row.argsort()[::-1][:5]
        ap.append(average_precision_at_5([corpus[i]["id"] for i in best], qrels.get(query["id"], set())))
    return ap


def paired_permutation_p(differences: list[float]) -> float:
    """Two-sided p-value of the mean per-query difference under the null that engine and
    baseline are exchangeable on every query (each difference's sign flipped at random; scipy's
    permutation_test, 20,000 resamples, fixed seed). A second view of "clearly": the bootstrap
    interval can just clear 0 while p stays near 0.05."""
    import numpy as np
    from scipy.stats import permutation_test

    result = permutation_test(
        (np.asarray(differences),),
        np.mean,
        permutation_type="samples",
        n_resamples=20_000,
        random_state=0,
    )
    return float(result.pvalue)


# --- 3. ANS stance -----------------------------------------------------------------------------


def ans() -> dict[str, Any]:
    from claims.services.matching import relate_texts

    pairs = read_jsonl(DATASETS / "ans-ar" / "dev_pairs.jsonl")
    to_label = {"corroborates": "agree", "duplicate": "agree", "contradicts": "disagree"}
    gold, predicted = [], []
    for pair in pairs:
        verdict = relate_texts(pair["s1"], pair["s2"])
        gold.append(pair["label"])
        predicted.append(to_label.get(verdict.relation, "other"))
    labels = ["agree", "disagree", "other"]
    f1s = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label and g != label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    majority = Counter(gold).most_common(1)[0][1] / len(gold)
    return {
        "pairs": len(pairs),
        "accuracy": accuracy,
        "macro_f1": sum(f1s) / len(f1s),
        "f1": dict(zip(labels, f1s, strict=True)),
        "majority_accuracy": majority,
        "predicted": Counter(predicted),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=["devset", "checkthat", "ans"], action="append")
    parser.add_argument("--misses", action="store_true", help="list the dev-set links missed or mislabelled")
    parser.add_argument("--keep", type=Path, help="build the database in this folder and keep it")
    parser.add_argument(
        "--cross-validate",
        action="store_true",
        help="CheckThat!: also rank the train queries with find_similar's mix chosen by five-fold "
        "cross-validation, against the baseline",
    )
    args = parser.parse_args()
    parts = args.only or ["devset", "checkthat", "ans"]
    backend = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.keep:
            workdir = args.keep.resolve()
            workdir.mkdir(parents=True, exist_ok=True)
            (workdir / "quality.sqlite3").unlink(missing_ok=True)
        setup_django(workdir)
        from claims.matching import ENGINE_VERSION

        print(engine_machine_line(backend, f"engine {ENGINE_VERSION}"))
        if "devset" in parts:
            report_devset(devset(workdir), misses=args.misses)
        if "checkthat" in parts:
            for name in ("checkthat2020-en", "checkthat2021-en"):
                if not (DATASETS / name).is_dir():
                    print(f"\n{name}: not found under {DATASETS}; skipped")
                    continue
                c = checkthat(name, workdir, cross_validate=args.cross_validate)
                print(
                    f"\n{name}: {c['corpus']:,} claims, {c['queries']} dev queries "
                    f"(n-grams counted in {c['count_seconds']:.1f} s)"
                )
                line("engine find_similar MAP@5", c["engine_map5"], f"{c['per_query_ms']:.1f} ms a query")
                line("TF-IDF word+char baseline MAP@5", c["baseline_map5"])
                report_lead(c)
                if "cross_validated" in c:
                    cv = c["cross_validated"]
                    print(f"  train, {cv['queries']} queries, the mix cross-validated ({FOLDS} folds):")
                    line(
                        "engine find_similar MAP@5",
                        cv["engine_map5"],
                        f"shipped mix {cv['shipped_map5']:.3f}",
                    )
                    line("TF-IDF word+char baseline MAP@5", cv["baseline_map5"])
                    report_lead(cv)
                    print("  mixes chosen (words, counts, pairs): " + ", ".join(map(str, cv["chosen"])))
        if "ans" in parts:
            if not (DATASETS / "ans-ar").is_dir():
                print(f"\nans-ar: not found under {DATASETS}; skipped")
                return
            a = ans()
            print(f"\nANS dev (Arabic headline pairs): {a['pairs']} pairs")
            line("relate accuracy", a["accuracy"], f"majority class {a['majority_accuracy']:.3f}")
            line("relate macro-F1", a["macro_f1"])
            print("  F1 " + ", ".join(f"{k} {v:.3f}" for k, v in a["f1"].items()))
            print(f"  predicted {dict(a['predicted'])}")


def report_lead(c: dict[str, Any]) -> None:
    low, high = c["difference_interval"]
    line(
        "engine - baseline",
        c["engine_map5"] - c["baseline_map5"],
        f"95% bootstrap interval {low:+.3f} to {high:+.3f}; paired permutation "
        f"p = {c['permutation_p']:.3f}; engine better on {c['engine_better']} "
        f"queries, worse on {c['engine_worse']}",
    )


def line(label: str, value: float, note: str = "") -> None:
    print(f"  {label:<34} {value:.3f}" + (f"   ({note})" if note else ""))


def report_devset(d: dict[str, Any], *, misses: bool) -> None:
    print(f"\nDevelopment set: {d['claims']} claims, {d['gold_links']} gold links", end="")
    print(f", {d['lookalikes']} look-alikes")
    print(f"  imported and checked in {d['seconds']:.1f} s; {d['suggestions']} suggestions stored")
    line("recall@5 of gold links", d["recall_at_5"], "target >= 0.95")
    line(
        "relation correct, of found links",
        d["relation_correct"],
        f"target >= 0.90; strict {d['relation_strict']:.3f}",
    )
    line("look-alikes suggested as corrob.", d["lookalikes_as_corroboration"], "target <= 0.05")
    line("relate (texts only), all pairs", d["relate_accuracy"])
    print("  by kind (gold / found / relation right):")
    for kind, (n, f, c) in d["by_kind"].items():
        print(f"    {kind:<26} {n:>4} {f:>4} {c:>4}")
    if misses:
        print("\n".join(d["misses"]))


if __name__ == "__main__":
    main()
