"""The public assembly page: its CMS text in GOV.UK typography."""

import re

import pytest

from tests.assembly.factories import AssemblyPageFactory

pytestmark = pytest.mark.django_db


def test_rich_text_on_the_assembly_page_is_styled_as_govuk_body(client, home_page):
    page = AssemblyPageFactory(
        intro='<p data-block-key="a1">Residents decide <a href="/about/">with us</a>.</p>',
        how_selection_works=(
            '<h3 data-block-key="b1">The lottery</h3><p data-block-key="b2">Two steps:</p>'
            '<ol><li data-block-key="b3">letters</li><li data-block-key="b4">a draw</li></ol>'
        ),
    )
    body = client.get(page.url).content.decode()
    main = re.search(r"<main.*?</main>", body, re.S).group(0)
    assert not re.search(r"<(p|ol|ul|h3|a)(\s(?![^>]*class=)[^>]*)?>", main), main
    assert '<p class="govuk-body" data-block-key="a1">Residents decide' in main
    assert '<a class="govuk-link" href="/about/">with us</a>' in main
    assert '<ol class="govuk-list govuk-list--number">' in main
    assert '<h3 class="govuk-heading-s" data-block-key="b1">' in main
