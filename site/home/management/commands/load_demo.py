from django.core.management.base import BaseCommand

from home.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo content (idempotent) and print a login for each role."

    def handle(self, *args, **options):
        logins = demo_load()
        self.stdout.write(self.style.SUCCESS("Demo content loaded. Sign in at /accounts/login/"))
        for login in logins:
            self.stdout.write(
                f"  {login.role:<16} {login.email:<26} password: {login.password}  "
                f"→ {login.lands_on}"
            )
            if login.note:
                self.stdout.write(f"  {'':<16} {login.note}")
