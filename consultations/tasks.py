"""Work a submission needs done that the resident need not wait for."""

from django_tasks import task


@task()
def receipt_send_task(response_id: int) -> None:
    from consultations.models import Response
    from consultations.services import receipt_send

    response = Response.objects.select_related("user", "page").filter(pk=response_id).first()
    if response is not None:
        receipt_send(response=response)
