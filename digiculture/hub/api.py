"""A small client of JupyterHub's REST API (the CLI's service token, or a person's token)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from digiculture.errors import UserError


class HubAPIError(UserError):
    """The running hub answered a request with an error (`status`, its message)."""

    def __init__(self, status: int, message: str):
        super().__init__(f"HTTP {status}: {message}")
        self.status = status


@dataclass
class HubAPI:
    """`base_url` is the hub's address, for example http://127.0.0.1:8081 (no /hub/api)."""

    base_url: str
    token: str
    timeout: float = 30.0

    def request(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            f"{self.base_url.rstrip('/')}/hub/api{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as response:
                text = response.read().decode() or "null"
                return json.loads(text)
        except urllib.error.HTTPError as exc:
            raise HubAPIError(exc.code, exc.read().decode(errors="replace")[:500]) from None

    def is_running(self) -> bool:
        try:
            self.request("GET", "/")
            return True
        except (OSError, HubAPIError):
            return False

    def ensure_users(self, names: list[str]) -> None:
        existing = {u["name"] for u in self.request("GET", "/users?limit=10000")}
        missing = sorted(set(names) - existing)
        if missing:
            self.request("POST", "/users", {"usernames": missing})

    def ensure_group_members(self, group: str, names: list[str]) -> None:
        try:
            self.request("GET", f"/groups/{group}")
        except HubAPIError as exc:
            if exc.status != 404:
                raise
            self.request("POST", f"/groups/{group}")
        if names:
            self.ensure_users(names)
            self.request("POST", f"/groups/{group}/users", {"users": sorted(names)})
