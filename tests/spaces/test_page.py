"""The space page: members from the rosters, the interest's links, the notebooks."""

from __future__ import annotations

import nbformat

from digiculture.spaces.page import WORDS, Member, notebooks_in, space_page, write_space_page
from digiculture.spaces.resources import GENERAL, INTERESTS, interest


def _text(nb) -> str:
    return "\n".join(c.source for c in nb.cells)


def test_page_lists_members_links_and_notebooks(tmp_path):
    members = [
        Member("it-002", "Giulia Rossi", "Biblioteca civica", "IT", "it"),
        Member("de-001", "Anna Becker", "Stadtmuseum | Kassel", "DE", "de"),
        Member("fac"),
    ]
    (tmp_path / "ideas").mkdir()
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "ideas" / "exhibition.ipynb")
    path = write_space_page(tmp_path, "Libraries and archives", "libraries-archives", members)
    text = _text(nbformat.read(path, as_version=4))
    assert text.startswith("# Libraries and archives")
    assert "## Members (3)" in text
    assert "| Anna Becker | Stadtmuseum / Kassel | DE | de |" in text  # a | cannot break it
    assert "| fac | – | – | – |" in text
    assert "https://www.archivesportaleurope.net/" in text
    assert "[ideas/exhibition.ipynb](ideas/exhibition.ipynb)" in text
    assert "discussion.chat" in text
    assert notebooks_in(tmp_path) == ["ideas/exhibition.ipynb"]  # not the page itself


def test_every_language_has_every_word():
    for lang, words in WORDS.items():
        assert set(words) == set(WORDS["en"]), lang
        page = _text(space_page("T", "social-media", [], [], lang))
        assert words["members"] in page and words["none"] in page


def test_unknown_interest_is_general():
    assert interest("knitting") is GENERAL
    assert {"small-museums", "libraries-archives", "social-media", "digital-strategy"} <= set(
        INTERESTS
    )
