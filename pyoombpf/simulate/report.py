"""A readable table of a simulation: the candidates, what the policy read of them, and the decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyoombpf.simulate.model import Candidate

if TYPE_CHECKING:
    from pyoombpf.simulate.run import SimResult

MB = 1 << 20
_MAX_ROWS = 200


def _size(n: int | None) -> str:
    if n is None:
        return "-"
    return f"{n / MB:.1f}M" if n >= MB else f"{n}"


def _reads(c: Candidate) -> str:
    """The distinct values read, last value of each (``usage`` is in its own column)."""
    last: dict[str, str] = {}
    for r in c.reads:
        if r.attr == "usage":
            continue
        last[r.attr] = f"{r.value}{'?' if r.defaulted else ''}"
    return ", ".join(f"{k}={v}" for k, v in last.items()) or "-"


def table(res: SimResult) -> str:
    rows = [("cgroup", "usage", "read by the policy", "outcome", "why")]
    cands = res.candidates
    for c in cands[:_MAX_ROWS]:
        try:
            usage = _size(int(c.value("usage")))
        except KeyError:
            usage = "-"
        rows.append((c.cgroup, usage, _reads(c), c.outcome, c.why))
    widths = [min(max(len(r[i]) for r in rows), 60) for i in range(4)]
    lines = []
    for i, r in enumerate(rows):
        cells = [r[k][:60].ljust(widths[k]) for k in range(4)]
        lines.append("  ".join(cells) + "  " + r[4])
        if i == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 3)
    if len(cands) > _MAX_ROWS:
        lines.append(f"... {len(cands) - _MAX_ROWS} more cgroups (use --json for all)")
    lines.append("")
    if len(res.handlers) > 1:
        lines.append(f"policy {res.policy}; OOM in {res.oom_cgroup}; attached copies, in dispatch order:")
        lines += [f"  at {a}: {r}" for a, r in res.handlers]
    else:
        lines.append(f"policy {res.policy}, attached at {res.attach_cgroup}; OOM in {res.oom_cgroup}")
    if res.now is not None:
        given = "[oom] now" if res.scenario.now is not None else "default: the newest task's start + 1 s"
        lines.append(f"now_ns() read {res.now} ({res.now / 1e9:.3f} s since boot; {given})")
    if res.releases:
        lines.append("release actions, in order (what each would free):")
        for rel in res.releases:
            asked = f", asked {_mib(rel.asked)}" if rel.asked else ""
            detail = f" ({rel.detail})" if rel.detail else ""
            lines.append(f"  {rel.kind} {rel.target}: would free {_mib(rel.freed)}{asked}{detail}")
    if res.victims:
        lines.append(f"decision: handled — killed {len(res.victims)} task(s):")
        for v in res.victims:
            lines.append(f"  pid {v.pid} ({v.comm}) in {v.cgroup}: {v.reason}")
    elif res.handled:
        lines.append("decision: handled — memory released, nothing killed")
    else:
        lines.append(
            "decision: pass — nothing killed; the next handler up the tree, or the kernel's OOM killer, decides"
        )
    if res.defaulted:
        names = sorted({n for _, n in res.defaulted})
        lines.append(f"note: counters not in the scenario read as 0 (marked ?): {', '.join(names)}")
    return "\n".join(lines)


def _mib(n: int) -> str:
    return f"{n / (1 << 20):.1f} MiB"
