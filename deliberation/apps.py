from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "deliberation"
    verbose_name = "Live deliberation"

    def ready(self):
        from accounts.signals import roles_changed
        from deliberation.broadcast import roles_changed_broadcast

        roles_changed.connect(roles_changed_broadcast, dispatch_uid="deliberation.roles_changed")
        # Loading order: the questions module registers its kinds' readers (moderation
        # queue, muting a question's author) once the models are ready.
        import deliberation.questions.services  # noqa: F401
