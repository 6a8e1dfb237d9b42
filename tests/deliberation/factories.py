import uuid

import factory

from deliberation.models import LiveSession, SessionStatus, Statement


class LiveSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiveSession

    title = factory.Sequence(lambda n: f"Live session {n}")
    status = SessionStatus.OPEN


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    session = factory.SubFactory(LiveSessionFactory)
    text = factory.Faker("sentence")
    client_id = factory.LazyFunction(uuid.uuid4)
