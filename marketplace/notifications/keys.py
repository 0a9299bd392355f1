"""Idempotency keys for news that has no row of its own to be named after."""

import hashlib
import json


def content_digest(content) -> str:
    """16 hex digits of the SHA-256 of `content` written as canonical JSON (a model
    instance as its pk), so that the same content always gives the same digest."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _plain(value):
    pk = getattr(value, "pk", None)
    return pk if pk is not None else str(value)
