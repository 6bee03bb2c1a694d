"""The benchmark behind `make bench`: how long the editors and the build wait, at 1x, 10x and 100x.

Every figure is measured in this run, side by side with its anchor (bare MkDocs building the same
pages with no pipeline), alternating which goes first, because other people's builds share this
machine: compare ratios, not seconds from another day. Each figure is the median of several runs,
with min and max. Peak memory is the maximum resident set size of each subprocess (os.wait4).

    .venv/bin/python benchmarks/bench.py            # 1x, 10x and 100x (make bench)
    .venv/bin/python benchmarks/bench.py --quick    # 1x and 10x only (make bench-quick)

Writes benchmarks/results.json (every sample) and prints the tables kept in the README.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # sitebuild.py: the project's mkdocs.yml for any content folder
sys.path.insert(0, str(ROOT / "benchmarks"))

from sitebuild import ENV, write_config
from synthetic import generate

from briefing.build import build_briefing

BIN = Path(sys.executable).parent
MYST = [ROOT / ".venv" / "node" / "node_modules" / ".bin" / "myst", Path(shutil.which("myst") or "/nonexistent")]
TARGETS = {"check_1x": 0.3, "check_100x": 3.0, "build_ratio": 1.3, "rebuild": 1.0, "pdf": 1.0, "memory_mb": 500}
MYST_KNOWN = "MyST took 8 times as long as bare MkDocs for the same 30 pages"


@dataclass
class Sample:
    seconds: float
    max_rss_mb: float | None = None
    cpu_seconds: float | None = None
    """User + system CPU time of the process: much less sensitive than wall time to other people's load."""


@dataclass
class Series:
    samples: list[Sample] = field(default_factory=list)

    def values(self) -> list[float]:
        return [s.seconds for s in self.samples]

    def summary(self) -> dict[str, Any]:
        v = self.values()
        rss = [s.max_rss_mb for s in self.samples if s.max_rss_mb is not None]
        cpu = [s.cpu_seconds for s in self.samples if s.cpu_seconds is not None]
        return {"median": statistics.median(v), "min": min(v), "max": max(v), "runs": len(v), "samples": v,
                "cpu_median": statistics.median(cpu) if cpu else None, "max_rss_mb": max(rss) if rss else None}


class Failed(Exception):
    pass


def run(command: list[str], cwd: Path = ROOT, log: Path | None = None, env: dict[str, str] | None = None) -> Sample:
    """Run a command to completion: wall time and the peak RSS of that process."""
    out = open(log or os.devnull, "w")  # noqa: SIM115 - closed below
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env or ENV, stdout=out, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    out.close()
    if process.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:] if log else ""
        raise Failed(f"{' '.join(command)} exited {process.returncode}\n{tail}")
    return Sample(elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def side_by_side(runs: int, a: Callable[[], Sample], b: Callable[[], Sample]) -> tuple[Series, Series]:
    """Run a and b alternately (a first on even runs, b first on odd ones), so load affects both alike."""
    sa, sb = Series(), Series()
    for i in range(runs):
        order = [(a, sa), (b, sb)] if i % 2 == 0 else [(b, sb), (a, sa)]
        for fn, series in order:
            series.samples.append(fn())
    return sa, sb


# -- the pages with no pipeline: what the hook hands MkDocs, written out as plain Markdown files -------------------
def write_bare_site(content: Path, work: Path) -> tuple[Path, Path]:
    """Plain .md files of exactly the pages the hook generates, and a config with the hook disabled."""
    from briefing.data import facts_json
    from briefing.mkdocs_hook import _markdown, navigation
    from briefing.site import asset_files, render_site

    briefing = build_briefing(content)
    pages = render_site(briefing)
    docs = work / "bare-docs"
    if docs.exists():
        shutil.rmtree(docs)
    for page in pages:
        path = docs / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_markdown(page), encoding="utf-8")
    for name, data in asset_files().items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_bytes(data)
    (docs / "data").mkdir(exist_ok=True)
    (docs / "data" / "facts.json").write_text(facts_json(briefing), encoding="utf-8")
    config = work / "bare-mkdocs.yml"
    settings = {
        "INHERIT": str(ROOT / "mkdocs.yml"), "site_name": briefing.settings.title, "docs_dir": str(docs),
        "site_dir": str(work / "bare-site"), "hooks": [], "watch": [], "nav": navigation(briefing, pages),
        "not_in_nav": "/entities/*.md", "theme": {"name": "material", "custom_dir": str(ROOT / "theme_overrides")},
    }
    config.write_text(json.dumps(settings, ensure_ascii=False, indent=1), encoding="utf-8")  # JSON is YAML
    return docs, config


# -- mkdocs serve: edit, then poll until the served page shows the edit -------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    m = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(m[1]) / 1024 if m else None


