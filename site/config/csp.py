"""Content-Security-Policy: a strict policy for every page, relaxed only inside the CMS admin.

Our pages load scripts, styles, fonts and images from this site alone (no CDN, no inline
code), so an injected ``<script>`` or ``style`` attribute does nothing. Wagtail's admin uses
inline scripts and style attributes of its own, so paths under ``CSP_ADMIN_PREFIXES`` get
``CSP_ADMIN_REPLACE`` on top of the site policy; nothing else does.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        prefixes = tuple(getattr(settings, "CSP_ADMIN_PREFIXES", ()))
        if prefixes and request.path_info.startswith(prefixes):
            parts.replace = {**settings.CSP_ADMIN_REPLACE, **(parts.replace or {})}
        return parts
