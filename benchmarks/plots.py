"""The pictures of docs/benchmarks.md: SVG files in docs/img/, drawn with matplotlib (the ``bench`` extra, which
``make bench`` installs).  Each benchmark script calls one function here with the numbers it measured.

The SVGs are written deterministically (no date, fixed ids), so a rerun with the same numbers changes nothing.
Without matplotlib a script still writes its tables and prints why the picture was left as it was.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

IMG = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs", "img")


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        print("plots: matplotlib is missing (make bench installs it: pip install -e '.[bench]'); pictures unchanged")
        return None
    matplotlib.use("Agg")
    matplotlib.rcParams.update({"svg.hashsalt": "pyoombpf", "svg.fonttype": "none", "font.size": 9})
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, name: str) -> str:
    os.makedirs(IMG, exist_ok=True)
    path = os.path.join(IMG, name)
    fig.savefig(path, format="svg", bbox_inches="tight", metadata={"Date": None})
    fig.clf()
    print(f"plots: wrote {os.path.relpath(path)}")
    return path


def latency(samples: Mapping[str, Mapping[str, Sequence[float]]], name: str = "bridge_latency.svg") -> str | None:
    """Box plots per decider of ``stall → allocator resumes`` and ``stall → victim gone`` (ms): ``{decider:
    {"resumed": [...], "gone": [...]}}``."""
    plt = _pyplot()
    if plt is None:
        return None
    deciders = [d for d in samples if samples[d].get("resumed")]
    fig, axes = plt.subplots(1, 2, figsize=(9, 0.5 + 0.45 * len(deciders)), sharey=True)
    titles = {"resumed": "stall → allocator runs again (ms)", "gone": "stall → victim gone (ms)"}
    for ax, key in zip(axes, ("resumed", "gone"), strict=True):
        data = [list(samples[d][key]) for d in deciders]
        ax.boxplot(data, vert=False, widths=0.6, showfliers=True, flierprops={"markersize": 2})
        ax.set_xscale("log")
        ax.set_title(titles[key])
        ax.grid(axis="x", which="both", alpha=0.3)
    axes[0].set_yticks(range(1, len(deciders) + 1), deciders)
    return _save(fig, name)


def run_time(series: Sequence[tuple[str, int, dict[str, float]]], name: str = "bridge_runtime.svg") -> str | None:
    """In-kernel run time against the number of memcgs, log-log: ``(size, memcgs, {label: µs})`` per tree; a size
    ``AxB`` (two levels) is drawn as single points beside the flat curves."""
    plt = _pyplot()
    if plt is None or not series:
        return None
    fig, ax = plt.subplots(figsize=(6.4, 4))
    flat = [(n, us) for size, n, us in series if "x" not in size]
    labels = list(series[0][2])
    styles = ["o-", "s-", "^:", "x--", "d-."]
    for i, label in enumerate(labels):
        line = ax.plot([n for n, _ in flat], [us[label] for _, us in flat], styles[i % len(styles)], label=label)
        for size, n, us in series:
            if "x" in size:
                ax.plot([n], [us[label]], "*", markersize=10, color=line[0].get_color())
    if any("x" in size for size, _n, _us in series):
        ax.plot([], [], "*", color="grey", markersize=10, label="two levels (100 × 100)")
    ax.axhline(1000, color="grey", linestyle=":", linewidth=1)
    ax.axvline(10_000, color="grey", linestyle=":", linewidth=1)
    ax.annotate("target: 1 ms at 10,000", (10_000, 1000), textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("memcgs below the OOMing one (65,535 memcg ids per machine)")
    ax.set_ylabel("in the kernel (µs per run)")
    ax.grid(which="both", alpha=0.3)
    ax.legend(fontsize=8)
    return _save(fig, name)


def compile_stages(
    stages: Sequence[tuple[str, float]], clang_ms: float | None, name: str = "compile_stages.svg"
) -> str | None:
    """One stacked bar of a warm in-process compile's stages (ms), beside clang's whole command when known."""
    plt = _pyplot()
    if plt is None or not stages:
        return None
    fig, ax = plt.subplots(figsize=(7, 2.2 if clang_ms is None else 2.6))
    left = 0.0
    colors = plt.get_cmap("tab10")
    for i, (label, ms) in enumerate(stages):
        ax.barh(0, ms, left=left, color=colors(i), label=f"{label}: {ms:.1f} ms")
        left += ms
    labels = ["pyoombpf, warm, in process"]
    if clang_ms is not None:
        ax.barh(1, clang_ms, color="grey", label=f"clang-19 -O2 -g, whole command: {clang_ms:.0f} ms")
        labels.append("clang-19 command")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("ms")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=2, fontsize=8, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    return _save(fig, name)
