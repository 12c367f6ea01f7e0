"""The committed profile pages are what the data generates (run `make docs` to update)."""

from __future__ import annotations

from competence_profile import load_profile
from competence_profile.export import docs_filename, to_markdown
from digiculture.settings import Settings


def test_committed_profile_pages_are_up_to_date():
    profile = load_profile()
    docs = Settings.load().docs_dir
    for lang in profile.languages:
        path = docs / docs_filename(lang)
        assert path.is_file(), f"{path} is missing: run `make docs`"
        assert path.read_text(encoding="utf-8") == to_markdown(profile, lang), (
            f"{path.name} is out of date: run `make docs` and commit it"
        )
