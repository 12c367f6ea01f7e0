"""The kit's shared codes: the course languages, and the country and language codes a roster
may use, with each country's time zone.

Course languages: the languages every text a learner, facilitator or director reads exists
in; they come from the competence profile's data (`languages` in
competence_profile/data/profile.yaml), the single source of truth, so adding a language is a
data change.

Countries: ISO 3166-1 alpha-2 codes of the EU and EEA states (the programme runs in DE, IT,
HR, GR, PT and CY). Each country has one IANA time zone, its capital's; a learner elsewhere
(the Azores, Madeira, the Canary Islands) gives their own zone in the roster's optional
`timezone` column. Languages: ISO 639-1 codes of the EU's official languages, the EEA's, and
a few more spoken by cultural professionals across Europe.
"""

from __future__ import annotations

from competence_profile import interface_languages

#: The course's interface languages, English (the source) first: en de it hr el pt.
COURSE_LANGUAGES: tuple[str, ...] = interface_languages()

#: EU and EEA countries: ISO 3166-1 alpha-2 code -> (English name, IANA time zone).
COUNTRIES: dict[str, tuple[str, str]] = {
    "AT": ("Austria", "Europe/Vienna"),
    "BE": ("Belgium", "Europe/Brussels"),
    "BG": ("Bulgaria", "Europe/Sofia"),
    "CY": ("Cyprus", "Asia/Nicosia"),
    "CZ": ("Czechia", "Europe/Prague"),
    "DE": ("Germany", "Europe/Berlin"),
    "DK": ("Denmark", "Europe/Copenhagen"),
    "EE": ("Estonia", "Europe/Tallinn"),
    "ES": ("Spain", "Europe/Madrid"),
    "FI": ("Finland", "Europe/Helsinki"),
    "FR": ("France", "Europe/Paris"),
    "GR": ("Greece", "Europe/Athens"),
    "HR": ("Croatia", "Europe/Zagreb"),
    "HU": ("Hungary", "Europe/Budapest"),
    "IE": ("Ireland", "Europe/Dublin"),
    "IS": ("Iceland", "Atlantic/Reykjavik"),
    "IT": ("Italy", "Europe/Rome"),
    "LI": ("Liechtenstein", "Europe/Vaduz"),
    "LT": ("Lithuania", "Europe/Vilnius"),
    "LU": ("Luxembourg", "Europe/Luxembourg"),
    "LV": ("Latvia", "Europe/Riga"),
    "MT": ("Malta", "Europe/Malta"),
    "NL": ("Netherlands", "Europe/Amsterdam"),
    "NO": ("Norway", "Europe/Oslo"),
    "PL": ("Poland", "Europe/Warsaw"),
    "PT": ("Portugal", "Europe/Lisbon"),
    "RO": ("Romania", "Europe/Bucharest"),
    "SE": ("Sweden", "Europe/Stockholm"),
    "SI": ("Slovenia", "Europe/Ljubljana"),
    "SK": ("Slovakia", "Europe/Bratislava"),
}

#: The programme's countries, in the order the kit lists them.
PROGRAMME_COUNTRIES: tuple[str, ...] = ("DE", "IT", "HR", "GR", "PT", "CY")

#: Codes people often write by mistake, and what to write instead.
COUNTRY_HINTS: dict[str, str] = {
    "EL": "EL is the EU's own code for Greece; ISO 3166 uses GR",
    "UK": "the United Kingdom (GB) is not in the EU or EEA",
    "GB": "the United Kingdom (GB) is not in the EU or EEA",
    "GER": "use the two-letter code DE",
    "ITA": "use the two-letter code IT",
    "CRO": "use the two-letter code HR",
    "GRE": "use the two-letter code GR",
    "POR": "use the two-letter code PT",
    "CYP": "use the two-letter code CY",
}

#: ISO 639-1 language codes -> English name.
LANGUAGES: dict[str, str] = {
    "bg": "Bulgarian",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "hr": "Croatian",
    "hu": "Hungarian",
    "it": "Italian",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mt": "Maltese",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sv": "Swedish",
    "is": "Icelandic",
    "no": "Norwegian",
    "nb": "Norwegian Bokmål",
    "nn": "Norwegian Nynorsk",
    "lb": "Luxembourgish",
    "ca": "Catalan",
    "eu": "Basque",
    "gl": "Galician",
    "tr": "Turkish",
    "sq": "Albanian",
    "sr": "Serbian",
    "bs": "Bosnian",
    "mk": "Macedonian",
    "uk": "Ukrainian",
    "ru": "Russian",
    "ar": "Arabic",
}

#: Codes people often write by mistake for a language, and what to write instead.
LANGUAGE_HINTS: dict[str, str] = {
    "gr": "Greek is 'el' in ISO 639-1",
    "cz": "Czech is 'cs' in ISO 639-1",
    "dk": "Danish is 'da' in ISO 639-1",
    "se": "Swedish is 'sv' in ISO 639-1",
    "si": "Slovenian is 'sl' in ISO 639-1",
    "ee": "Estonian is 'et' in ISO 639-1",
    "ie": "Irish is 'ga' in ISO 639-1",
    "ua": "Ukrainian is 'uk' in ISO 639-1",
    "eng": "use the two-letter code en",
    "ger": "use the two-letter code de",
    "deu": "use the two-letter code de",
    "ita": "use the two-letter code it",
    "por": "use the two-letter code pt",
    "gre": "use the two-letter code el",
    "ell": "use the two-letter code el",
    "hrv": "use the two-letter code hr",
}


def country_timezone(country: str) -> str:
    """The IANA time zone of a country's capital (KeyError for a code not in COUNTRIES)."""
    return COUNTRIES[country][1]


def language_name(code: str) -> str:
    """The English name of a language code, or the code itself if unknown."""
    return LANGUAGES.get(code, code)
