from django.apps import AppConfig
from wagtail.signals import page_published


def _assembly_published(sender, instance, revision, **kwargs):
    # Services import models, which an AppConfig module may not load before the registry.
    from assembly.services.retention import pool_retention_on_publish

    pool_retention_on_publish(assembly=instance, revision=revision)


class AssemblyConfig(AppConfig):
    name = "assembly"
    verbose_name = "Residents' assemblies"

    def ready(self):
        # Models load only once the app registry is ready.
        from assembly.models import AssemblyPage
        from assembly.views.public import assembly_page_serve

        # The page routes to its view through this attribute, so models import no view.
        AssemblyPage.serve_view = assembly_page_serve

        # ``page_published``, unlike the ``after_publish_page`` hook, is also sent for
        # scheduled publishing and workflow approval; drafts never send it.
        page_published.connect(
            _assembly_published, sender=AssemblyPage, dispatch_uid="assembly_retention"
        )
