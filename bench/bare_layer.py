"""The bare app of ``../shared/bench/live/bare_asgi.py`` with our channel layer's host options.

The same app, with its Redis host given the socket timeout and pool size ours has
(``config.settings.base.CHANNEL_LAYER_*``): with redis-py 8's defaults, an idle
socket's 5 s wait for its next message times out in the client and the socket closes
with 1011, so the baseline would lose every push after a quiet spell of 5 s; and past
100 Redis calls at once the pool raises, so a room joining at once is partly
refused. Run with ``../shared/bench/live`` and ``bench/`` on PYTHONPATH.
"""

import bare_asgi
from django.conf import settings

# The value of config.settings.base, which this process does not import (it is not
# configured from our settings).
SOCKET_TIMEOUT = 15
MAX_CONNECTIONS = 1000

for layer in settings.CHANNEL_LAYERS.values():
    layer["CONFIG"]["hosts"] = [
        {"address": host, "socket_timeout": SOCKET_TIMEOUT, "max_connections": MAX_CONNECTIONS}
        if isinstance(host, str)
        else host
        for host in layer["CONFIG"].get("hosts", [])
    ]

application = bare_asgi.application
