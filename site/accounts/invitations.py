"""Invitation links: a random secret, signed, of which only a hash is stored.

The signature lets a mistyped or truncated link be refused before any database
read, and the hash means the stored rows cannot be turned back into links.
"""

import hashlib
import secrets

from django.core import signing

SALT = "accounts.role-invitation"

#: The roles an organiser may give on a consultation or assembly. Members come from
#: the draw and residents sign themselves up, so neither is offered here.
INVITABLE_ROLES = ("organiser", "facilitator", "moderator", "commissioner")

#: The pages that have a "People and roles" page, named by label so accounts
#: imports none of the apps above it.
PEOPLE_PAGE_MODELS = ("consultations.ConsultationPage", "assembly.AssemblyPage")

#: How long an invitation link works.
INVITATION_DAYS = 14

#: At most this many invitations per organiser (allauth's rate syntax, see ratelimits).
INVITE_LIMITS = "20/h/key,100/d/key"


def token_new() -> tuple[str, str]:
    """A fresh (link token, stored hash) pair."""
    secret = secrets.token_urlsafe(32)
    return signing.Signer(salt=SALT).sign(secret), token_hash(secret)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_secret(token: str) -> str | None:
    """The secret inside a link token, or ``None`` when the signature does not match."""
    try:
        return signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
