"""Key facts: the generator's banks judged against a teacher's key facts, beside a baseline.

    .venv/bin/python bench/qg_keyfacts.py [--dir ../shared/data/keyfacts-dev]
        [--judge ../shared/tools/keyfacts_check.py] [--baseline REV | --no-baseline]
        [--out DIR] [--show]

For every `<slug>.yaml` of key facts in the folder (with its `<slug>.txt`: the title, a
blank line, the article), generates the default bank with this checkout's generator and
with the generator of REV (a git worktree of that commit, by default the commit before
the second round of the generator), both in this run, and prints the judge's figures per
article and overall side by side: coverage of the key facts, the share of questions with
no fault the judge can see, twins, the share of answers that are dates or numbers, and the
bank's size per paragraph. `--out` keeps the banks (DIR/current, DIR/baseline); `--show`
prints each current bank's questions and the facts it missed.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "c123c59"  # the last commit before the generator's second round (issue 11)
GENERATE = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from quizapp.core.generate import generate_bank
out = Path(sys.argv[3]); out.mkdir(parents=True, exist_ok=True)
times = {}
for item in json.loads(Path(sys.argv[2]).read_text()):
    text = Path(item["text"]).read_text(encoding="utf-8")
    t0 = time.perf_counter()
    bank = generate_bank(text, bank_id=item["slug"], title=item["title"])
    times[item["slug"]] = time.perf_counter() - t0
    (out / (item["slug"] + ".json")).write_text(json.dumps(bank, ensure_ascii=False))
print(json.dumps(times))
"""


def load_judge(path: Path):
    """The judge module (keyfacts_check.py), which uses no code of the project."""
    spec = importlib.util.spec_from_file_location("keyfacts_check", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the judge from {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def worktree(rev: str) -> Path:
    """A detached worktree of `rev` (made once, reused)."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", rev],
                         capture_output=True, text=True, check=True).stdout.strip()
    path = Path(tempfile.gettempdir()) / f"quizapp-qg-{sha}"
    if not (path / "quizapp").is_dir():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--force",
                        str(path), sha], check=True, capture_output=True)
    return path


def generate(code: Path, items: list[dict], out: Path) -> dict[str, float]:
    """Banks of `items` by the generator in `code`, into `out`; seconds per article."""
    listing = out.with_suffix(".items.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    listing.write_text(json.dumps(items))
    done = subprocess.run([sys.executable, "-c", GENERATE, str(code), str(listing), str(out)],
                          capture_output=True, text=True, cwd=str(code))
    if done.returncode:
        raise SystemExit(f"generation in {code} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def cell(r: dict | None, key: str) -> str:
    if r is None:
        return "-"
    v = r[key]
    return "-" if v is None else (f"{v:.2f}" if isinstance(v, float) else str(v))


def summary(results: dict[str, dict]) -> dict[str, float]:
    n = max(1, len(results))
    vals = list(results.values())
    return {
        "coverage": sum(r["coverage"] or 0 for r in vals) / n,
        "clean_share": sum(r["clean_share"] or 0 for r in vals) / n,
        "date_number_share": sum(r["date_number_share"] or 0 for r in vals) / n,
        "twins": max((r["twins"] for r in vals), default=0),
        "per_paragraph": max((r["per_paragraph"] for r in vals), default=0),
        "questions": sum(r["questions"] for r in vals) / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=str(ROOT.parent / "shared/data/keyfacts-dev"))
    parser.add_argument("--judge", default=str(ROOT.parent / "shared/tools/keyfacts_check.py"))
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--out", default=None)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()

    import yaml

    judge = load_judge(Path(args.judge))
    fdir = Path(args.dir).resolve()
    items, facts = [], {}
    for fp in sorted(fdir.glob("*.yaml")):
        f = yaml.safe_load(fp.read_text(encoding="utf-8"))
        if not isinstance(f, dict) or "facts" not in f:
            continue
        slug = Path(f["article"]).stem
        facts[slug] = f
        items.append({"slug": slug, "text": str(fdir / f["article"]), "title": f.get("title")})
    if not items:
        raise SystemExit(f"no key facts in {fdir}")
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="qg-keyfacts-"))
    runs = {"current": ROOT}
    if not args.no_baseline:
        runs["baseline"] = worktree(args.baseline)
    results: dict[str, dict[str, dict]] = {}
    seconds: dict[str, dict[str, float]] = {}
    for name, code in runs.items():
        t0 = time.perf_counter()
        seconds[name] = generate(code, items, out / name)
        seconds[name]["_all"] = time.perf_counter() - t0
        results[name] = {}
        for it in items:
            bank = json.loads((out / name / f"{it['slug']}.json").read_text(encoding="utf-8"))
            article = Path(it["text"]).read_text(encoding="utf-8")
            results[name][it["slug"]] = judge.judge(bank, article, facts[it["slug"]])

    cur, base = results["current"], results.get("baseline", {})
    print(f"key facts: {fdir} ({len(items)} articles); baseline: "
          f"{'none' if args.no_baseline else args.baseline}")
    head = ("article", "coverage", "clean", "twins", "dates/num", "q/para", "questions")
    keys = ("coverage", "clean_share", "twins", "date_number_share", "per_paragraph",
            "questions")
    print(f"{head[0]:<24}" + "".join(f"{h:>17}" for h in head[1:]))
    for it in items:
        s = it["slug"]
        row = "".join(f"{cell(base.get(s), k) + ' -> ' + cell(cur[s], k):>17}" for k in keys)
        print(f"{s[:24]:<24}{row}")
    sc, sb = summary(cur), summary(base) if base else None
    row = "".join(
        f"{(f'{sb[k]:.3f}' if sb else '-') + ' -> ' + f'{sc[k]:.3f}':>17}"
        if k not in ("twins",) else f"{(str(sb[k]) if sb else '-') + ' -> ' + str(sc[k]):>17}"
        for k in keys)
    print(f"{'mean (twins, q/para: max)':<24}{row}")
    flags: dict[str, dict[str, int]] = {}
    for name, res in results.items():
        total: dict[str, int] = {}
        for r in res.values():
            for k, v in r["flags"].items():
                total[k] = total.get(k, 0) + v
        flags[name] = total
    print("faults:", "  ".join(f"{n}={flags[n]}" for n in results))
    def took(n: str) -> str:
        articles = sum(v for k, v in seconds[n].items() if k != "_all")
        return f"{n}={seconds[n]['_all']:.1f} (articles {articles:.1f})"

    print("seconds to generate all:", "  ".join(took(n) for n in results))
    print(f"banks in {out}")
    if args.show:
        for it in items:
            bank = json.loads((out / "current" / f"{it['slug']}.json").read_text())
            r = cur[it["slug"]]
            print(f"\n== {it['slug']}: coverage {r['coverage']}, missed: {', '.join(r['missed'])}")
            for q in bank["questions"]:
                fl = r["flagged"].get(q["id"])
                mark = f"  [{','.join(fl)}]" if fl else ""
                extra = f"  choices={q['choices']}" if q.get("choices") else ""
                print(f"- ({q['type']}) {q['prompt']}  => {q['answer']}{extra}{mark}")


if __name__ == "__main__":
    main()
