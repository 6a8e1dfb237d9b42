"""Pushes that start on the server rather than in a consumer."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from deliberation.models import Statement
from deliberation.services import statement_payload


def statement_broadcast(statement: Statement) -> None:
    layer = get_channel_layer()
    async_to_sync(layer.group_send)(
        statement.session.group_name,
        {"type": "statement.new", "statement": statement_payload(statement)},
    )
