"""Sign-up and log-in: NativeAuthenticator with the kit's rules on names.

Learners choose a password at /hub/signup. Names on a cohort's roster are approved at once;
anyone else waits until a facilitator approves them at /hub/authorize. Names that are
reserved for affinity spaces (`space-...`) or belong to a Unix account the kit did not make
(`root`, `www-data`, ...) cannot be signed up.
"""

from __future__ import annotations

import re

from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.handlers import LoginHandler

from digiculture.hub.accounts import is_kit_user, user_exists

SPACE_PREFIX = "space-"
_UNIX_NAME = re.compile(r"^[a-z][a-z0-9_.-]{0,30}$")


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


class KitAuthenticator(NativeAuthenticator):
    def get_handlers(self, app):
        return [
            (path, KitLoginHandler if handler is LoginHandler else handler)
            for path, handler in super().get_handlers(app)
        ]

    def validate_username(self, username: str) -> bool:
        if not _UNIX_NAME.match(username):
            return False
        if user_exists(username) and not is_kit_user(username):
            return False
        return super().validate_username(username)

    def create_user(self, username, password, **kwargs):
        # A space's account is the kit's, never a person's: nobody signs up with its name.
        if self.normalize_username(username).startswith(SPACE_PREFIX):
            return None
        return super().create_user(username, password, **kwargs)
