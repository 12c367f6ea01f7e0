"""Small tools for a digital strategy: a SWOT as a 2 x 2 table, and measurable indicators.

Units call these so that learners can see their strategy work laid out clearly:

    from digiculture.learn.strategy import Indicator, show_swot
    show_swot({"S": ["F1"], "W": ["F2"], "O": ["F4"], "T": ["F3"]}, profile["findings"])
    visits = Indicator("Website visits per year", baseline=18400, target=21160,
                       deadline="31 December 2025", source="website statistics")
    print(visits)       # Website visits per year: from 18,400 today to 21,160 (+15 %) by ...
    visits.problems()   # [] when the indicator is measurable, else what is still missing

A *SWOT* sorts findings about an institution into Strengths and Weaknesses (inside the
institution) and Opportunities and Threats (outside it). An *indicator* is a number that
shows progress towards a goal: its *baseline* is the value today, its *target* the value
wanted by the *deadline* (the "measurable" and "time-bound" of a SMART goal).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Any

from digiculture.learn.check import phrase
from digiculture.learn.language import joined

__all__ = ["SWOT_PARTS", "Indicator", "show_swot", "swot_table"]

#: The four parts of a SWOT, by the letter a learner uses as the key of each list.
SWOT_PARTS: dict[str, str] = {
    "S": "Strengths",
    "W": "Weaknesses",
    "O": "Opportunities",
    "T": "Threats",
}


def _finding_texts(
    findings: Mapping[str, str] | Iterable[Mapping[str, Any]] | None,
) -> dict[str, str]:
    """Finding id -> text, from a mapping or from a list of {"id": ..., "text": ...}."""
    if findings is None:
        return {}
    if isinstance(findings, Mapping):
        return {str(k): str(v) for k, v in findings.items()}
    return {str(f["id"]): str(f["text"]) for f in findings}


def _cell(letter: str, items: Iterable[Any], texts: Mapping[str, str]) -> str:
    lines = [f"**{phrase(SWOT_PARTS[letter])}**"]
    for item in items:
        key = str(item)
        text = f"{key}: {texts[key]}" if key in texts else key
        lines.append("• " + text.replace("|", "\\|"))
    if len(lines) == 1:
        lines.append(phrase("(nothing yet)"))
    return "<br>".join(lines)


def swot_table(
    swot: Mapping[str, Iterable[Any]],
    findings: Mapping[str, str] | Iterable[Mapping[str, Any]] | None = None,
) -> str:
    """The SWOT as a 2 x 2 Markdown table: what helps and what harms, inside and outside.

    `swot` has the keys "S", "W", "O" and "T", each with a list of findings (their texts, or
    their ids when `findings` gives the text of each id).
    """
    if not isinstance(swot, Mapping):
        raise TypeError(
            phrase(
                'The SWOT should be a dictionary {...} with the keys "S", "W", "O" and "T", '
                "like the example."
            )
        )
    wrong = sorted(set(map(str, swot)) - set(SWOT_PARTS))
    if wrong:
        raise ValueError(
            phrase(
                'The SWOT has the key(s) {keys}; use only the capital letters "S", "W", "O" '
                'and "T", like the example.',
                keys=", ".join(wrong),
            )
        )
    for letter, items in swot.items():
        if isinstance(items, str) or not isinstance(items, Iterable):
            raise TypeError(
                phrase(
                    'The part "{letter}" of the SWOT should be a list [...], even with a single '
                    "finding in it.",
                    letter=letter,
                )
            )
    texts = _finding_texts(findings)

    def cell(letter: str) -> str:
        return _cell(letter, swot.get(letter, []), texts)

    helps, harms = phrase("Helps the institution"), phrase("Harms the institution")
    inside, outside = phrase("Inside the institution"), phrase("Outside the institution")
    return "\n".join(
        [
            f"| | {helps} | {harms} |",
            "|---|---|---|",
            f"| **{inside}** | {cell('S')} | {cell('W')} |",
            f"| **{outside}** | {cell('O')} | {cell('T')} |",
        ]
    )


def show_swot(
    swot: Mapping[str, Iterable[Any]] | None,
    findings: Mapping[str, str] | Iterable[Mapping[str, Any]] | None = None,
) -> None:
    """Show the SWOT as a table in the notebook (printed as text outside a notebook)."""
    if swot is None or swot is Ellipsis:
        print(
            phrase(
                "Nothing to show yet: write your SWOT in the cell above, run it, then run "
                "this cell again."
            )
        )
        return
    table = swot_table(swot, findings)
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        print(table)
        return
    if get_ipython() is None:
        print(table)
    else:
        display(Markdown(table))


def _is_number(value: Any) -> bool:
    """A plain or numpy number, but not True/False."""
    return isinstance(value, Real) and not isinstance(value, bool)


def _number(value: Any) -> str:
    """18400 -> '18,400'; 21160.000000004 -> '21,160'; 2.5 -> '2.5'."""
    if not _is_number(value):
        return repr(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@dataclass
class Indicator:
    """A number that shows progress towards a goal, with its value today and the one wanted.

    name: what exactly is counted ("Website visits per year").
    baseline: the value today (where you start).   target: the value you want to reach.
    deadline: by when ("31 December 2025").          source: where the figure comes from.
    """

    name: str
    baseline: float
    target: float
    deadline: str
    source: str = ""

    @property
    def change(self) -> float:
        """How much the figure should grow (negative: shrink) from baseline to target."""
        return self.target - self.baseline

    @property
    def change_percent(self) -> float | None:
        """The change in per cent of the baseline (None when the baseline is 0)."""
        if not self.baseline:
            return None
        return (self.target - self.baseline) / self.baseline * 100

    def problems(self) -> list[str]:
        """What still keeps the indicator from being measurable, in plain sentences."""
        found = []
        if not str(self.name or "").strip():
            found.append(phrase("Give the indicator a name: what exactly do you count?"))
        if not _is_number(self.baseline):
            found.append(phrase("The baseline should be a number: the value today."))
        if not _is_number(self.target):
            found.append(phrase("The target should be a number: the value you want to reach."))
        elif _is_number(self.baseline) and self.target == self.baseline:
            found.append(
                phrase("The target is the same as the baseline: say how much should change.")
            )
        if not str(self.deadline or "").strip():
            found.append(phrase("Add a deadline: by when should the target be reached?"))
        return found

    def __str__(self) -> str:
        change = ""
        if _is_number(self.baseline) and _is_number(self.target):
            percent = self.change_percent
            if percent is not None:
                change = f" ({percent:+.1f} %)".replace(".0 %", " %")
        parts = [
            phrase(
                "{name}: from {baseline} today to {target}{change} by {deadline}.",
                name=self.name,
                baseline=_number(self.baseline),
                target=_number(self.target),
                change=change,
                deadline=self.deadline,
            )
        ]
        if str(self.source or "").strip():
            parts.append(phrase(" Measured with: {source}.", source=self.source))
        return str(joined(*parts))
