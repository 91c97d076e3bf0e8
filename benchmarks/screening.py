"""Name-matching quality and speed: wakewatch names-2 vs nomenklatura logic-v2.

    .venv/bin/python benchmarks/screening.py [--threshold T] [--passes 5] [--no-logic-v2] [--errors]

Data: OpenSanctions' labelled name pairs (nomenklatura ``contrib/name_bench/cases.csv``,
826 pairs, MIT), copied to ``../shared/data/real/screening/nomenklatura_name_bench_cases.csv``.
Each pair is scored by :func:`wakewatch.sanctions.match.names.compare_names` (name only)
and by nomenklatura's ``logic-v2`` on two FollowTheMoney entities of the pair's schema with
one ``name`` each (default config; match at 0.70, yente's default threshold).

Printed: precision / recall / F1 overall, per ``case_group``, per ``schema`` and on the
non-Latin slice (a non-ASCII letter in either name); a threshold sweep; a held-out check
(threshold chosen for best F1 on even rows, reported on odd rows); pairs per second of
both engines — ours cold (all caches cleared: analysis + comparison) and cached
(pre-analysed names, comparison only), logic-v2 with fresh entity ids per pass and its
first-call warm-up excluded — and the ratio.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CASES = (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real" / "screening"
         / "nomenklatura_name_bench_cases.csv")
if not CASES.exists():
    CASES = ROOT.parent / "shared" / "data" / "real" / "screening" / CASES.name

Row = dict[str, str]


def load_cases(path: Path = CASES) -> list[Row]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def non_latin(row: Row) -> bool:
    return any(ch.isalpha() and not ch.isascii() for ch in row["name1"] + row["name2"])


def prf(scores: Sequence[float], truth: Sequence[bool], threshold: float) -> tuple[float, ...]:
    tp = sum(1 for s, t in zip(scores, truth, strict=True) if s >= threshold and t)
    fp = sum(1 for s, t in zip(scores, truth, strict=True) if s >= threshold and not t)
    fn = sum(1 for s, t in zip(scores, truth, strict=True) if s < threshold and t)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp, fp, fn


def clear_caches() -> None:
    from wakewatch.sanctions.match import analyze, normalize, robust, translit

    analyze.analyze_name.cache_clear()
    robust.clean_name.cache_clear()
    for fn in (normalize.fold, normalize.canon, normalize.loose, normalize.skeleton):
        fn.cache_clear()
    translit.latin_variants.cache_clear()


def ours_scores(rows: list[Row]) -> tuple[list[float], float]:
    """Scores, and cold pairs/s (every cache cleared after a warm-up of the
    transliteration tables: analysis + comparison)."""
    from wakewatch.sanctions.match.names import analyze_name, compare_names

    for warm in ("习近平", "김정은", "Путин", "أسامة", "Ελλάδα"):  # one-off table loading
        analyze_name(warm, "Person")
    clear_caches()
    start = time.process_time()
    scores = [
        compare_names(analyze_name(r["name1"], r["schema"]), analyze_name(r["name2"], r["schema"]))
        .score
        for r in rows
    ]
    return scores, len(rows) / (time.process_time() - start)


def ours_cached_pass(rows: list[Row], repeat: int = 10, explain: bool = False) -> float:
    """Pairs/s of compare_names on pre-analysed names (each pair ``repeat`` times);
    with ``explain`` every result's ``detail`` text is formatted too."""
    from wakewatch.sanctions.match.names import analyze_name, compare_names

    pairs = [(analyze_name(r["name1"], r["schema"]), analyze_name(r["name2"], r["schema"]))
             for r in rows]
    start = time.process_time()
    for _ in range(repeat):
        if explain:
            for a, b in pairs:
                _ = compare_names(a, b).detail
        else:
            for a, b in pairs:
                compare_names(a, b)
    return repeat * len(pairs) / (time.process_time() - start)


class LogicV2:
    """nomenklatura logic-v2 on one-name FtM entities of the pair's schema."""

    def __init__(self, rows: list[Row]) -> None:
        from nomenklatura.matching import get_algorithm

        algorithm = get_algorithm("logic-v2")
        assert algorithm is not None
        self.algorithm = algorithm
        self.config = algorithm.default_config()
        self.rows = rows
        self.passes = 0
        for q, c in self.entities()[:50]:  # one-off lazy loading of rigour's data
            self.algorithm.compare(q, c, self.config)

    def entities(self) -> list[tuple[Any, Any]]:
        from followthemoney import model

        self.passes += 1
        out = []
        for k, r in enumerate(self.rows):
            pair = []
            for side in ("name1", "name2"):
                e = model.make_entity(r["schema"])
                e.id = f"p{self.passes}-{k}-{side}"  # fresh ids: no per-entity cache hits
                e.add("name", r[side])
                pair.append(e)
            out.append((pair[0], pair[1]))
        return out

    def timed_pass(self) -> tuple[list[float], float]:
        batch = self.entities()
        start = time.process_time()
        scores = [self.algorithm.compare(q, c, self.config).score for q, c in batch]
        return scores, len(batch) / (time.process_time() - start)


