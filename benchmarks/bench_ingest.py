"""Benchmark: ingest + every pipeline stage + store: throughput and peak memory.

Generates a corpus of scraped-looking articles (400–1,200 words, vi/uk/ru/en)
from the project's own gold articles: body sentences are re-sampled into new
paragraphs (with a third of their words swapped for words of the language, drawn as
often as they occur, so that articles overlap no more than real ones do; sentences with
numbers drawn less often, to hold as many numbers as real news: ``--numbers``) and
wrapped in the clutter shapes of the gold set (outlet and timestamp lines, repeated
titles, "read also" lines, headline lists). Then it
runs ``newsweave.ingest`` into a fresh SQLite file, once per pass, each pass in a
process of its own (so that no pass finds the word caches another one filled):

* ``foundation``: clean, sentences, language, fingerprint (and ingest and store);
* ``entities``: the foundation and the entity stage (the entities issue's budget);
* ``timenum``: the foundation, dates and quantities (the time-and-numbers budget);
* ``full``: every stage.

For each it reports articles per CPU-second (one core), wall time and peak
resident memory, then the CPU time of every stage of the last pass. The machine's
speed drifts during a run, so the foundation runs first and again after every other
pass, and each pass is compared with the mean of the two foundation runs around it
(``times_foundation``).

    python benchmarks/bench_ingest.py --articles 10000
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from newsweave import Document
from newsweave import lang as packs
from newsweave.api import build_pipeline
from newsweave.eval.clean import gold_files, parse_gold
from newsweave.ingest import ingest
from newsweave.pipeline import Pipeline
from newsweave.settings import Settings, load_settings
from newsweave.stages.sentences import Splitter
from newsweave.store import Store

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold" / "clean"
#: the stages the foundation issue budgets (with ingest and store): 200 articles/s per core
FOUNDATION = ("clean", "sentences", "language", "fingerprint")
#: the passes: name -> stages (None: every stage of the pipeline)
PASSES: dict[str, tuple[str, ...] | None] = {
    "foundation": FOUNDATION,
    "entities": (*FOUNDATION, "entities"),
    "timenum": (*FOUNDATION, "dates", "quantities"),
    "full": None,
}


def material() -> dict[str, dict[str, list[str]]]:
    """Per language: body sentences, titles and clutter lines from the gold set."""
    splitter = Splitter(packs.enabled_packs())
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in gold_files([GOLD]):
        gold = parse_gold(path)
        lines = gold.raw.split("\n")
        for line, label in zip(lines, gold.labels, strict=False):
            if label == "B":
                for s, e in splitter.spans(line):
                    out[gold.lang]["sentences"].append(line[s:e])
            elif label == "C":
                out[gold.lang]["clutter"].append(line)
            elif label in {"T", "O", "D"}:
                out[gold.lang][label].append(line)
    for mats in out.values():
        # the words as often as they occur; numbers left out, as a number swapped in
        # would stand where the writer put none
        mats["words"] = [w for s in mats["sentences"] for w in s.split() if not _NUMBER.search(w)]
    return out


#: numbers in real news, per 1,000 words: 21.4 in the 315,000 words of Ukrainian news of
#: NER-UK 2.0 and 22.7 in the five seed articles (counted with ``_NUMBER``). The body
#: sentences of the gold articles the corpus is made from were written to test the date
#: and number stages and hold 42: sentences with numbers are drawn less often
#: (:func:`number_weight`) to come down to this. (Until 2026-12 the corpus held 54: the
#: swapped-in words were drawn from the distinct words, where numbers are many.)
NUMBERS_PER_1000_WORDS = 22.0
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers_kept(sentence: str) -> float:
    """How many numbers of the sentence :func:`_vary` is expected to leave (it may swap
    any word but the first and the last)."""
    words = sentence.split()
    inner = 1 - SWAP
    return sum(
        len(_NUMBER.findall(w)) * (1.0 if k in (0, len(words) - 1) else inner)
        for k, w in enumerate(words)
    )


def number_weight(sentences: list[str], per_1000: float | None) -> float:
    """The chance that a drawn sentence with a number is kept (one without is always
    kept), such that the articles hold ``per_1000`` numbers per 1,000 words; 1.0 for
    ``None`` or when the sentences hold fewer."""
    if per_1000 is None:
        return 1.0
    plain = sum(len(s.split()) for s in sentences if not _NUMBER.search(s))
    counted = [s for s in sentences if _NUMBER.search(s)]
    numbers = sum(map(_numbers_kept, counted))
    words = sum(len(s.split()) for s in counted)
    # per_1000 / 1000 = weight * numbers / (plain + weight * words)
    rate = per_1000 / 1000
    if numbers <= rate * words:
        return 1.0
    return min(1.0, rate * plain / (numbers - rate * words))


#: the share of a sentence's inner words :func:`_vary` swaps
SWAP = 0.35


def _vary(rng: random.Random, sentence: str, vocabulary: list[str]) -> str:
    """The sentence with about a third of its inner words swapped for other words of the
    language, so that two generated articles overlap about as little as real ones do."""
    words = sentence.split()
    for i in range(1, len(words) - 1):
        if rng.random() < SWAP:
            words[i] = rng.choice(vocabulary)
    return " ".join(words)


def _sentence(rng: random.Random, m: dict[str, Any], weight: float) -> str:
    """A sentence of the pool; one with a number is kept with the chance ``weight``."""
    while True:
        sentence: str = rng.choice(m["sentences"])
        if weight >= 1.0 or not _NUMBER.search(sentence) or rng.random() < weight:
            return sentence


def article(rng: random.Random, m: dict[str, Any], weight: float = 1.0) -> tuple[str, int, int]:
    """An article's text, and the words and numbers of its body."""
    target = rng.randint(400, 1200)
    paragraphs, words = [], 0
    while words < target:
        para = " ".join(
            _vary(rng, _sentence(rng, m, weight), m["words"]) for _ in range(rng.randint(2, 5))
        )
        para = "".join(str(rng.randint(0, 9)) if c.isdigit() else c for c in para)
        paragraphs.append(para)
        words += len(para.split())
    title = rng.choice(m["T"] or m["clutter"])
    head = []
    if m["O"] and rng.random() < 0.4:
        head.append(rng.choice(m["O"]))
    if m["D"] and rng.random() < 0.5:
        head.append(rng.choice(m["D"]))
    head += [title, rng.choice(m["clutter"]), title]
    numbers = sum(len(_NUMBER.findall(p)) for p in paragraphs)
    if rng.random() < 0.5:
        paragraphs.insert(len(paragraphs) // 2, rng.choice(m["clutter"]))
    tail = ["", rng.choice(m["clutter"]), *rng.sample(m["clutter"], min(8, len(m["clutter"])))]
    text = "\n".join(head) + "\n\n" + "\n\n".join(paragraphs) + "\n" + "\n".join(tail) + "\n"
    return text, words, numbers


def generate(
    folder: Path, n: int, seed: int, per_1000: float | None = NUMBERS_PER_1000_WORDS
) -> tuple[int, int, int]:
    """Write ``n`` articles; (words, words of the bodies, numbers in the bodies)."""
    rng = random.Random(seed)
    mats = material()
    langs = sorted(mats)
    if not langs:
        sys.exit(f"no gold articles under {GOLD}")
    weights = {code: number_weight(mats[code]["sentences"], per_1000) for code in langs}
    folder.mkdir(parents=True, exist_ok=True)
    size = body = numbers = 0
    for i in range(n):
        code = langs[i % len(langs)]
        text, words, found = article(rng, mats[code], weights[code])
        path = folder / f"{i:06d}.txt"
        path.write_text(text, "utf-8")
        size += len(text.split())
        body += words
        numbers += found
    return size, body, numbers


def stage_times(pipeline: Pipeline, paths: list[Path], batch_size: int) -> dict[str, float]:
    """CPU milliseconds per article of each stage, on a sample of the corpus, run as the
    ingest runs them: a batch of articles at a time, stage by stage."""
    spent: dict[str, float] = defaultdict(float)
    for k in range(0, len(paths), batch_size):
        docs = [Document(raw=path.read_text("utf-8")) for path in paths[k : k + batch_size]]
        for stage in pipeline.stages:
            t = time.process_time()
            docs = [stage(doc) for doc in docs]
            spent[stage.name] += time.process_time() - t
    return {name: round(1000 * v / len(paths), 3) for name, v in spent.items()}


def reference_seconds() -> float:
    """CPU seconds of a fixed pure-Python loop: this machine's speed at the time of the run.

    Shared virtual machines vary by a factor of two from hour to hour; the figure lets
    runs on different machines (or hours) be compared.
    """
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        sum(i * i for i in range(3_000_000))
        best = min(best, time.process_time() - t)
    return round(best, 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--numbers",
        type=float,
        default=NUMBERS_PER_1000_WORDS,
        help="numbers per 1,000 words in the corpus, as in real news (default: "
        f"{NUMBERS_PER_1000_WORDS:g}); 0: as many as the gold articles hold",
    )
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    ap.add_argument(
        "--passes",
        default=",".join(PASSES),
        help=f"comma-separated passes to run (default: {','.join(PASSES)})",
    )
    ap.add_argument("--one-pass", help=argparse.SUPPRESS)  # internal: run one pass here
    ap.add_argument("--stage-times", action="store_true", help=argparse.SUPPRESS)  # of that pass
    args = ap.parse_args()
    corpus = args.out / "corpus"
    if args.one_pass:
        print(json.dumps(one_pass(args.one_pass, corpus, args.out, args.stage_times)))
        return

    names = [n.strip() for n in args.passes.split(",") if n.strip()]
    unknown = set(names) - set(PASSES)
    if unknown:
        sys.exit(f"unknown pass(es): {', '.join(sorted(unknown))}; known: {', '.join(PASSES)}")
    shutil.rmtree(corpus, ignore_errors=True)
    words, body, numbers = generate(corpus, args.articles, args.seed, args.numbers or None)
    result: dict[str, object] = {
        "articles": args.articles,
        "mean_words": round(words / args.articles),
        # in the bodies, which is what the stages after the clean stage read
        "numbers_per_1000_body_words": round(1000 * numbers / max(body, 1), 1),
        "reference_loop_cpu_seconds_before": reference_seconds(),
    }

    def one(name: str, timed: bool = False) -> dict[str, Any]:
        # a fresh process per pass: caches filled by one pass must not speed up the next
        cmd = [sys.executable, __file__, "--out", str(args.out), "--one-pass", name]
        cmd += ["--stage-times"] if timed else []
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
        run: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{name}: {run['articles_per_cpu_second']} articles/CPU-s", file=sys.stderr)
        return run

    # the machine's speed drifts during a run (by up to a third here): the
    # foundation runs before the first pass and again after each one, and each pass is
    # compared with the mean of the foundation runs just before and after it
    others = [n for n in names if n != "foundation"]
    timed = (others or names)[-1]  # the pass whose stages are timed
    if "foundation" in names and others:
        runs = [one("foundation")]
        for name in others:
            result[name] = one(name, timed=name == timed)
            runs.append(one("foundation"))
            around = (runs[-2]["articles_per_cpu_second"], runs[-1]["articles_per_cpu_second"])
            result[name]["foundation_around"] = list(around)
            # how many times the foundation's CPU time per article the pass takes
            per_second = result[name]["articles_per_cpu_second"]
            result[name]["times_foundation"] = round(sum(around) / 2 / per_second, 2)
        speeds = [r["articles_per_cpu_second"] for r in runs]
        result["foundation"] = {
            **runs[0],
            "articles_per_cpu_second_runs": speeds,
            "articles_per_cpu_second_mean": round(sum(speeds) / len(speeds), 1),
        }
    else:
        for name in names:
            result[name] = one(name, timed=name == timed)
    result["reference_loop_cpu_seconds_after"] = reference_seconds()
    last = result[timed]
    ms = last.pop("stage_ms_per_article", {}) if isinstance(last, dict) else {}
    result["stage_ms_per_article"] = ms
    # the time-and-numbers stages together (issue: their throughput is reported)
    both = ms.get("dates", 0.0) + ms.get("quantities", 0.0)
    result["dates_and_quantities_articles_per_cpu_second"] = round(1000 / both, 1) if both else None
    (args.out / "result.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


def one_pass(name: str, corpus: Path, out: Path, timed: bool) -> dict[str, object]:
    """Run one pass over the corpus in this process; with ``timed``, then time its stages."""
    settings = load_settings()
    full = build_pipeline(settings)
    stages = PASSES[name]
    pipeline = full if stages is None else Pipeline([s for s in full.stages if s.name in stages])
    run = run_pass(pipeline, corpus, out / f"bench-{name}.db", settings)
    if timed:
        sample = sorted(corpus.iterdir())[:1000]
        run["stage_ms_per_article"] = stage_times(pipeline, sample, settings.ingest.batch_size)
    return run


def run_pass(pipeline: Pipeline, corpus: Path, db: Path, settings: Settings) -> dict[str, object]:
    """Ingest the corpus into a fresh SQLite file with ``pipeline``: throughput, memory."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    for path in sorted(corpus.iterdir())[:8]:  # warm up: lingua loads its models lazily
        pipeline(Document(raw=path.read_text("utf-8")))
    wall0, cpu0 = time.perf_counter(), time.process_time()
    with Store(db, settings.dedup) as store:
        report = ingest([str(corpus)], store, pipeline, settings.ingest)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    n = report.seen
    return {
        "stages": [*pipeline.names, "store"],
        "stored": report.added + report.near_duplicates,
        "skipped": len(report.skipped),
        "wall_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "articles_per_cpu_second": round(n / cpu, 1),
        "articles_per_wall_second": round(n / wall, 1),
        # peak of the whole process so far: the full pass includes the foundation's
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


if __name__ == "__main__":
    main()
