"""Signals other apps listen to, so accounts never imports them."""

from django.dispatch import Signal

# Sent after the transaction that granted or revoked a role commits, with
# ``user_id``. Live-session consumers hold the role they checked on connect
# and drop it when this arrives, instead of re-querying on every message.
roles_changed = Signal()
