"""The app tells the page around it its language and its page (voila_apps/frontend follows)."""

from __future__ import annotations

from assessment.app import SelfAssessmentApp


def _marks(widget, prefix: str) -> list[str]:
    return [c for c in widget._dom_classes if c.startswith(prefix)]


def test_the_app_names_its_language_and_page(assessment):
    app = SelfAssessmentApp(assessment, lang="de")
    assert _marks(app.widget, "kit-lang-") == ["kit-lang-de"]
    assert _marks(app.body, "kit-page-") == ["kit-page-language"]


def test_a_new_page_and_a_new_language_replace_the_earlier_marks(assessment):
    app = SelfAssessmentApp(assessment, lang="de")
    language = next(c for c in app.body.children if "kit-language" in c._dom_classes)
    language.value = "el"  # the visitor picks Greek
    assert _marks(app.widget, "kit-lang-") == ["kit-lang-el"]
    start = app.nav.children[0]
    start.click()
    assert _marks(app.body, "kit-page-") == ["kit-page-consent"]
    app._forward()  # from consent to "about you"
    app.controls["role"].value = "collections_documentation"  # needed to go on
    app._forward()
    assert _marks(app.body, "kit-page-") == ["kit-page-area-P1"]
