"""Printable PDF letters: civic lottery invitations and panel invitations by post."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assembly import letters, services
from assembly.models import PanelMember
from audit.models import AccessLogEntry
from tests.assembly.factories import (
    AssemblyPageFactory,
    organiser_of,
)

pytestmark = pytest.mark.django_db


def _pages(content: bytes) -> list[str]:
    assert content.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def assembly(home_page):
    return AssemblyPageFactory(panel_size=6, data_controller="Essex County Council")


@pytest.fixture
def codes(assembly):
    addresses = [(f"{i} Mill Road, Chelmsford", f"CM2 {i}AB") for i in range(1, 6)]
    codes = services.invitations_sample(assembly=assembly, addresses=addresses, count=3, seed=7)
    codes[0].used_at = timezone.now()
    codes[0].save()
    return codes


@pytest.fixture
def drawn(assembly, panel_drawn):
    return panel_drawn(assembly)


def test_invitation_letters_have_one_page_per_unused_code_with_code_and_address(assembly, codes):
    content, count = letters.invitation_letters_pdf(assembly, "https://example.org/assembly/")
    pages = _pages(content)
    assert count == len(pages) == 2
    unused = [c for c in codes if c.used_at is None]
    for page_text, code in zip(pages, unused, strict=True):
        assert code.code in page_text
        assert code.address in page_text
        assert code.postcode in page_text
        assert "https://example.org/assembly/" in page_text
    assert codes[0].code not in "".join(pages)


def test_letters_print_names_outside_latin1_without_the_unicode_font(drawn, settings):
    member = PanelMember.objects.filter(assembly=drawn).first()
    volunteer = member.volunteer
    volunteer.full_name, volunteer.email, volunteer.address = "Łucja Żółć", "", "1 Ōtsu Way"
    volunteer.save()
    services.member_invite(member=member, by="email")
    with override_settings(ASSEMBLY_LETTER_FONT="/nonexistent.ttf"):
        content, count = letters.panel_letters_pdf(drawn, "http://testserver/")
    (text,) = _pages(content)
    assert count == 1
    assert "Lucja Zólc" in text and "Otsu Way" in text
    content, _ = letters.panel_letters_pdf(drawn, "http://testserver/")
    if letters.Path(letters.DEFAULT_FONT).is_file():
        assert "Łucja Żółć" in _pages(content)[0]


def test_panel_letters_go_to_members_without_email_with_their_single_use_link(drawn):
    members = list(PanelMember.objects.filter(assembly=drawn).order_by("pk"))
    no_email = members[0].volunteer
    no_email.email = ""
    no_email.save()
    services.member_invite(member=members[0], by="email")  # no email: becomes a letter
    services.member_invite(member=members[1], by="email", base_url="http://testserver/")
    services.member_invite(member=members[2], by="post")
    content, count = letters.panel_letters_pdf(drawn, "https://example.org/")
    pages = _pages(content)
    assert count == len(pages) == 2
    text = "".join(pages).replace("\n", "")
    for member in (members[0], members[2]):
        assert f"https://example.org/assemblies/respond/{member.token}/" in text
        assert member.volunteer.full_name in text
    assert members[1].token not in text


def test_organiser_downloads_letters_as_pdf_and_the_access_is_logged(
    client, make_user, drawn, codes
):
    organiser = organiser_of(make_user, drawn)
    client.force_login(organiser)
    member = PanelMember.objects.filter(assembly=drawn).first()
    services.member_invite(member=member, by="post")
    response = client.get(reverse("assembly:letters_pdf", args=[drawn.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert member.token in "".join(_pages(response.content)).replace("\n", "")
    response = client.get(reverse("assembly:invitations_pdf", args=[drawn.pk]))
    assert len(_pages(response.content)) == 2
    logged = AccessLogEntry.objects.filter(user=organiser, action="export")
    assert set(logged.values_list("what", "record_count")) == {
        ("panel invitation letters (PDF)", 1),
        ("civic lottery invitation letters (PDF)", 2),
    }


def test_only_organisers_can_download_letters(client, make_user, drawn, codes):
    from allauth.mfa.models import Authenticator

    from accounts.models import Role

    commissioner = make_user(role=Role.COMMISSIONER, target=drawn)
    Authenticator.objects.create(user=commissioner, type=Authenticator.Type.TOTP, data={})
    client.force_login(commissioner)
    for name in ("letters_pdf", "invitations_pdf"):
        assert client.get(reverse(f"assembly:{name}", args=[drawn.pk])).status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_no_letters_gives_a_one_page_pdf_saying_so(assembly):
    content, count = letters.invitation_letters_pdf(assembly, "https://example.org/")
    assert count == 0
    assert "no letters" in _pages(content)[0]