def table(
    title: str,
    rows: list[Row],
    engines: dict[str, tuple[list[float], float]],
    key: Callable[[Row], str],
) -> None:
    print(f"\n### {title}\n")
    names = list(engines)
    head = " | ".join(f"{n} P / R / F1" for n in names)
    print(f"| {title} | pairs (match) | {head} |")
    print("|---|---|" + "---|" * len(names))
    groups: dict[str, list[int]] = defaultdict(list)
    for k, r in enumerate(rows):
        groups[key(r)].append(k)
    for group in sorted(groups):
        idx = groups[group]
        truth = [rows[k]["is_match"] == "true" for k in idx]
        cells = []
        for scores, threshold in engines.values():
            p, r, f, *_ = prf([scores[k] for k in idx], truth, threshold)
            cells.append(f"{p:.2f} / {r:.2f} / {f:.2f}")
        print(f"| {group} | {len(idx)} ({sum(truth)}) | " + " | ".join(cells) + " |")


def best_threshold(scores: Sequence[float], truth: Sequence[bool]) -> tuple[float, float]:
    grid = [x / 100 for x in range(50, 100)]
    return max(((prf(scores, truth, t)[2], t) for t in grid), key=lambda ft: (ft[0], -ft[1]))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threshold", type=float, default=None,
                        help="our threshold (default: names.DEFAULT_THRESHOLD)")
    parser.add_argument("--passes", type=int, default=5, help="interleaved timing passes")
    parser.add_argument("--no-logic-v2", action="store_true")
    parser.add_argument("--errors", action="store_true", help="list our misclassified pairs")
    args = parser.parse_args(argv)
    from wakewatch.sanctions.match import names

    threshold = args.threshold if args.threshold is not None else names.DEFAULT_THRESHOLD
    rows = load_cases()
    truth = [r["is_match"] == "true" for r in rows]
    print(f"# Screening names benchmark ({len(rows)} pairs, {CASES.name})")
    print(f"run: {sys.executable} {' '.join(sys.argv)}  matcher {names.MATCHER_VERSION}")
    scores, cold = ours_scores(rows)
    engines: dict[str, tuple[list[float], float]] = {
        f"names-2 @{threshold:.2f}": (scores, threshold)
    }
    ours_rates: list[float] = []
    lv2_rates: list[float] = []
    if args.no_logic_v2:
        ours_rates = [ours_cached_pass(rows) for _ in range(args.passes)]
    else:
        lv2 = LogicV2(rows)
        for _ in range(args.passes):  # interleaved: both engines under the same load
            lv2_scores, rate = lv2.timed_pass()
            lv2_rates.append(rate)
            ours_rates.append(ours_cached_pass(rows))
        engines["logic-v2 @0.70"] = (lv2_scores, 0.70)
    table("overall", rows, engines, lambda r: "all")
    table("case_group", rows, engines, lambda r: r["case_group"])
    table("schema", rows, engines, lambda r: r["schema"])
    table("script", rows, engines, lambda r: "non-Latin" if non_latin(r) else "Latin only")

    print("\n### Threshold sweep (names-2, all pairs)\n")
    print("| threshold | P | R | F1 | FP | FN |")
    print("|---|---|---|---|---|---|")
    for t in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
        p, r, f, _, fp, fn = prf(scores, truth, t)
        print(f"| {t:.2f} | {p:.3f} | {r:.3f} | {f:.3f} | {fp} | {fn} |")
    f_best, t_best = best_threshold(scores, truth)
    print(f"\nbest F1 {f_best:.3f} at {t_best:.2f}")
    even = [k for k in range(len(rows)) if k % 2 == 0]
    odd = [k for k in range(len(rows)) if k % 2 == 1]
    f_even, t_even = best_threshold([scores[k] for k in even], [truth[k] for k in even])
    f_odd = prf([scores[k] for k in odd], [truth[k] for k in odd], t_even)[2]
    f_odd_default = prf([scores[k] for k in odd], [truth[k] for k in odd], threshold)[2]
    print(f"held-out: best threshold on even rows {t_even:.2f} (F1 {f_even:.3f}); "
          f"F1 on odd rows at it {f_odd:.3f}, at the default {f_odd_default:.3f}")

    print("\n### Speed (one thread, CPU time, median of interleaved passes)\n")
    cached = statistics.median(ours_rates)
    print(f"names-2 cold (analysis + compare, caches cleared): {cold:,.0f} pairs/s")
    print(f"names-2 cached (pre-analysed names): {cached:,.0f} pairs/s "
          f"(passes: {', '.join(f'{r:,.0f}' for r in ours_rates)})")
    explained = statistics.median(ours_cached_pass(rows, explain=True) for _ in range(3))
    print(f"names-2 cached, with every detail text formatted: {explained:,.0f} pairs/s")
    if lv2_rates:
        lv2_rate = statistics.median(lv2_rates)
        print(f"logic-v2 (fresh entities, warm-up excluded): {lv2_rate:,.0f} pairs/s "
              f"(passes: {', '.join(f'{r:,.0f}' for r in lv2_rates)})")
        ratios = [o / v for o, v in zip(ours_rates, lv2_rates, strict=True)]
        print(f"ratio cached / logic-v2: {cached / lv2_rate:.1f}x (per pass: "
              f"{', '.join(f'{r:.1f}' for r in ratios)}); cold / logic-v2: {cold / lv2_rate:.1f}x")
    if args.errors:
        print("\n### Misclassified (names-2)\n")
        for k, r in enumerate(rows):
            if (scores[k] >= threshold) != truth[k]:
                m = names.compare_names(names.analyze_name(r["name1"], r["schema"]),
                                        names.analyze_name(r["name2"], r["schema"]))
                print(f"{'FN' if truth[k] else 'FP'} {scores[k]:.3f} {r['case_group']} "
                      f"{r['schema']}: {r['name1']!r} | {r['name2']!r} | {m.method}: {m.detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
