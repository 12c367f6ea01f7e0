"""Who gets into the facilitator's console on a real hub (JupyterHub, its proxy, the
console as the hub's service): the cohort's facilitator sees the console; a learner of the
cohort who opens its address gets the 403 page in their language and no data (an attack:
it must fail to get through), and a page's POST without the XSRF token is refused.
"""

from __future__ import annotations

import os

import pytest

from digiculture.devtools.hub_driver import TestHub, kit_name
from tests.hub_marks import ON_A_REAL_HUB

pytestmark = ON_A_REAL_HUB

UNIT = "u01_jupyter_first_steps"


@pytest.fixture(scope="module")
def hub():
    course, other = "kit-c-" + os.urandom(2).hex(), "kit-d-" + os.urandom(2).hex()
    fac, learner, other_fac = kit_name("fac"), kit_name("la"), kit_name("fb")
    with TestHub(admin=fac) as hub:
        hub.init()
        hub.cli("hub", "add-cohort", course, "--units", UNIT)
        hub.cli("hub", "add-learners", course, str(hub.roster([learner])))  # language de
        # Another cohort with a facilitator of its own (not an admin of the hub).
        hub.cli("hub", "add-cohort", other, "--units", UNIT, "--facilitator", other_fac)
        hub.start()
        people = {
            "fac": hub.person(fac),
            "learner": hub.person(learner),
            "other_fac": hub.person(other_fac),
        }
        for person in people.values():
            person.signup()
            assert person.login().status_code == 302, f"{person.name} could not log in"
        yield hub, course, people, other


def console(person, path: str = ""):
    return person.session.get(f"{person.hub.url}/services/console/{path}", timeout=120)


def test_the_facilitator_sees_the_console(hub):
    _, course, people, _other = hub
    page = console(people["fac"])
    assert page.status_code == 200, page.text[:2000]
    assert '<html lang="' in page.text
    assert course in page.text
    assert "Facilitator console" in page.text or "Kursleitung" in page.text


def test_a_learner_gets_403_in_their_language_and_no_data(hub):
    _, course, people, _other = hub
    learner = people["learner"]
    for path in ("", "learners", "gradebook", "gradebook/download?format=csv", "units"):
        page = console(learner, path)
        assert page.status_code == 403, (path, page.status_code, page.text[:500])
        assert '<html lang="de">' in page.text  # the roster says the learner speaks German
        assert course not in page.text
        assert people["fac"].name not in page.text
    refused = learner.session.post(
        f"{learner.hub.url}/services/console/learners/import", data={"x": "1"}, timeout=60
    )
    assert refused.status_code == 403
    assert course not in refused.text


def test_a_post_without_the_xsrf_token_is_refused(hub):
    _, course, people, _other = hub
    fac = people["fac"]
    assert console(fac).status_code == 200
    response = fac.session.post(
        f"{fac.hub.url}/services/console/units/action",
        data={"unit": UNIT, "action": "release"},
        timeout=60,
    )
    assert response.status_code == 403


def test_a_facilitator_of_another_cohort_does_not_see_this_one(hub):
    _, course, people, other = hub
    them = people["other_fac"]
    for path in ("", "learners", "gradebook", "units"):
        page = them.session.get(
            f"{them.hub.url}/services/console/{path}", params={"cohort": course}, timeout=120
        )
        assert page.status_code == 200, (path, page.text[:500])
        assert other in page.text  # their own cohort, whatever the address asks
        assert course not in page.text
        assert people["learner"].name not in page.text
    download = them.session.get(
        f"{them.hub.url}/services/console/gradebook/download",
        params={"cohort": course, "format": "csv"},
        timeout=120,
    )
    assert people["learner"].name.encode() not in download.content
