"""The deployed ASGI application, with static files served (the tests run no whitenoise)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.browser.live_settings")

from channels.routing import ProtocolTypeRouter  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

from config.asgi import application as _site  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": ASGIStaticFilesHandler(_site.application_mapping["http"]),
        "websocket": _site.application_mapping["websocket"],
    }
)