def serve_edits(config: Path, edit: Callable[[str], None], page: str, edits: int, log: Path) -> Series:
    """Start `mkdocs serve --livereload`, then `edits` times: change a file and time edit-to-visible on `page`."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with open(log, "w") as out:
        server = subprocess.Popen([str(BIN / "python"), "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}",
                                   "--livereload"], cwd=ROOT, env=ENV, stdout=out, stderr=subprocess.STDOUT)
    series = Series()
    try:
        deadline = time.monotonic() + 1800
        while "</html>" not in _get(base + page):
            if server.poll() is not None or time.monotonic() > deadline:
                raise Failed(f"mkdocs serve did not start:\n{log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        time.sleep(1.0)  # let the file watcher take its first snapshot
        for n in range(edits):
            marker = f"Edited{n}x{os.getpid()}"
            start = time.perf_counter()
            edit(marker)
            while marker not in _get(base + page):
                if time.perf_counter() - start > 1800 or server.poll() is not None:
                    raise Failed(f"the edit never showed on {page}:\n{log.read_text(errors='replace')[-2000:]}")
                time.sleep(0.05)
            series.samples.append(Sample(time.perf_counter() - start))
            time.sleep(1.0)  # quiet, so the next edit is a separate rebuild
        rss = _vm_hwm_mb(server.pid)
        for s in series.samples:
            s.max_rss_mb = rss
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return series


def fact_edit(content: Path) -> tuple[Callable[[str], None], str, Callable[[], None]]:
    """Edit the statement of the first fact that names an entity; poll that entity's page."""
    from briefing.load import load_yaml

    for path in sorted((content / "facts").glob("*.yaml")):
        raw = load_yaml(path)
        assert not isinstance(raw, Exception)
        for i, fact in enumerate(raw.data["facts"]):
            if fact.get("entities"):
                line = raw.lines[("facts", i, "statement")] - 1
                original = path.read_text(encoding="utf-8")
                lines = original.split("\n")
                folded = lines[line].rstrip().endswith(">-")
                target = line + 1 if folded else line

                def edit(marker: str, path: Path = path, lines: list[str] = lines, target: int = target, folded: bool = folded) -> None:
                    new = list(lines)
                    text = new[target]
                    if folded:
                        indent = len(text) - len(text.lstrip())
                        new[target] = text[:indent] + f"{marker} " + text[indent:]
                    else:
                        new[target] = text.replace('statement: "', f'statement: "{marker} ', 1)
                    path.write_text("\n".join(new), encoding="utf-8")

                def restore(path: Path = path, original: str = original) -> None:
                    path.write_text(original, encoding="utf-8")

                return edit, f"/entities/{fact['entities'][0]}/", restore
    raise Failed("no fact names an entity")


def page_edit(docs: Path, page: str) -> tuple[Callable[[str], None], Callable[[], None]]:
    """The same edit for bare MkDocs: the generated page's Markdown file itself."""
    path = docs / (page.strip("/") + ".md")
    original = path.read_text(encoding="utf-8")
    at = original.index('<p class="statement">') + len('<p class="statement">')

    def edit(marker: str) -> None:
        path.write_text(original[:at] + f"{marker} " + original[at:], encoding="utf-8")

    def restore() -> None:
        path.write_text(original, encoding="utf-8")

    return edit, restore


# -- optional parts: charts, PDF, MyST ------------------------------------------------------------------------------
def pdf_available() -> bool:
    try:
        return subprocess.run([str(BIN / "briefing"), "pdf", "--help"], capture_output=True, cwd=ROOT, env=ENV, check=False).returncode == 0
    except OSError:
        return False


def charts_available(content: Path) -> bool:
    sys.path.insert(0, str(ROOT))
    import build_charts

    return bool(build_charts.charts(build_briefing(content)))


def myst_binary() -> Path | None:
    return next((p for p in MYST if p.is_file()), None)


def try_myst(docs: Path, work: Path) -> tuple[Sample | None, str]:
    """MyST on the same generated Markdown, if it can run here (its HTML theme is downloaded at build time)."""
    myst = myst_binary()
    if myst is None:
        return None, "not installed (npm install mystmd failed or npm is missing)"
    project = work / "myst"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(docs, project)
    (project / "myst.yml").write_text("version: 1\nproject:\n  title: Benchmark\nsite:\n  template: book-theme\n", encoding="utf-8")
    log = work / "myst.log"
    try:
        sample = run([str(myst), "build", "--html"], cwd=project, log=log)
    except Failed:
        text = log.read_text(errors="replace")
        reason = next((line.strip() for line in text.splitlines() if "failed" in line or "ENOTFOUND" in line), text.strip()[-200:])
        return None, f"cannot run offline: {reason}"
    return sample, "ran"


