"""Password hashing (argon2id, argon2-cffi's current defaults) and the password rule.

The rule follows the usual MLPS 2.0 (等保 2.0) level-2 reading: at least 10 characters,
at least three of the four classes (lower, upper, digit, symbol), not the user name.
"""

from __future__ import annotations

import secrets
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from core.errors import BadRequest

MIN_LENGTH = 10
MAX_LENGTH = 256
_HASHER = PasswordHasher()
# A valid hash of a random string: verifying against it when the user does not exist
# costs the same time as a real check, so timing does not reveal which names exist.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


def check_rule(password: str, username: str = "") -> None:
    """Raise :class:`BadRequest` (naming what is missing) unless ``password`` is acceptable."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise BadRequest(f"the password must have {MIN_LENGTH} to {MAX_LENGTH} characters")
    classes = sum(any(test(c) for c in password) for test in (
        str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum()))
    if classes < 3:
        raise BadRequest("the password must mix at least three of: lower-case letters, "
                         "upper-case letters, digits, symbols")
    if username and username.lower() in password.lower():
        raise BadRequest("the password must not contain the user name")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; constant work whether or not a hash exists."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def generate_password(length: int = 20) -> str:
    """A random password that satisfies :func:`check_rule`."""
    alphabet = string.ascii_letters + string.digits + "-_.!@#%"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        try:
            check_rule(candidate)
            return candidate
        except BadRequest:
            continue
