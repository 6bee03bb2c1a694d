"""Before/after of a change to the package, side by side in one run: the figures for commit messages.

The package at REV (git archive) and the working tree take turns, so that the load other people's
builds put on this machine affects both alike. Prints median (min-max) of each and the ratio, for
wall time and for CPU time (user + system), which other people's load disturbs much less.

    .venv/bin/python benchmarks/compare.py HEAD~1 --scales 1 10 100 --what check render build
    .venv/bin/python benchmarks/compare.py 0e88d64~1 0e88d64      # a past commit against its parent

Each version runs from a temporary folder, with its copy of the package first on PYTHONPATH (run from
the project folder, `python -m` would import the working tree's package whatever PYTHONPATH says).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import BIN, ENV, run
from sitebuild import write_config
from synthetic import generate

# CPU time of each stage in a fresh interpreter with the package found first on PYTHONPATH.
RENDER = """
import sys, time
t0 = time.process_time()
from pathlib import Path
from briefing.build import build_briefing
from briefing.site import render_site
t1 = time.process_time()
b = build_briefing(Path(sys.argv[1]))
t2 = time.process_time()
render_site(b)
t3 = time.process_time()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def export(rev: str, folder: Path) -> Path:
    """The package as it was at ``rev``, in ``folder``."""
    folder.mkdir()
    # build_charts.py is exported where the version has one (older versions drew their charts with it).
    listed = subprocess.run(["git", "ls-tree", "--name-only", rev, "build_charts.py"], cwd=ROOT, capture_output=True, text=True, check=True)
    paths = ["briefing", *listed.stdout.split()]
    archive = subprocess.run(["git", "archive", rev, *paths], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s ({min(values):.3f}–{max(values):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", help="the 'before' revision, e.g. HEAD~1")
    parser.add_argument("after", nargs="?", help="the 'after' revision (default: the working tree)")
    parser.add_argument("--scales", nargs="+", default=["1", "10"], help="content (a copy of content/), 1, 10, 100")
    parser.add_argument("--what", nargs="+", default=["check"], choices=["check", "render", "build"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        versions = {"before": export(args.rev, Path(tmp) / "before"),
                    "after": export(args.after, Path(tmp) / "after") if args.after else ROOT}
        cwd = Path(tmp)
        for root in versions.values():  # each version must import its own copy of the package
            found = subprocess.run([str(BIN / "python"), "-c", "import briefing; print(briefing.__file__)"], cwd=cwd,
                                   env={**ENV, "PYTHONPATH": str(root)}, capture_output=True, text=True, check=True).stdout
            assert Path(found.strip()).is_relative_to(root), (root, found)
        for scale in args.scales:
            content = Path(tmp) / f"content-{scale}"
            if scale == "content":
                shutil.copytree(ROOT / "content", content)
            else:
                generate(content, int(scale))
            runs = max(1, args.runs // (3 if scale == "100" else 1))
            for what in args.what:
                times: dict[str, list[float]] = {"before": [], "after": []}
                cpu: dict[str, list[float]] = {"before": [], "after": []}
                parts: dict[str, list[list[float]]] = {"before": [], "after": []}
                for i in range(runs):
                    for name in (["before", "after"] if i % 2 == 0 else ["after", "before"]):  # taking turns
                        root = versions[name]
                        env = {**ENV, "PYTHONPATH": str(root)}
                        if what == "check":
                            sample = run([str(BIN / "python"), "-m", "briefing", "check", "--content", str(content)], cwd=cwd, env=env)
                            times[name].append(sample.seconds)
                            cpu[name].append(sample.cpu_seconds or 0.0)
                        elif what == "render":
                            out = subprocess.run([str(BIN / "python"), "-c", RENDER, str(content)], capture_output=True,
                                                 text=True, check=True, env=env, cwd=cwd)
                            imports, check, render = map(float, out.stdout.split())
                            parts[name].append([imports, check, render])
                            times[name].append(render)
                        else:
                            cfg = write_config(content, Path(tmp) / f"site-{name}", project=root)
                            # from the version's folder: its package (and an old version's build_charts.py) draws the charts
                            sample = run([str(BIN / "python"), "-m", "mkdocs", "build", "-f", str(cfg)], cwd=root, log=Path(tmp) / "build.log", env=env)
                            times[name].append(sample.seconds)
                            cpu[name].append(sample.cpu_seconds or 0.0)
                b, a = statistics.median(times["before"]), statistics.median(times["after"])
                extra = ""
                if what == "render":
                    medians = {n: [statistics.median(p[k] for p in parts[n]) for k in range(3)] for n in parts}
                    extra = "  (CPU of import, check, render: " + "; ".join(
                        f"{n} " + ", ".join(f"{v:.3f}" for v in medians[n]) for n in medians) + ")"
                if cpu["before"]:
                    cb, ca = statistics.median(cpu["before"]), statistics.median(cpu["after"])
                    extra += f"; CPU: before {summary(cpu['before'])}, after {summary(cpu['after'])}: {cb / ca:.2f}x"
                print(f"{scale}{'' if scale == 'content' else 'x'} {what} ({'CPU' if what == 'render' else 'wall'}): before {summary(times['before'])}, after {summary(times['after'])}: "
                      f"{b / a:.2f}x faster, {runs} runs each{extra}", flush=True)


if __name__ == "__main__":
    main()
