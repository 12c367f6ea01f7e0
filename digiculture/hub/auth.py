"""Sign-up and log-in: NativeAuthenticator with the kit's rules on names, invitations, throttling.

- A name on a cohort's roster, or a facilitator's name, is signed up only with its one-time
  invitation (`digiculture.hub.invitations`): the personal link the facilitator sent. Such
  accounts are approved at once, whenever the name was added (the record is read at each
  sign-up, not only when the hub started).
- Anyone else may sign up with a free name and waits until a facilitator approves them at
  /hub/authorize. Reserved names (`admin`, `root`, `jovyan`, `formgrade-...`, `space-...`,
  accounts and groups of the machine the kit did not make) are refused (`names`).
- Failed log-ins slow down their source, not the name's owner (`throttle`).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import bcrypt
from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.handlers import LoginHandler, SignUpHandler
from nativeauthenticator.orm import UserInfo
from traitlets import Unicode

from digiculture.hub import invitations, texts
from digiculture.hub.names import SPACE_PREFIX, UNIX_NAME, name_problem
from digiculture.hub.state import load_state
from digiculture.hub.throttle import Throttle

__all__ = ["SPACE_PREFIX", "UNIX_NAME", "KitAuthenticator"]
#: The device cookie's lifetime: a browser that logged in as a name is trusted that long.
DEVICE_DAYS = 90


class _NoTimer:
    def start(self) -> _NoTimer:
        return self

    def stop(self, send: bool = True) -> None:
        return None


class _NoStatsd:
    def timer(self, _name: str) -> _NoTimer:
        return _NoTimer()


class KitLoginHandler(LoginHandler):
    """NativeAuthenticator 1.3's log-in form times itself with JupyterHub's statsd client,
    which JupyterHub 6 no longer has: the timing is dropped, the log-in is unchanged."""

    @property
    def statsd(self) -> _NoStatsd:
        return _NoStatsd()


class KitSignUpHandler(SignUpHandler):
    """The sign-up form in the person's language, with the invitation's name and code filled
    in from its link, and a result that says what is true: ready to log in (a roster learner
    or facilitator with their invitation, approved at once) or waiting for a facilitator."""

    def page_language(self) -> str:
        return texts.language(
            self.get_argument("lang", ""), self.request.headers.get("Accept-Language", "")
        )

    def render_template(self, name, sync=False, **ns):
        lang = self.page_language()
        ns.setdefault("lang", lang)
        ns.setdefault("words", texts.page_words(lang, self.authenticator.minimum_password_length))
        ns.setdefault("invited_name", self.get_argument("username", self.get_argument("name", "")))
        ns.setdefault("invitation", self.get_argument("invitation", ""))
        return super().render_template(name, sync=sync, **ns)

    def get_result_message(
        self, user, assume_user_is_human, username_already_taken, confirmation_matches, *_
    ):
        lang = self.page_language()
        name = self.authenticator.normalize_username(self.get_body_argument("username", ""))
        if not assume_user_is_human:
            return super().get_result_message(
                user, assume_user_is_human, username_already_taken, confirmation_matches, False
            )
        if username_already_taken:
            return "alert-danger", texts.say(lang, "taken", name=name)
        if not confirmation_matches:
            return "alert-danger", texts.say(lang, "mismatch")
        if user is None:
            length = self.authenticator.minimum_password_length
            return "alert-danger", texts.say(lang, "weak", length=length)
        if user.is_authorized:
            return "alert-success", texts.say(lang, "ready")
        return "alert-info", texts.say(lang, "waiting", name=name)

    async def signup_page(self, **extra) -> str:
        """The sign-up page (the kit's template, in the page's language)."""
        return await self.render_template(
            "signup.html",
            ask_email=self.authenticator.ask_email_on_signup,
            two_factor_auth=self.authenticator.allow_2fa,
            recaptcha_key=self.authenticator.recaptcha_key,
            tos=self.authenticator.tos,
            **extra,
        )

    async def get(self):
        if not self.authenticator.enable_signup:
            return await super().get()
        self.finish(await self.signup_page())

    async def post(self):
        name = self.authenticator.normalize_username(self.get_body_argument("username", ""))
        code = self.get_body_argument("invitation", "", strip=True)
        problem = self.authenticator.signup_problem(name, code, self.page_language())
        if problem is not None:
            self.log.warning("Sign-up as %r refused: %s", name, problem)
            html = await self.signup_page(result_message=problem, alert="alert-danger")
            self.set_status(403)
            self.finish(html)
            return
        # create_user (called by the form's handler without a pause) checks the code again.
        self.authenticator.offered_codes[name] = code
        try:
            await super().post()
        finally:
            self.authenticator.offered_codes.pop(name, None)


#: bcrypt's own threads, one per processor: not the event loop's default ones, which also
#: resolve addresses for Tornado's HTTP clients (60 queued checks held those up for a minute).
BCRYPT_THREADS = ThreadPoolExecutor(os.cpu_count() or 1, thread_name_prefix="bcrypt")


async def password_matches(password: str, hashed: bytes) -> bool:
    """bcrypt's check (about 0.3 s of a core) in a thread, not in the hub's event loop: 60
    learners logging in at once would otherwise stop the hub (and every server's start) for
    tens of seconds. bcrypt releases the GIL, so two log-ins are checked on two cores."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(BCRYPT_THREADS, bcrypt.checkpw, password.encode(), hashed)


class KitAuthenticator(NativeAuthenticator):
    hub_dir = Unicode("", config=True, help="The kit's hub folder (hub.json, invitations).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.throttle = Throttle()
        self.offered_codes: dict[str, str] = {}

    def get_handlers(self, app):
        swap = {LoginHandler: KitLoginHandler, SignUpHandler: KitSignUpHandler}
        return [(path, swap.get(handler, handler)) for path, handler in super().get_handlers(app)]

    # --- names and invitations ------------------------------------------------------------
    def get_authed_users(self) -> set[str]:
        """Who is approved, read at each sign-up (not only when the hub started): approved
        accounts, administrators, and the names of the hub's record and invitations now (a
        learner added by `hub add-learners` while the hub runs is one of them). A name of the
        record signs up only with its invitation (`signup_problem`), so naming it here only
        approves its owner's account at once."""
        authed = {info.username for info in UserInfo.all_users(self.db) if info.is_authorized}
        return authed | set(self.admin_users) | self._invited_names()

    def _invited_names(self) -> set[str]:
        """Names that only an invitation signs up: roster learners, facilitators, invited."""
        hub_dir = Path(self.hub_dir)
        state = load_state(hub_dir)
        names = invitations.pending(hub_dir)
        if state is not None:
            names |= state.people
        return names

    def signup_problem(self, name: str, code: str, lang: str = "en") -> str | None:
        """Why `name` cannot be signed up with `code` (a sentence in `lang`), or None."""
        if name_problem(name) is not None:
            key = "bad_name" if not UNIX_NAME.match(name) else "reserved"
            return texts.say(lang, key, name=name)
        if self.user_exists(name):
            return None  # NativeAuthenticator says the name is taken
        if name in self._invited_names():
            key = invitations.check(Path(self.hub_dir), name, code)
            return None if key is None else texts.say(lang, key)
        return None

    def validate_username(self, username: str) -> bool:
        # A space's account is the kit's (made through the API, never signed up: the sign-up
        # refuses the prefix in signup_problem); every other name follows the kit's rule.
        if username.startswith(SPACE_PREFIX):
            ok = bool(UNIX_NAME.match(username))
        else:
            ok = name_problem(username) is None
        return ok and super().validate_username(username)

    def create_user(self, username, password, **kwargs):
        name = self.normalize_username(username)
        invited = name in self._invited_names()
        if self.signup_problem(name, self.offered_codes.get(name, "")) is not None:
            return None
        user = super().create_user(username, password, **kwargs)
        if user is not None and invited:
            invitations.use(Path(self.hub_dir), name)
            if not user.is_authorized:
                user.is_authorized = True
                self.db.commit()
        return user

    # --- log-in with throttling -----------------------------------------------------------
    @staticmethod
    def source_of(handler) -> str:
        """The browser's address: the last X-Forwarded-For entry (the one the kit's proxy
        added, which a browser cannot choose), else the connection's."""
        if handler is None:
            return "unknown"
        forwarded = handler.request.headers.get("X-Forwarded-For", "")
        last = forwarded.split(",")[-1].strip()
        return last or handler.request.remote_ip or "unknown"

    @staticmethod
    def _device_cookie(name: str) -> str:
        return "kit-device-" + hashlib.sha256(name.encode()).hexdigest()[:16]

    def _trusted(self, handler, name: str) -> bool:
        if handler is None:
            return False
        value = handler.get_secure_cookie(self._device_cookie(name), max_age_days=DEVICE_DAYS)
        return value is not None and value.decode() == name

    async def authenticate(self, handler, data):
        name = self.normalize_username(data["username"])
        source = self.source_of(handler)
        refusal = self.throttle.refusal(name, source, self._trusted(handler, name))
        if refusal is not None:
            self.log.warning("Log-in as %r not checked: %s", name, refusal)
            return None
        user = self.get_user(name)
        ok = (
            user is not None
            and user.is_authorized
            and await password_matches(data["password"], user.password)
        )
        if ok and user.has_2fa:
            ok = user.is_valid_token(data.get("2fa"))
        if not ok:
            self.throttle.failed(name, source)
            return None
        self.throttle.succeeded(name, source)
        if handler is not None:
            handler.set_secure_cookie(
                self._device_cookie(name),
                name,
                expires_days=DEVICE_DAYS,
                httponly=True,
                path=handler.hub.base_url,
            )
        return name
