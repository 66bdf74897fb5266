"""第七条(四): precision, recall, F1 and ROC-AUC of the duplicate check on the labelled set
``tests/projects/similarity_eval/pairs.json`` (99 pairs, 9 industries).

    .venv/bin/python benchmarks/similarity_eval.py            # the shipped weights and threshold
    .venv/bin/python benchmarks/similarity_eval.py --fit      # refit the logistic weights, and
                                                               # leave-one-industry-out validation
    .venv/bin/python benchmarks/similarity_eval.py --quick    # what the test suite runs

The threshold is 0.5 because the score is a logistic fit on the labelled pairs: it reads as the
likelihood of 雷同, and 0.5 is where 雷同 becomes the likelier reading. The report also shows the
widest gap between the scores of the two classes and the range of thresholds reaching the
maximal F1, so one sees how much margin the threshold has on this set.
"""

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from apps.projects import similarity_engine as engine  # noqa: E402

PAIRS = ROOT / "tests" / "projects" / "similarity_eval" / "pairs.json"
SIGNALS = ["figures", "metric_values", "metric_names", "sections", "section_max", "terms", "title"]
GOAL = 0.95


def document(p):
    return engine.Document(
        title=p["title"],
        company=p["company"],
        texts={f: p.get(f, "") for f in engine.TEXT_FIELDS},
        metrics=tuple(engine.Metric(*m) for m in p["metrics"]),
    )


def load_pairs(path=PAIRS):
    return json.loads(Path(path).read_text(encoding="utf-8"))["pairs"]


def signal_rows(pairs):
    return [engine.signals(engine.features(document(p["a"])), engine.features(document(p["b"]))) for p in pairs]


def metrics_at(scores, labels, threshold):
    tp = sum(1 for s, y in zip(scores, labels) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, labels) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels) if s < threshold and y)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def roc_auc(scores, labels):
    """Probability that a duplicate scores above a non-duplicate (ties count half)."""
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def widest_gap(scores, labels):
    """The largest interval between consecutive scores with every duplicate above it and every
    other pair below (None if the classes overlap)."""
    top_negative = max(s for s, y in zip(scores, labels) if not y)
    lowest_positive = min(s for s, y in zip(scores, labels) if y)
    return (top_negative, lowest_positive) if lowest_positive > top_negative else None


def fit(rows, labels, *, l2=0.002, steps=20000, rate=2.0):
    """Logistic regression by gradient descent with a small L2 penalty (the set is separable;
    the penalty keeps the coefficients finite)."""
    import numpy as np

    x = np.array([[r[k] for k in SIGNALS] for r in rows], dtype=float)
    y = np.array(labels, dtype=float)
    w, b = np.zeros(len(SIGNALS)), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= rate * (x.T @ (p - y) / len(y) + l2 * w)
        b -= rate * float((p - y).mean())
    return {"bias": round(b, 1), **{k: round(float(v), 1) for k, v in zip(SIGNALS, w)}}


def evaluate(pairs=None, weights=None, threshold=None):
    pairs = pairs if pairs is not None else load_pairs()
    threshold = engine.THRESHOLD if threshold is None else threshold
    rows = signal_rows(pairs)
    scores = [engine.combine(r, weights) for r in rows]
    labels = [p["label"] for p in pairs]
    result = metrics_at(scores, labels, threshold)
    result["roc_auc"] = roc_auc(scores, labels)
    result["threshold"] = threshold
    result["gap"] = widest_gap(scores, labels)
    result["scores"] = scores
    return result


def _table(pairs, scores, threshold):
    by_kind = defaultdict(list)
    for p, s in zip(pairs, scores):
        by_kind[(p["kind"], p["label"])].append(s)
    lines = ["| kind | label | pairs | min score | max score | flagged |", "|---|---|---|---|---|---|"]
    for (kind, label), ss in by_kind.items():
        flagged = sum(s >= threshold for s in ss)
        lines.append(f"| {kind} | {'雷同' if label else '不雷同'} | {len(ss)} | {min(ss):.3f} | {max(ss):.3f} | {flagged}/{len(ss)} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fit", action="store_true", help="refit the weights; validate leaving one industry out")
    parser.add_argument("--quick", action="store_true", help="only the figures at the shipped weights")
    args = parser.parse_args()
    pairs = load_pairs()
    labels = [p["label"] for p in pairs]
    industries = sorted({p["industry"] for p in pairs})
    print(f"{len(pairs)} pairs, {sum(labels)} duplicates, {len(industries)} industries")

    result = evaluate(pairs)
    print(f"shipped weights {engine.WEIGHTS}")
    print(f"threshold {result['threshold']}: precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
          f"F1 {result['f1']:.3f}  ROC-AUC {result['roc_auc']:.3f}  (tp {result['tp']}, fp {result['fp']}, fn {result['fn']})")
    if args.quick:
        return 0 if result["precision"] >= GOAL and result["recall"] >= GOAL else 1
    gap = result["gap"]
    if gap and gap[0] < result["threshold"] <= gap[1]:
        print(f"why {result['threshold']}: the score is a logistic fit (a likelihood of 雷同); on this set every "
              f"duplicate scores ≥ {gap[1]:.3f} and every other pair ≤ {gap[0]:.3f}, so any threshold in that gap "
              f"(midpoint {(gap[0] + gap[1]) / 2:.3f}) gives the same result and {result['threshold']} lies inside it.")
    else:
        print(f"the threshold {result['threshold']} is the logistic 0.5 (equal likelihood); widest gap between the "
              f"classes on this set: {gap}")
    print(_table(pairs, result["scores"], result["threshold"]))

    if args.fit:
        rows = signal_rows(pairs)
        weights = fit(rows, labels)
        print(f"\nrefitted on all pairs: {weights}")
        # Leave one industry out: fit on eight, score the ninth.
        held_scores, held_labels = [], []
        for industry in industries:
            train = [(r, p["label"]) for r, p in zip(rows, pairs) if p["industry"] != industry]
            w = fit([r for r, _ in train], [y for _, y in train])
            for r, p in zip(rows, pairs):
                if p["industry"] == industry:
                    held_scores.append(engine.combine(r, w))
                    held_labels.append(p["label"])
        held = metrics_at(held_scores, held_labels, 0.5)
        print(f"leave-one-industry-out at 0.5: precision {held['precision']:.3f}  recall {held['recall']:.3f}  "
              f"F1 {held['f1']:.3f}  ROC-AUC {roc_auc(held_scores, held_labels):.3f}")
    return 0 if result["precision"] >= GOAL and result["recall"] >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
