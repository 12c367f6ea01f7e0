"""The issuer key: made once, private file for its owner only, public half as did:key."""

from __future__ import annotations

import stat

import pytest

from digiculture.credentials import keys
from digiculture.settings import Settings


def test_the_key_is_made_once_and_kept(tmp_path):
    key, made = keys.load_or_create(tmp_path / "k")
    again, made_again = keys.load_or_create(tmp_path / "k")
    assert made and not made_again
    assert again.did == key.did and key.did.startswith("did:key:z6Mk")
    mode = stat.S_IMODE((tmp_path / "k" / keys.PRIVATE_FILE).stat().st_mode)
    assert mode == 0o600
    assert keys.load_public(tmp_path / "k") == key.did
    assert keys.load_public(tmp_path / "nothing") is None


def test_did_key_round_trip_and_base58():
    for data in (b"", b"\0\0abc", bytes(range(40))):
        assert keys.b58decode(keys.b58encode(data)) == data
    with pytest.raises(ValueError):
        keys.public_key_of("did:web:example.org")
    with pytest.raises(ValueError):
        keys.b58decode("0OIl")


def test_a_damaged_key_file_is_a_sentence(tmp_path):
    (tmp_path / keys.PRIVATE_FILE).write_text("not a key", encoding="utf-8")
    with pytest.raises(keys.IssuerKeyProblem, match="cannot be read"):
        keys.load_private(tmp_path)


def test_credential_settings_come_from_the_environment(tmp_path):
    env = {
        "DIGICULTURE_UNIT_PASS_MARK": "0.8",
        "DIGICULTURE_CREDENTIAL_VALID_YEARS": "3",
        "DIGICULTURE_STATE_DIR": str(tmp_path),
    }
    s = Settings.load(environ=env)
    assert (s.unit_pass_mark, s.credential_valid_years) == (0.8, 3)
    assert s.issuer_keys == tmp_path / "issuer_key"
    with pytest.raises(Exception, match="is not a number: write one, for example 0.7"):
        Settings.load(environ={"DIGICULTURE_UNIT_PASS_MARK": "seventy"})
