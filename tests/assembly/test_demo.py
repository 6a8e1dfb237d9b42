import pytest

from accounts.models import Role
from assembly.demo import PANEL_SIZE, POOL_SIZE, demo_assembly
from assembly.models import Draw, PanelMember
from assembly.selectors import is_panel_member, open_for_home
from assembly.services import draw_verify

pytestmark = pytest.mark.django_db


def test_demo_assembly_is_idempotent_with_a_verified_published_draw(home_page, make_user):
    member = make_user(role=Role.RESIDENT)
    page = demo_assembly(member_user=member)
    again = demo_assembly(member_user=member)
    assert again.pk == page.pk
    assert page.volunteers.count() == POOL_SIZE
    draw = Draw.objects.get(assembly=page)
    assert len(draw.panel) == PANEL_SIZE and draw.published_at
    assert draw_verify(draw=draw, resolve=False).ok
    assert PanelMember.objects.filter(assembly=page).count() == PANEL_SIZE
    assert is_panel_member(member, page)
    assert [item.title for item in open_for_home(user=member)] == [page.title]
