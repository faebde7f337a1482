"""The token signing key: validated for production, generated (and cached) for development."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from netfix.oidc_keys import development_signing_key, generate_signing_key, validate_signing_key

ROOT = Path(__file__).resolve().parents[2]


def _pem(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def test_a_generated_key_is_valid_and_new_each_time():
    first, second = generate_signing_key(), generate_signing_key()
    assert validate_signing_key(first) == first
    assert first != second


@pytest.mark.parametrize(
    ("pem", "reason"),
    [
        ("-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----\n", "not an unencrypted PEM"),
        (_pem(ec.generate_private_key(ec.SECP256R1())), "not an RSA key"),
        (_pem(rsa.generate_private_key(public_exponent=65537, key_size=1024)), "1024 bits"),  # noqa: S505 (the point)
    ],
    ids=["garbage", "elliptic-curve", "too-short"],
)
def test_unusable_keys_are_refused(pem, reason):
    with pytest.raises(ValueError, match=reason):
        validate_signing_key(pem)


def test_development_key_is_cached_in_its_file(tmp_path):
    cache = tmp_path / "keys" / "dev.pem"
    key = development_signing_key(cache)
    assert cache.read_text() == key
    assert cache.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert development_signing_key(cache) == key
    assert [path.name for path in cache.parent.iterdir()] == ["dev.pem"]  # no temporary files left behind


def test_processes_starting_together_agree_on_one_development_key(tmp_path):
    cache = tmp_path / "dev.pem"
    with ThreadPoolExecutor(max_workers=4) as pool:
        keys = set(pool.map(lambda _: development_signing_key(cache), range(4)))
    assert keys == {cache.read_text()}


def test_without_a_cache_file_each_call_gets_its_own_key():
    assert development_signing_key() != development_signing_key()


def test_the_module_prints_a_key_for_operators():
    result = subprocess.run(
        [sys.executable, "-m", "netfix.oidc_keys"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert validate_signing_key(result.stdout) == result.stdout
