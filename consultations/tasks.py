"""Work a submission needs done that the resident need not wait for."""

from functools import partial

from django.db import transaction
from django_tasks import task

from consultations.models import Response
from consultations.services import receipt_send


@task()
def receipt_send_task(response_id: int) -> None:
    response = Response.objects.select_related("user", "page").filter(pk=response_id).first()
    if response is not None:
        receipt_send(response=response)


def receipt_send_later(*, response: Response) -> None:
    """Email the receipt from the task worker once the response is committed."""
    transaction.on_commit(partial(receipt_send_task.enqueue, response.pk))
