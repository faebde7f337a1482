"""The RSA key that signs ID tokens (and JWT access tokens) issued by NetFix's OpenID Connect provider.

Production reads it from ``IDP_OIDC_PRIVATE_KEY`` (PEM) and refuses to start without a valid one
(``netfix/settings/production.py``). Development and tests must work on a fresh clone with no configuration, so they
fall back to :func:`development_signing_key`: a key cached in a git-ignored file for ``make run`` (tokens stay valid
across restarts and autoreloads), or a fresh one per process for the tests.

``python -m netfix.oidc_keys`` prints a new key, for operators and for CI (no ``openssl`` needed).

This module is imported by the settings, so it must not touch Django.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_SIZE = 2048


def generate_signing_key() -> str:
    """A new 2048-bit RSA private key in unencrypted PKCS#8 PEM, the form allauth loads."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)
    return key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    ).decode("ascii")


def validate_signing_key(pem: str) -> str:
    """Return ``pem`` if it is an unencrypted RSA private key of at least 2048 bits; raise ``ValueError`` if not.

    allauth signs with RS256 and would only fail on the first token request; checking at start-up fails fast.
    """
    try:
        key = serialization.load_pem_private_key(pem.encode("utf-8"), password=None)
    except (ValueError, TypeError) as error:
        raise ValueError("it is not an unencrypted PEM private key") from error
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("it is not an RSA key (tokens are signed with RS256)")
    if key.key_size < KEY_SIZE:
        raise ValueError(f"the RSA key has {key.key_size} bits; at least {KEY_SIZE} are needed")
    return pem


def development_signing_key(cache_file: Path | None = None) -> str:
    """A key for development and tests, never for production.

    With ``cache_file`` the key is created once and reused, so ID tokens survive a restart; two processes starting
    at once (Daphne's autoreloader) agree on one key because the file appears atomically (a hard link of a fully
    written temporary file, which fails if another process won). Without ``cache_file`` each process gets its own.
    """
    if cache_file is None:
        return generate_signing_key()
    try:
        return cache_file.read_text()
    except FileNotFoundError:
        pass
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=cache_file.parent, prefix=".oidc-key-")
    try:
        with os.fdopen(descriptor, "w") as handle:  # mkstemp creates the file readable by its owner only
            handle.write(generate_signing_key())
        with contextlib.suppress(FileExistsError):  # another process was first: use its key
            os.link(temporary, cache_file)
    finally:
        os.unlink(temporary)
    return cache_file.read_text()


if __name__ == "__main__":
    sys.stdout.write(generate_signing_key())
