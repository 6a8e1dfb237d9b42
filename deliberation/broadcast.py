"""Pushes to a user's sockets. Session events go through ``deliberation.events``."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def user_group_name(user_id: int) -> str:
    """The channel-layer group holding every live socket one user has open."""
    return f"user.{user_id}"


def roles_changed_broadcast(sender=None, *, user_id: int, **kwargs) -> None:
    """Tell the user's open sockets to re-load the role they hold (``roles_changed``)."""
    try:
        async_to_sync(get_channel_layer().group_send)(
            user_group_name(user_id), {"type": "roles.changed"}
        )
    except Exception:
        # The role change has already committed and must not turn into an error for
        # whoever made it; a socket that misses this keeps its role until it reconnects.
        logger.exception("Could not tell the live sockets of user %s their roles changed", user_id)
