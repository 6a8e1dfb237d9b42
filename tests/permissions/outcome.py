"""A response as one of the matrix's codes."""

from urllib.parse import urlsplit

LOGIN_PATHS = ("/accounts/login/", "/cms/login/")


def outcome(response) -> str:
    """The table's code for ``response`` (see ``table.py``), or its bare status."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        return "li" if urlsplit(response["Location"]).path in LOGIN_PATHS else "rd"
    return {200: "ok", 204: "nc", 400: "bad", 403: "no", 404: "nf", 405: "na"}.get(
        status, str(status)
    )


def sign_in(client, user):
    """The client signed in as ``user``, or signed out for the anonymous role."""
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def fetch(client, method: str, path: str):
    """GET or POST ``path``; a POST carries no data, as a probe without a form would."""
    return getattr(client, method)(path)
