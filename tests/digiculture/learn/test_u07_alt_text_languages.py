"""u07's alt text check judges the meaning in the learner's language, not English words.

The unit's language is set as `start_unit(..., language=LANG)` sets it; the words the check
looks for ("sampler", the openings "Image of" ...) come from the kit's own u07 catalogs. The
same alt text, written in each language, gets the same verdict: passed when it names the
object, refused when it starts with "Image of" or does not name the object.
"""

from __future__ import annotations

import pytest

from digiculture.learn import check, language
from digiculture.learn.units import u07

UNIT = "u07_writing_for_the_web"

#: One alt text, the same meaning in every language: it names the object first.
GOOD = {
    "en": "Linen sampler from 1874 with the alphabet, a house and two birds, stitched in red.",
    "de": "Stickmustertuch aus Leinen von 1874 mit dem Alphabet, einem Haus und zwei Vögeln, rot.",
    "it": "Imparaticcio di lino del 1874 con l'alfabeto, una casa e due uccelli, in rosso.",
    "hr": "Laneni uzornik veza iz 1874. s abecedom, kućom i dvije ptice, izvezen crvenim koncem.",
    "el": "Λινό δειγματολόγιο κεντήματος του 1874 με το αλφάβητο, ένα σπίτι και δύο πουλιά.",
    "pt": "Marcador de linho de 1874 com o alfabeto, uma casa e dois pássaros, a vermelho.",
}
#: The same text opening with "Image of" in the language.
IMAGE_OF = {
    "en": "Image of a linen sampler from 1874 with the alphabet, a house and two birds.",
    "de": "Bild von einem Stickmustertuch aus Leinen von 1874 mit Alphabet, Haus und zwei Vögeln.",
    "it": "Immagine di un imparaticcio di lino del 1874 con l'alfabeto, una casa e due uccelli.",
    "hr": "Slika lanenog uzornika veza iz 1874. s abecedom, kućom i dvije ptice.",
    "el": "ΕΙΚΟΝΑ με λινό δειγματολόγιο κεντήματος του 1874 με αλφάβητο, σπίτι και δύο πουλιά.",
    "pt": "Fotografia de um marcador de linho de 1874 com o alfabeto, uma casa e dois pássaros.",
}
#: The same text without naming the object.
NO_OBJECT = {
    "en": "Linen cloth from 1874 with the alphabet, a house and two birds, stitched in red.",
    "de": "Leinenstoff von 1874 mit dem Alphabet, einem Haus und zwei Vögeln, rot gestickt.",
    "it": "Tela di lino del 1874 con l'alfabeto, una casa e due uccelli, in rosso.",
    "hr": "Laneno platno iz 1874. s abecedom, kućom i dvije ptice, izvezeno crvenim koncem.",
    "el": "Λινό ύφασμα του 1874 με το αλφάβητο, ένα σπίτι και δύο πουλιά, κεντημένα με κόκκινο.",
    "pt": "Pano de linho de 1874 com o alfabeto, uma casa e dois pássaros, bordados a vermelho.",
}
LANGUAGES = tuple(GOOD)
#: The openings u07 refuses, as its check names them (the key of their translations).
OPENINGS = "image|picture|photo|photograph|an image|a picture|a photo"


@pytest.fixture
def speak():
    def use(lang: str) -> None:
        language.use(UNIT, lang)

    yield use
    language.use(None, None)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_alt_text_in_the_language_passes(lang, speak, capsys):
    speak(lang)
    u07.check_sampler_alt(GOOD[lang])
    u07.check_sampler_alt(GOOD["en"])  # the page is English: English alt text counts too
    assert capsys.readouterr().out.count("✓") == 2


@pytest.mark.parametrize("lang", LANGUAGES)
def test_image_of_and_a_missing_object_are_refused_in_the_language(lang, speak):
    speak(lang)
    with pytest.raises(check.NotYet) as opening:
        u07.check_sampler_alt(IMAGE_OF[lang])
    with pytest.raises(check.NotYet) as unnamed:
        u07.check_sampler_alt(NO_OBJECT[lang])
    with pytest.raises(check.NotYet):
        u07.check_sampler_alt(IMAGE_OF["en"])
    assert str(opening.value) != str(unnamed.value)
    if lang != "en":  # told in the language, with the language's word for the object
        shown = str(unnamed.value)
        assert "sampler" not in shown.replace("(a sampler)", "")
        assert check.words_meaning("sampler")[0] in shown
        assert "Image of" not in str(opening.value)


def test_same_verdicts_in_every_language(speak):
    verdicts = {}
    for lang in LANGUAGES:
        speak(lang)
        row = []
        for answers in (GOOD, IMAGE_OF, NO_OBJECT):
            try:
                u07.check_sampler_alt(answers[lang])
                row.append(True)
            except check.NotYet:
                row.append(False)
        verdicts[lang] = row
    assert all(row == [True, False, False] for row in verdicts.values()), verdicts


def test_whole_words_only_and_accents_aside(speak):
    speak("de")
    assert check.starts_with("Bild von einem Tuch", OPENINGS)
    assert not check.starts_with("Bildteppich mit Jagdszene", OPENINGS)
    speak("el")
    assert check.starts_with("εικονα: λινό δειγματολόγιο", OPENINGS)
    speak("hr")
    u07.check_sampler_alt("Laneni štramac iz 1874. s abecedom, kućom i dvije ptice, crveni vez.")
    u07.check_sampler_alt("Lanenog stramca iz 1874. s abecedom, kućom i dvije ptice, crveni vez.")


def test_the_words_reach_translators_as_word_lists():
    """`digiculture translations update` extracts the words with a note on how to list them."""
    import polib

    from digiculture.gettext_catalogs import LOCALE_DIR
    from digiculture.translations.texts import WORDS_NOTE

    pot = polib.pofile(str(LOCALE_DIR / "templates" / f"{UNIT}.pot"))
    for words in ("sampler", OPENINGS):
        entry = pot.find(words, msgctxt="check")
        assert entry is not None and " ".join(entry.comment.split()) == WORDS_NOTE
