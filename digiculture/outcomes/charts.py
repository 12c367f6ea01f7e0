"""The reports' pictures as PNG bytes (matplotlib, DejaVu fonts: Latin and Greek)."""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy  # noqa: E402

from digiculture.outcomes.institution import InstitutionReport  # noqa: E402
from digiculture.outcomes.programme import ProgrammeReport  # noqa: E402
from digiculture.outcomes.words import Words

BLUE, LIGHT, GREEN, ORANGE = "#1d4ed8", "#93c5fd", "#15803d", "#b45309"


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def heatmap(report: InstitutionReport, area_titles: dict[str, str]) -> bytes:
    """Staff at their role's target, per group (rows) and area (columns), in per cent."""
    groups = list(report.groups)
    areas = [a.area for a in report.areas]
    cell = {(c.group, c.area): c for c in report.heatmap}
    values = [[cell[(g, a)].at_target_percent for a in areas] for g in groups]
    fig, ax = plt.subplots(figsize=(7.2, 0.45 * len(groups) + 1.3))
    # A hidden cell (small-cell rule) is grey and reads "–".
    masked = numpy.ma.masked_invalid(
        numpy.array([[numpy.nan if v is None else v for v in row] for row in values], float)
    )
    cmap = matplotlib.colormaps["RdYlGn"].with_extremes(bad="#d1d5db")
    image = ax.imshow(masked, cmap=cmap, vmin=0, vmax=100, aspect="auto")
    ax.set_xticks(range(len(areas)))
    ax.set_xticklabels(
        ["\n".join(textwrap.wrap(f"{a} {area_titles.get(a, '')}", 16)) for a in areas], fontsize=7
    )
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(groups)))
    ax.set_yticklabels(
        [f"{textwrap.shorten(g, 38, placeholder='…')} ({report.groups[g]})" for g in groups],
        fontsize=7,
    )
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            ax.text(
                j,
                i,
                "–" if v is None else f"{v:.0f} %",
                ha="center",
                va="center",
                fontsize=7,
                color="black" if v is None or 25 <= v <= 85 else "white",
            )
    bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
    _ = Words(report.lang)
    bar.set_label(_("staff at their role's target (%)"), fontsize=7)
    bar.ax.tick_params(labelsize=6)
    return _png(fig)


def funnel(report: ProgrammeReport) -> bytes:
    """Per unit, in learning order: enrolled, handed in, passed."""
    _ = Words(report.lang)
    steps = report.funnel
    labels = [s.unit.split("_", 1)[0] for s in steps]
    fig, ax = plt.subplots(figsize=(7.2, 2.2))
    x = range(len(steps))
    for values, color, name, width in (
        (
            [numpy.nan if s.enrolled is None else s.enrolled for s in steps],
            "#e5e7eb",
            _("enrolled"),
            0.8,
        ),
        (
            [numpy.nan if s.handed_in is None else s.handed_in for s in steps],
            LIGHT,
            _("handed in"),
            0.6,
        ),
        ([numpy.nan if s.passed is None else s.passed for s in steps], BLUE, _("passed"), 0.4),
    ):
        ax.bar(x, values, width=width, color=color, label=name)
    ax.set_xticks(list(x))
    ax.set_xticklabels(labels, fontsize=7)
    ax.set_ylabel(_("learners"), fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    ax.legend(fontsize=7, frameon=False, ncols=3, loc="lower right", bbox_to_anchor=(1, 1))
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def change(report: ProgrammeReport) -> bytes:
    """Mean area score at the first and the latest self-assessment."""
    _ = Words(report.lang)
    rows = [c for c in report.changes if c.pre is not None]
    fig, ax = plt.subplots(figsize=(7.2, 2.4))
    x = list(range(len(rows)))
    ax.bar([i - 0.2 for i in x], [c.pre for c in rows], width=0.4, color=LIGHT, label=_("first"))
    ax.bar([i + 0.2 for i in x], [c.post for c in rows], width=0.4, color=BLUE, label=_("latest"))
    ax.set_xticks(x)
    ax.set_xticklabels(
        ["\n".join(textwrap.wrap(f"{c.area} {c.title}", 18)) for c in rows], fontsize=6.5
    )
    ax.set_ylim(0, 100)
    ax.set_ylabel(_("mean score (0-100)"), fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    ax.legend(fontsize=7, frameon=False, ncols=2, loc="lower right", bbox_to_anchor=(1, 1))
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)
