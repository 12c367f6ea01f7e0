"""The plain-language measures units use to measure web texts (digiculture.learn.text)."""

from __future__ import annotations

import pytest

from digiculture.learn.text import (
    average_sentence_length,
    long_sentences,
    sentence_lengths,
    sentences,
    words,
)


def test_words_are_pieces_with_a_letter_or_digit():
    assert words("Tours every Sunday at 11:00 – by e-mail, please.") == [
        "Tours", "every", "Sunday", "at", "11:00", "by", "e-mail,", "please.",
    ]  # fmt: skip
    assert words("") == []


def test_sentences_end_at_end_marks_before_a_capital_or_digit():
    text = "The museum is open. Is it free? Yes! 12 rooms are open.\nWelcome."
    assert sentences(text) == [
        "The museum is open.", "Is it free?", "Yes!", "12 rooms are open.", "Welcome.",
    ]  # fmt: skip


def test_abbreviations_and_lower_case_do_not_end_a_sentence():
    text = "A loom, c. 1860, made of oak. It is shown e.g. in Room 2. see the map. Dr. Roth did."
    assert sentences(text) == [
        "A loom, c. 1860, made of oak.",
        "It is shown e.g. in Room 2. see the map.",
        "Dr. Roth did.",
    ]


def test_quotes_after_and_before_a_full_stop():
    text = 'She called it "the red book." "It is old," she said.'
    assert sentences(text) == ['She called it "the red book."', '"It is old," she said.']


def test_a_last_sentence_without_full_stop_counts():
    assert sentences("Open daily. Free entry") == ["Open daily.", "Free entry"]


def test_lengths_average_and_long_sentences():
    text = "One two three four. One two. One two three four five six."
    assert sentence_lengths(text) == [4, 2, 6]
    assert average_sentence_length(text) == pytest.approx(4.0)
    assert long_sentences(text, 3) == ["One two three four.", "One two three four five six."]
    assert long_sentences(text) == []  # the default limit is 25 words


def test_average_is_rounded_to_one_decimal_and_zero_without_words():
    assert average_sentence_length("One two. One. One.") == pytest.approx(1.3)
    assert average_sentence_length("  – ") == 0.0
    assert sentences("") == []
