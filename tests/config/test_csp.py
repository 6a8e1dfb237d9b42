"""Every response carries a strict Content-Security-Policy; only the CMS admin is relaxed."""

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "build", ".git", "var"}
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "script"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=[\"']", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/no-such-page/", "/analysis/"])
def test_pages_carry_the_strict_policy(client, home_page, path):
    policy = _policy(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert not any("unsafe" in v or "http" in v for values in policy.values() for v in values)


@pytest.mark.django_db
def test_only_the_cms_admin_is_relaxed(client, home_page):
    policy = _policy(client.get("/cms/"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]  # the rest stays strict
    assert "'unsafe-inline'" not in _policy(client.get("/cmsx/"))["script-src"]


def test_no_template_has_inline_script_style_or_handlers():
    """Inline code would be blocked by the policy: it belongs in static files."""
    found = []
    for path in REPO.rglob("*.html"):
        if SKIP & set(path.relative_to(REPO).parts):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(REPO)}:{line}: {what}")
    assert found == []
