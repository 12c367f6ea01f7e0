"""The strategy tools units use: a SWOT as a 2 x 2 table and indicators (learn.strategy)."""

from __future__ import annotations

import numpy as np
import pytest

from digiculture.learn.strategy import Indicator, show_swot, swot_table

FINDINGS = [{"id": "F1", "text": "Unique photographs."}, {"id": "F2", "text": "Old website."}]


def test_swot_table_puts_the_four_parts_in_a_two_by_two_grid():
    table = swot_table({"S": ["Strong"], "W": ["Weak"], "O": ["Chance"], "T": ["Risk"]})
    lines = table.splitlines()
    assert len(lines) == 4
    assert "Helps" in lines[0] and "Harms" in lines[0]
    assert lines[2].index("Strengths") < lines[2].index("Weaknesses")
    assert "Strong" in lines[2] and "Weak" in lines[2] and "Inside" in lines[2]
    assert "Chance" in lines[3] and "Risk" in lines[3] and "Outside" in lines[3]


def test_swot_table_shows_the_text_of_finding_ids():
    as_list = swot_table({"S": ["F1"], "W": ["F2"], "O": [], "T": []}, FINDINGS)
    as_mapping = swot_table(
        {"S": ["F1"], "W": ["F2"], "O": [], "T": []},
        {"F1": "Unique photographs.", "F2": "Old website."},
    )
    assert as_list == as_mapping
    assert "F1: Unique photographs." in as_list
    assert "(nothing yet)" in as_list  # empty parts still show


def test_swot_table_escapes_pipes_and_accepts_missing_parts():
    table = swot_table({"S": ["a | b"]})
    assert "a \\| b" in table
    assert table.count("(nothing yet)") == 3


@pytest.mark.parametrize(
    "swot, message",
    [
        ({"Strengths": ["x"]}, "capital letters"),
        ({"S": "F1"}, "should be a list"),
        (["S", "W"], "dictionary"),
    ],
)
def test_swot_table_explains_a_wrong_shape(swot, message):
    with pytest.raises((ValueError, TypeError), match=message):
        swot_table(swot)


def test_show_swot_prints_outside_a_notebook(capsys):
    show_swot({"S": ["F1"]}, FINDINGS)
    assert "F1: Unique photographs." in capsys.readouterr().out
    show_swot(None)  # a learner who has not answered yet gets a sentence, not an error
    assert "Nothing to show yet" in capsys.readouterr().out


def test_indicator_describes_itself_in_one_sentence():
    visits = Indicator(
        "Website visits per year",
        baseline=18400,
        target=18400 * 1.15,
        deadline="31 December 2025",
        source="website statistics",
    )
    assert str(visits) == (
        "Website visits per year: from 18,400 today to 21,160 (+15 %) by "
        "31 December 2025. Measured with: website statistics."
    )
    assert visits.change == pytest.approx(2760)
    assert visits.change_percent == pytest.approx(15)
    assert visits.problems() == []


def test_indicator_works_with_numpy_numbers_and_decimals():
    rate = Indicator(
        "Engagement rate", baseline=np.float64(2.5), target=np.int64(3), deadline="June 2026"
    )
    assert str(rate) == "Engagement rate: from 2.5 today to 3 (+20 %) by June 2026."
    assert rate.problems() == []


def test_indicator_problems_say_what_is_missing():
    assert Indicator("", 10, 10, "").problems() == [
        "Give the indicator a name: what exactly do you count?",
        "The target is the same as the baseline: say how much should change.",
        "Add a deadline: by when should the target be reached?",
    ]
    vague = Indicator("Visits", baseline="many", target=None, deadline="soon")  # type: ignore[arg-type]
    assert vague.problems() == [
        "The baseline should be a number: the value today.",
        "The target should be a number: the value you want to reach.",
    ]
    assert "from 'many' today to None by soon." in str(vague)
    assert Indicator("New followers", 0, 50, "2025").change_percent is None
    assert (
        str(Indicator("New followers", 0, 50, "2025"))
        == "New followers: from 0 today to 50 by 2025."
    )
