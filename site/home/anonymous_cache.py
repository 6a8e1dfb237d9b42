"""A page's HTML for visitors who are not signed in, cached by what it shows.

The home page is the same for every anonymous visitor with the same lists: no form, no
CSRF token, no name in the header. So its HTML is kept under the page-cache generation
(any page, site or settings change makes it stale) and a digest of the lists it shows,
which are read on every request (the live-session list is one query), so a session
that opens or a consultation that closes changes the key at once. A visitor with a
message waiting (after signing out, say) gets a fresh page, which shows it.
"""

import hashlib
from dataclasses import asdict

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.template.response import TemplateResponse

from home.page_cache import ENTRY_SECONDS, cache_key


def anonymous_cacheable(request) -> bool:
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


def lists_digest(sections: dict) -> str:
    shown = [(heading, [asdict(item) for item in items]) for heading, items in sections.items()]
    text = repr(shown)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def anonymous_page_serve(request, *, page, template: str, context: dict, digest: str):
    """The page rendered once per generation and digest, then served from the cache."""
    key = cache_key("anonymous-html", page.pk, request.get_full_path(), digest)
    html = cache.get(key)
    if html is not None:
        return HttpResponse(html)
    response = TemplateResponse(request, template, context).render()
    if response.status_code == 200:
        cache.set(key, response.content, ENTRY_SECONDS)
    return response