# -- one scale --------------------------------------------------------------------------------------------------------
def measure_scale(scale: int, runs: dict[str, int], work: Path, results: dict[str, Any]) -> None:
    work.mkdir(parents=True, exist_ok=True)
    content = work / "content"
    started = time.perf_counter()
    counts = generate(content, scale)
    out: dict[str, Any] = {"content": counts, "generate_s": time.perf_counter() - started, "runs": runs, "measures": {}}
    results["scales"][str(scale)] = out
    m = out["measures"]
    print(f"\n== {scale}x: {counts['sources']} sources, {counts['facts'] + counts['derived']} facts, "
          f"{counts['source_kb']} KB of captures", flush=True)

    check = [str(BIN / "briefing"), "check", "--content", str(content)]
    startup = [str(BIN / "python"), "-c", "pass"]
    s_check, s_start = side_by_side(runs["check"], lambda: run(check, log=work / "check.log"), lambda: run(startup))
    m["check"], m["python_startup"] = s_check.summary(), s_start.summary()
    print(f"briefing check: {m['check']['median']:.3f} s", flush=True)

    inproc = Series()
    for _ in range(runs["check"]):
        gc.collect()
        t = time.perf_counter()
        build_briefing(content)
        inproc.samples.append(Sample(time.perf_counter() - t))
    m["check_in_process"] = inproc.summary()

    docs, bare_config = write_bare_site(content, work)
    config = write_config(content, work / "site")
    build = [str(BIN / "python"), "-m", "mkdocs", "build", "-q", "-f", str(config)]
    bare = [str(BIN / "python"), "-m", "mkdocs", "build", "-q", "-f", str(bare_config)]
    s_build, s_bare = side_by_side(runs["build"], lambda: run(build, log=work / "build.log"), lambda: run(bare, log=work / "bare.log"))
    m["build"], m["bare_build"] = s_build.summary(), s_bare.summary()
    m["build_ratio"] = _ratios(s_build, s_bare)
    print(f"mkdocs build: {m['build']['median']:.2f} s, bare {m['bare_build']['median']:.2f} s", flush=True)

    if runs["serve"]:
        edit, page, restore = fact_edit(content)
        bare_edit, bare_restore = page_edit(docs, page)
        try:
            s_serve = serve_edits(config, edit, page, runs["serve"], work / "serve.log")
            s_bare_serve = serve_edits(bare_config, bare_edit, page, runs["serve"], work / "bare-serve.log")
        finally:
            restore()
            bare_restore()
        m["rebuild"], m["bare_rebuild"] = s_serve.summary(), s_bare_serve.summary()
        m["rebuild_ratio"] = _ratios(s_serve, s_bare_serve)
        print(f"edit to visible: {m['rebuild']['median']:.2f} s, bare {m['bare_rebuild']['median']:.2f} s", flush=True)

    if runs.get("myst"):
        sample, status = try_myst(docs, work)
        out["myst"] = {"status": status, **({"seconds": sample.seconds} if sample else {})}
        print(f"MyST: {status}", flush=True)


def _ratios(a: Series, b: Series) -> dict[str, Any]:
    """Run-by-run ratios of side-by-side pairs."""
    r = [x / y for x, y in zip(a.values(), b.values())]
    return {"median": statistics.median(r), "min": min(r), "max": max(r), "runs": len(r), "samples": r}


# -- the tables ---------------------------------------------------------------------------------------------------------
def _t(s: dict[str, Any] | None, unit: str = "s") -> str:
    if not s:
        return "n/a"
    if unit == "x":
        return f"{s['median']:.2f}× ({s['min']:.2f}–{s['max']:.2f})"
    return f"{s['median']:.2f} s ({s['min']:.2f}–{s['max']:.2f})"


def _met(ok: bool | None) -> str:
    return "n/a" if ok is None else "met" if ok else "**missed**"


