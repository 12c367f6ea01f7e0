from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.assessment.conftest import answers_at


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("lang", ["en", "de", "el", "hr"])
def test_report_in_the_learners_language(stored_assessment, lang):
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
    assert pages <= 2
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
    assert pages <= 2 and a.local("pt")[1].ui["report_title"] in text


def _font_sizes(reader: PdfReader) -> set[float]:
    sizes: set[float] = set()

    def visit(op, args, cm, tm) -> None:
        if op == b"Tf":
            sizes.add(float(args[1]))

    for page in reader.pages:
        page.extract_text(visitor_operand_before=visit)
    return sizes


@pytest.mark.parametrize("lang", ["de", "el"])
def test_the_report_is_tagged_readable_and_cuts_nothing(stored_assessment, lang):
    a = stored_assessment
    outcome = a.finish(answers_at(a, 4, True, "director"), "director", lang, consent=False)
    weak = a.finish(answers_at(a, 1, False, "director"), "director", lang, consent=False)
    profile, bank = a.local(lang)
    for case in (outcome, weak):
        pdf = a.pdf(case)
        reader = PdfReader(io.BytesIO(pdf))
        root = reader.trailer["/Root"]
        # Tagged: a structure tree a screen reader follows, with headings and the chart's text.
        assert bool(root["/MarkInfo"]["/Marked"])
        assert root["/Lang"] == lang
        elements = root["/StructTreeRoot"]["/K"][0].get_object()["/K"]
        elements = [e.get_object() for e in elements]
        kinds = [e["/S"] for e in elements]
        assert kinds[0] == "/H1" and "/H2" in kinds and "/P" in kinds
        figure = next(e for e in elements if e["/S"] == "/Figure")
        assert figure["/Alt"] == bank.ui["chart_alt"]
        # No text below 10 pt: every font size set in the pages' content.
        sizes = _font_sizes(reader)
        assert sizes and min(sizes) >= 10, sorted(sizes)
        flat = " ".join("".join(p.extract_text() for p in reader.pages).split())
        # Nothing cut: every strength and every recommended unit is in the report.
        strong = [
            c
            for c in profile.competences
            if case.result.competences[c.id].score >= bank.scoring.strength_score
        ]
        for comp in strong:
            assert comp.title.split()[0] in flat
        for rec in case.recommendations:
            assert a.manifest.unit(rec.unit).title_in(lang)[:15] in flat
    assert (
        len([c for c in profile.competences if outcome.result.competences[c.id].score >= 70]) > 8
    )  # more than were shown
