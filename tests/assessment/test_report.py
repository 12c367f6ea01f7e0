from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.assessment.conftest import answers_at


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("lang", ["en", "de", "el", "hr"])
def test_one_page_report_in_the_learners_language(stored_assessment, lang):
    a = stored_assessment
    first = a.finish(
        answers_at(a, 1, False, "education_outreach"), "education_outreach", lang, consent=True
    )
    second = a.finish(
        answers_at(a, 3, True, "education_outreach"),
        "education_outreach",
        lang,
        consent=True,
        code=first.code,
    )
    pages, text = _text(a.pdf(second))
    profile, bank = a.local(lang)
    flat = " ".join(text.split())
    assert pages == 1
    assert bank.ui["report_title"] in flat
    assert second.code in flat
    assert bank.ui["first_change_title"] in flat  # pre/post comparison
    assert profile.area("P3").title.split()[0] in flat
    first_units = [a.manifest.unit(r.unit).title_in(lang) for r in first.recommendations]
    pages, text = _text(a.pdf(first))
    flat = " ".join(text.split())
    assert first_units and first_units[0][:20] in flat
    assert bank.ui["first_change_title"] not in flat  # nothing to compare with the first time


def test_without_consent_nothing_is_stored_but_the_report_works(stored_assessment):
    a = stored_assessment
    outcome = a.finish(answers_at(a, 2, True, "director"), "director", "pt", consent=False)
    assert outcome.code is None
    assert a.store.all_attempts() == []
    pages, text = _text(a.pdf(outcome))
    assert pages == 1 and a.local("pt")[1].ui["report_title"] in text