def tables(results: dict[str, Any]) -> str:
    rows = ["| scale | measure | median (min–max) | runs | anchor, same run: median (min–max) | ratio to anchor | target | |",
            "|---|---|---|---|---|---|---|---|"]
    for key, out in results["scales"].items():
        scale, m = int(key), out["measures"]
        n = out["runs"]
        check_target = TARGETS["check_1x"] if scale == 1 else TARGETS["check_100x"] if scale == 100 else None
        rows.append(f"| {scale}× | `briefing check` (subprocess) | {_t(m['check'])} | {n['check']} | Python start-up alone: "
                    f"{_t(m['python_startup'])} | | {f'< {check_target} s' if check_target else ''} | "
                    f"{_met(m['check']['median'] < check_target) if check_target else ''} |")
        rows.append(f"| {scale}× | `briefing check` (in-process, imports done) | {_t(m['check_in_process'])} | {n['check']} | | | | |")
        rows.append(f"| {scale}× | `mkdocs build` (full site) | {_t(m['build'])} | {n['build']} | bare `mkdocs build`, same pages: "
                    f"{_t(m['bare_build'])} | {_t(m['build_ratio'], 'x')} | ≤ {TARGETS['build_ratio']}× | "
                    f"{_met(m['build_ratio']['median'] <= TARGETS['build_ratio'])} |")
        rows.append(f"| {scale}× | charts: cold / warm cache | not available yet | | | | | |")
        rows.append(f"| {scale}× | `briefing pdf` | not available yet | | | | < {TARGETS['pdf']} s | |")
        if "rebuild" in m:
            rows.append(f"| {scale}× | `mkdocs serve`: one-fact edit to visible | {_t(m['rebuild'])} | {n['serve']} | bare `mkdocs serve`, "
                        f"one page edited: {_t(m['bare_rebuild'])} | {_t(m['rebuild_ratio'], 'x')} | < {TARGETS['rebuild']} s | "
                        f"{_met(m['rebuild']['median'] < TARGETS['rebuild'])} |")
        memory_target = f"< {TARGETS['memory_mb']} MB"
        peak = max(m["check"]["max_rss_mb"], m["build"]["max_rss_mb"], (m.get("rebuild") or {}).get("max_rss_mb") or 0)
        rows.append(f"| {scale}× | peak memory (max RSS): check / build / serve | {m['check']['max_rss_mb']:.0f} / "
                    f"{m['build']['max_rss_mb']:.0f} / {_mb((m.get('rebuild') or {}).get('max_rss_mb'))} MB | | bare build / serve: "
                    f"{m['bare_build']['max_rss_mb']:.0f} / {_mb((m.get('bare_rebuild') or {}).get('max_rss_mb'))} MB | | "
                    f"{memory_target if scale == 100 else ''} | "
                    f"{_met(peak < TARGETS['memory_mb']) if scale == 100 else ''} |")
        if "myst" in out:
            status = out["myst"]["status"]
            shown = f"{out['myst']['seconds']:.2f} s" if "seconds" in out["myst"] else f"not measured here: {status}"
            rows.append(f"| {scale}× | MyST `myst build --html`, same Markdown | {shown} | | known figure, not measured here: "
                        f"{MYST_KNOWN} | | | |")
    scaling = ["", "| growth (median) | " + " | ".join(f"{k}×" for k in results["scales"]) + " | step ratios (linear = 10) |",
               "|---|" + "---|" * len(results["scales"]) + "---|"]
    for name, label in (("check", "`briefing check` (subprocess)"), ("check_in_process", "`briefing check` (in-process)"),
                        ("build", "`mkdocs build`"), ("bare_build", "bare `mkdocs build`")):
        medians = [out["measures"][name]["median"] for out in results["scales"].values()]
        steps = [f"{b / a:.1f}" for a, b in itertools.pairwise(medians)]
        scaling.append(f"| {label} | " + " | ".join(f"{v:.2f} s" for v in medians) + f" | {' → '.join(steps)} |")
    return "\n".join(rows + scaling)


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark briefing check, the site build and the preview at 1x, 10x and 100x.")
    parser.add_argument("--quick", action="store_true", help="1x and 10x only, fewer runs")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / ".work", help="generated content and sites (replaced)")
    args = parser.parse_args()
    plan = {1: {"check": 7, "build": 5, "serve": 5, "myst": 1}, 10: {"check": 5, "build": 3, "serve": 3}}
    if args.quick:
        plan = {1: {"check": 5, "build": 3, "serve": 3, "myst": 1}, 10: {"check": 3, "build": 2, "serve": 2}}
    else:
        plan[100] = {"check": 3, "build": 2, "serve": 1}
    results: dict[str, Any] = {
        "command": "make bench" + ("-quick" if args.quick else ""),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_at_start": os.getloadavg()},
        "scales": {},
        "not_available": {"charts": "build_charts.py renders no charts yet", "pdf": "`briefing pdf` does not exist yet"},
    }
    started = time.perf_counter()
    if pdf_available():
        results["not_available"].pop("pdf")
    for scale, runs in plan.items():
        if scale == 1 and charts_available(ROOT / "content"):
            results["not_available"].pop("charts")
        measure_scale(scale, runs, args.work / f"{scale}x", results)
    results["machine"]["load_average_at_end"] = os.getloadavg()
    results["total_s"] = time.perf_counter() - started
    table = tables(results)
    results["table"] = table
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(table)
    print(f"\n{results['command']}: {results['total_s'] / 60:.1f} min on {os.cpu_count()} CPUs, load average "
          f"{results['machine']['load_average_at_start'][0]:.1f} at the start, {results['machine']['load_average_at_end'][0]:.1f} at the end; "
          f"wrote {args.out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
