"""Plain-language measures for web texts: sentences, words and sentence length.

Units call these so that learners can measure a text without writing the rules themselves:

    from digiculture.learn.text import average_sentence_length, long_sentences
    average_sentence_length(paragraph)     # 21.5  (words per sentence, on average)
    long_sentences(paragraph, 25)          # the sentences with more than 25 words

The rules are deliberately simple and predictable, so a learner can count along by hand:

- A *word* is anything between spaces that has at least one letter or digit in it
  ("e-mail", "11:00" and "1850s" are one word each; a lone dash "–" is not a word).
- A *sentence* ends with ".", "!" or "?" (a closing quote or bracket may follow) when the
  next sentence starts with a capital letter, a digit or an opening quote. Common
  abbreviations such as "e.g.", "c." or "Dr." do not end a sentence.
"""

from __future__ import annotations

import re

__all__ = ["average_sentence_length", "long_sentences", "sentence_lengths", "sentences", "words"]

_ABBREVIATIONS_TEXT = """
e.g. i.e. c. ca. approx. cf. dr. mr. mrs. ms. prof. st. no. nr. vol. fig. z.b. bzw. ggf. vgl. sig.
"""
#: Abbreviations after which a full stop does not end the sentence (compared in lower case).
ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())

# An end mark with optional closing quotes or brackets, then the space before what follows.
_END = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s)")
_OPENING = "\"'“‘«(["


def _starts_sentence(rest: str) -> bool:
    """The text after a full stop begins like a new sentence (capital, digit or quote)."""
    rest = rest.lstrip().lstrip(_OPENING)
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit())


def words(text: str) -> list[str]:
    """The words of `text`: pieces between spaces with at least one letter or digit."""
    return [piece for piece in str(text).split() if any(ch.isalnum() for ch in piece)]


def sentences(text: str) -> list[str]:
    """The sentences of `text`, in order, without the spaces between them."""
    text = " ".join(str(text).split())  # line breaks and double spaces count as one space
    found: list[str] = []
    start = 0
    for match in _END.finditer(text):
        if not _starts_sentence(text[match.end() :]):
            continue
        piece = text[start : match.end()].strip()
        tokens = piece.split()
        if tokens and tokens[-1].lower().lstrip(_OPENING) in ABBREVIATIONS:
            continue  # "c. 1890", "e.g. Europeana": the sentence goes on
        if words(piece):
            found.append(piece)
        start = match.end()
    rest = text[start:].strip()
    if words(rest):
        found.append(rest)
    return found


def sentence_lengths(text: str) -> list[int]:
    """The number of words of each sentence of `text`."""
    return [len(words(s)) for s in sentences(text)]


def average_sentence_length(text: str) -> float:
    """Words per sentence on average, rounded to one decimal (0.0 for a text without words).

    Plain-language guides suggest about 15-20 words per sentence on average for the web.
    """
    lengths = sentence_lengths(text)
    if not lengths:
        return 0.0
    return round(sum(lengths) / len(lengths), 1)


def long_sentences(text: str, limit: int = 25) -> list[str]:
    """The sentences of `text` with more than `limit` words, in order."""
    return [s for s in sentences(text) if len(words(s)) > limit]
