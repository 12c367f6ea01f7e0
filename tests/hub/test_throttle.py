"""The log-in throttle's rules on a fake clock (the HTTP attack is tests/security/test_hub_*)."""

from __future__ import annotations

from digiculture.hub.throttle import POOL_SECONDS, Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_failing_source_waits_but_the_owner_elsewhere_does_not():
    """Attack: 10 wrong passwords from one address lock the facilitator out everywhere."""
    clock = Clock()
    t = Throttle(clock=clock)
    for _ in range(10):
        assert t.refusal("fac", "10.0.0.66") is None
        t.failed("fac", "10.0.0.66")
    assert t.refusal("fac", "10.0.0.66") is not None  # the attacker waits
    assert t.refusal("fac", "10.0.0.66", trusted=True) is not None  # even with a stolen cookie
    assert t.refusal("fac", "192.0.2.7", trusted=True) is None  # the owner's browser
    assert t.refusal("fac", "192.0.2.8") is None  # the owner from a new address
    clock.now += 61
    assert t.refusal("fac", "10.0.0.66") is None  # the block ends


def test_changing_address_gives_an_attacker_one_try_per_pool_interval():
    """Attack: a new address for every guess (a local process can claim any address)."""
    clock = Clock()
    t = Throttle(clock=clock)
    for i in range(10):
        t.failed("fac", f"10.0.1.{i}")
    assert t.refusal("fac", "10.0.2.1") is None  # one new address gets its try ...
    t.failed("fac", "10.0.2.1")
    assert t.refusal("fac", "10.0.2.2") is not None  # ... the next waits
    assert t.refusal("fac", "192.0.2.7", trusted=True) is None  # the owner's browser does not
    clock.now += POOL_SECONDS + 0.1
    assert t.refusal("fac", "10.0.2.3") is None


def test_a_password_spray_stops_its_source_only():
    """Attack: one wrong password for each of many names from one address."""
    clock = Clock()
    t = Throttle(clock=clock)
    for i in range(50):
        t.failed(f"learner-{i}", "10.0.0.9")
    assert t.refusal("fac", "10.0.0.9") is not None
    assert t.refusal("fac", "192.0.2.7") is None
    clock.now += 601
    assert t.refusal("fac", "10.0.0.9") is None


def test_success_clears_the_sources_failures():
    t = Throttle(clock=Clock())
    for _ in range(9):
        t.failed("fac", "192.0.2.7")
    t.succeeded("fac", "192.0.2.7")
    t.failed("fac", "192.0.2.7")
    assert t.refusal("fac", "192.0.2.7") is None
