"""Affinity spaces on a real hub: members open the space's folder, page and discussion;
a non-member cannot, neither through the hub nor from their own server's Python."""

from __future__ import annotations

import json
import os

import pytest

pytest.importorskip("jupyterhub", reason="the hub's packages are not installed (make setup)")

from digiculture.devtools.hub_driver import TestHub, kit_name  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() != 0, reason="the hub needs root (useradd)"
    ),
]


@pytest.fixture(scope="module")
def space():
    fac, member, other, late = kit_name("fac"), kit_name("m"), kit_name("o"), kit_name("l")
    name = "kit-museums-" + os.urandom(2).hex()
    with TestHub(admin=fac) as hub:
        hub.init()
        course = "kit-s-" + os.urandom(2).hex()
        hub.cli("hub", "add-cohort", course, "--units", "none")
        hub.cli("hub", "add-learners", course, str(hub.roster([member, other, late])))
        created = hub.cli(
            "spaces", "create", name, "--title", "Small museums", "--interest",
            "small-museums", "--lang", "de", "--member", member,
        )  # fmt: skip
        unknown = hub.cli("spaces", "add", name, "nobody-here", check=False)
        hub.users.add("space-" + name)
        hub.start()
        people = {n: hub.person(n) for n in (member, other, late)}
        for p in people.values():
            p.signup()
            assert p.login().status_code == 302
        # The member starts the space's server (members may), the non-member their own.
        hub.start_servers([(people[member], "space-" + name), (people[other], other)])
        yield {
            "hub": hub, "name": name, "member": people[member], "other": people[other],
            "late": people[late], "created": created.stdout, "unknown": unknown,
        }  # fmt: skip


def test_member_opens_folder_page_and_discussion(space):
    member, owner = space["member"], "space-" + space["name"]
    listing = member.server("GET", "/api/contents", owner=owner)
    assert listing.status_code == 200
    names = {c["name"] for c in listing.json()["content"]}
    assert {"about_this_space.ipynb", "discussion.chat"} <= names
    page = member.server("GET", "/api/contents/about_this_space.ipynb", owner=owner).json()
    text = "\n".join(c["source"] for c in page["content"]["cells"])
    assert "# Small museums" in text and "Mitglieder (1)" in text  # the page in German
    assert "Stadtmuseum Kassel" in text and "| DE |" in text  # from the cohort's roster
    assert "https://www.ne-mo.org/" in text
    # A notebook written into the space is shared: it is in the space's folder.
    saved = member.server(
        "PUT",
        "/api/contents/exhibition_ideas.ipynb",
        owner=owner,
        json={"type": "notebook", "content": json.loads(EMPTY_NOTEBOOK)},
    )
    assert saved.status_code == 201
    chat = member.server("GET", "/api/contents/discussion.chat", owner=owner).json()
    assert json.loads(chat["content"])["messages"] == []


def test_non_member_cannot_open_the_space(space):
    other, owner = space["other"], "space-" + space["name"]
    for path in ("/api/contents", "/api/contents/discussion.chat", "/lab"):
        response = other.server("GET", path, owner=owner, allow_redirects=False)
        assert response.status_code in (403, 404), (path, response.status_code)
    # Nor can they start or stop it through the hub.
    assert other.hub_api("POST", f"/users/{owner}/server").status_code in (403, 404)
    # And their own server's Python cannot read the folder on disk.
    folder = space["hub"].hub_dir / "spaces" / space["name"]
    output = other.run_python(
        f"try:\n    print(os.listdir({str(folder)!r}))\nexcept PermissionError:\n"
        "    print('denied')\n".replace("try:", "import os\ntry:", 1)
    )
    assert output.strip() == "denied", output


def test_membership_applies_at_once_and_cli_reports(space):
    late, owner, hub = space["late"], "space-" + space["name"], space["hub"]
    added = hub.cli("spaces", "add", space["name"], late.name)
    assert "now has 2 member(s)" in added.stdout
    assert late.server("GET", "/api/contents", owner=owner).status_code == 200
    listed = hub.cli("spaces", "list").stdout
    assert space["name"] in listed and "2 member(s)" in listed
    assert "Restart" not in space["created"]  # made before the hub started
    assert space["unknown"].returncode == 2 and "Not on the hub: nobody-here" in (
        space["unknown"].stderr
    )


EMPTY_NOTEBOOK = json.dumps(
    {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, separators=(",", ":")
)
