"""The app tells the page around it its language and its page (voila_apps/light_page follows)."""

from __future__ import annotations

from assessment.app import SelfAssessmentApp
from assessment.service import Assessment
from assessment.store import ResultStore
from assessment.wording import long_date
from tests.assessment.conftest import answers_at


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
    app.show_page()
    radio = app.controls["P1.1-rate"]
    labelled = [c for c in radio._dom_classes if c.startswith("kit-labelledby-")]
    assert labelled == ["kit-labelledby-kit-q-P1-1-rate"]
    box = next(b for b in app.body.children if "kit-item-P1-1-rate" in b._dom_classes)
    assert 'id="kit-q-P1-1-rate"' in box.children[0].value


def _to_area_p1(app) -> None:
    app.nav.children[0].click()  # start: the consent page
    app._forward()
    app.controls["role"].value = "director"
    app._forward()


def test_a_mistyped_code_is_told_and_can_be_corrected(stored_assessment):
    a = stored_assessment
    first = a.finish(answers_at(a, 1, False, "director"), "director", "de", consent=True)
    app = SelfAssessmentApp(a, lang="de")
    app.nav.children[0].click()
    app.controls["consent"].value = "yes"
    app.code = first.code[:-1] + ("X" if first.code[-1] != "X" else "Y")
    app._forward()
    assert _marks(app.body, "kit-page-") == ["kit-page-consent"]  # not a new learner in silence
    assert a.local("de")[1].ui["code_unknown"] in app.note.value
    app.code = first.code.lower()
    app._forward()
    assert _marks(app.body, "kit-page-") == ["kit-page-about"]


def test_open_questions_are_listed_by_name_with_a_link_to_each(assessment):
    app = SelfAssessmentApp(assessment, lang="hr")
    _to_area_p1(app)
    app.controls["P1.1-rate"].value = 2
    app._forward()
    _, bank = assessment.local("hr")
    note = app.note.value
    assert 'href="#kit-q-P1-1-quiz"' in note and bank.item("P1.1-quiz").text in note
    assert "kit-q-P1-1-rate" not in note  # answered
    assert "(n)" not in note
    app._forward()  # a second time: on to the next area
    assert _marks(app.body, "kit-page-") == ["kit-page-area-P2"]


def test_answers_that_cannot_be_kept_are_marked_for_a_warning(assessment, tmp_path):
    store = ResultStore(f"sqlite:///{tmp_path / 'r.sqlite'}")
    a = Assessment(assessment.profile, assessment.bank, assessment.manifest, store)
    app = SelfAssessmentApp(a, lang="de")
    app.draft_key.value = "new"  # what the light page sends from a browser without a draft
    key = app.draft_key.value
    assert key not in ("", "new")
    _to_area_p1(app)
    app.controls["P1.1-rate"].value = 3
    assert _marks(app.widget, "kit-saved-") == ["kit-saved-yes"]
    assert a.drafts.load(key).state["answers"]["P1.1-rate"] == 3
    store.path.unlink()  # the store is gone (a full disk, a broken mount)
    store.path.mkdir()
    app.controls["P1.1-rate"].value = 4
    assert _marks(app.widget, "kit-saved-") == ["kit-saved-no"]


def test_a_reopened_page_goes_on_from_its_draft(stored_assessment):
    a = stored_assessment
    app = SelfAssessmentApp(a, lang="de")
    app.draft_key.value = "new"
    key = app.draft_key.value
    _to_area_p1(app)
    app.controls["P1.1-rate"].value = 3
    again = SelfAssessmentApp(a, lang="en")  # the reloaded page, in the server's language
    again.draft_key.value = key
    assert again.lang == "de" and _marks(again.body, "kit-page-") == ["kit-page-area-P1"]
    assert again.controls["P1.1-rate"].value == 3
    assert "kit-restored" in again.note.value


def test_the_results_explain_the_levels_link_the_units_and_name_the_first_attempt(
    stored_assessment,
):
    a = stored_assessment
    first = a.finish(answers_at(a, 1, False, "director"), "director", "it", consent=True)
    app = SelfAssessmentApp(a, lang="it", unit_link=lambda unit: f"https://hub.example/{unit}")
    app.answers = answers_at(a, 2, False, "director")
    app.code = first.code
    app._finish()
    page = "".join(getattr(c, "value", "") for c in app.body.children)
    profile, bank = a.local("it")
    assert bank.ui["levels_title"] in page
    assert all(lv.title in page for lv in profile.levels)
    unit = app.attempt.recommendations[0].unit
    assert f'href="https://hub.example/{unit}"' in page
    assert bank.ui["first_change_intro"].split("{")[0] in page
    assert f'download="{bank.ui["report_file"]}.pdf"' in page
    taken = a.store.attempts(first.code)[0].taken_at
    assert long_date(taken, "it") in page and taken[:10] not in page  # written by Babel


def test_a_role_target_of_l1_is_not_drawn_at_the_centre():
    from assessment.report import target_radius

    cutoffs = {"L1": 0.0, "L2": 40.0, "L3": 65.0, "L4": 85.0}
    assert target_radius("L1", cutoffs) == 20
    assert target_radius("L3", cutoffs) == 65


def test_a_key_made_by_the_browser_becomes_the_draft(stored_assessment):
    app = SelfAssessmentApp(stored_assessment, lang="de")
    key = "k" * 32
    app.draft_key.value = key
    assert app.draft_key.value == key and app._draft == key
    app.draft_key.value = "<script>"  # not a key: a new one is made
    assert app._draft != "<script>" and app.draft_key.value == app._draft


def test_results_that_cannot_be_shown_say_so_and_keep_the_answers(stored_assessment):
    a = stored_assessment

    def broken_link(unit: str) -> str:
        raise TypeError("a broken link maker")

    app = SelfAssessmentApp(a, lang="el", unit_link=broken_link)
    app.answers = answers_at(a, 2, False, "director")
    app._finish()
    assert app.attempt is not None and a.store.knows(app.attempt.code)  # the attempt is kept
    assert a.local("el")[1].ui["error_generic"] in app.note.value
    assert "kit-page-results" not in _marks(app.body, "kit-page-")
