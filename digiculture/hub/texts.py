"""The words of the hub's sign-up page, in the kit's six languages.

Its labels, what it says after a sign-up (ready to log in, or waiting for a facilitator's
approval: whichever is true) and every refusal. The page speaks the language of the
invitation link (`lang=`, from the roster), else the browser's (Accept-Language), else
English. The English is here, the other languages in the gettext catalogs
(`digiculture.interface_texts`): drafts until a native reviewer from the sector checks them.
"""

from __future__ import annotations

from digiculture.interface_texts import TextTable

#: The English texts (the source): the other languages are the catalogs
#: digiculture/locale/LANG/LC_MESSAGES/signup.po (drafts until reviewed).
ENGLISH: dict[str, str] = {
    "title": "Sign up",
    "username": "Name on the hub:",
    "password": "Password (at least {length} characters):",
    "confirm": "Password again:",
    "submit": "Create my account",
    "have_account": "Already signed up? Log in",
    "ready": "Your account is ready: log in with your name and password.",
    "waiting": "Your account is made, but you are not on a course's list: a facilitator "
    "must approve it before you can log in. Ask your facilitator to approve '{name}'.",
    "taken": "The name '{name}' is already in use: if it is yours, log in; otherwise "
    "choose another name.",
    "mismatch": "The two passwords are not the same: type them again.",
    "weak": "This password cannot be used: choose one of at least {length} characters "
    "that is not a common password.",
    "label": "Invitation code (from your facilitator's link; leave empty if you have none):",
    "bad_name": "'{name}' cannot be a name here: use lower-case letters, digits, '.', '_' "
    "and '-', starting with a letter.",
    "reserved": "'{name}' is reserved on this hub (it is an account or group of this "
    "machine, or could pass for one): choose another name.",
    "need_invitation": "This name belongs to a learner or facilitator of the course: sign "
    "up with the personal invitation link your facilitator sent you.",
    "wrong_code": "This invitation code is not the one for this name: open the link from "
    "your invitation again (or copy the code exactly).",
    "expired": "This invitation has expired: ask your facilitator for a new one.",
}

WORDS = TextTable("signup", "The hub's sign-up page", "digiculture/hub/texts.py", ENGLISH)


def language(asked: str, accept_language: str) -> str:
    """The page's language: `asked` (the link's lang=), else the browser's first known one."""
    if asked in WORDS:
        return asked
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in WORDS:
            return tag
    return "en"


def say(lang: str, key: str, **values: object) -> str:
    return WORDS.text(key, lang if lang in WORDS else "en").format(**values)


def page_words(lang: str, length: int) -> dict[str, str]:
    """The sign-up page's labels in `lang` (the template's `words`)."""
    keys = ("title", "username", "password", "confirm", "submit", "have_account", "label")
    return {key: say(lang, key, length=length) for key in keys}
