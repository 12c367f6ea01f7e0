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
    language.value = "el"  # the visitor marks Greek (with the arrow keys, say) ...
    assert _marks(app.widget, "kit-lang-") == ["kit-lang-de"]  # ... nothing is rebuilt yet
    start = app.nav.children[0]
    start.click()  # starting confirms the language marked
    assert _marks(app.widget, "kit-lang-") == ["kit-lang-el"]
    assert _marks(app.body, "kit-page-") == ["kit-page-consent"]
    app._forward()  # from consent to "about you"
    app.controls["role"].value = "collections_documentation"  # needed to go on
    app._forward()
    assert _marks(app.body, "kit-page-") == ["kit-page-area-P1"]


def test_a_language_is_confirmed_with_a_button_in_that_language(assessment):
    app = SelfAssessmentApp(assessment, lang="de")
    language = next(c for c in app.body.children if "kit-language" in c._dom_classes)
    apply = next(c for c in app.body.children if "kit-language-apply" in c._dom_classes)
    assert apply.layout.display == "none"
    language.value = "pt"
    assert apply.layout.display is None
    assert apply.description == assessment.local("pt")[1].ui["language_apply"]
    language.value = "de"  # back to the language shown: nothing to confirm
    assert apply.layout.display == "none"
    language.value = "el"
    apply.click()
    assert app.lang == "el" and _marks(app.widget, "kit-lang-") == ["kit-lang-el"]
    assert _marks(app.body, "kit-page-") == ["kit-page-language"]


def test_each_question_names_its_radio_group(assessment):
    app = SelfAssessmentApp(assessment, lang="el")
    app.page = 3  # the P1 page
    app._show()
    radio = app.controls["P1.1-rate"]
    labelled = [c for c in radio._dom_classes if c.startswith("kit-labelledby-")]
    assert labelled == ["kit-labelledby-kit-q-P1-1-rate"]
    box = next(b for b in app.body.children if "kit-item-P1-1-rate" in b._dom_classes)
    assert 'id="kit-q-P1-1-rate"' in box.children[0].value
