import pytest
from django.core.management import call_command

from assembly import services
from assembly.models import DrawStatus, MemberStatus, PanelMember
from jobs.models import JobStatus
from tests.assembly.factories import SMALL_SPEC, AssemblyPageFactory, pool_build, quotas_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def assembly(home_page):
    page = AssemblyPageFactory(panel_size=6)
    values = quotas_build(page, SMALL_SPEC)
    pool_build(page, values, 24, seed=3)
    return page


def _prepared(assembly, capture, **kwargs):
    with capture(execute=True):
        draw = services.draw_prepare(assembly=assembly, **kwargs)
    draw.refresh_from_db()
    return draw


def test_draw_job_finds_lottery_then_draws_panel_within_quotas(
    assembly, django_capture_on_commit_callbacks
):
    draw = _prepared(assembly, django_capture_on_commit_callbacks)
    assert draw.status == DrawStatus.READY
    assert draw.job.status == JobStatus.SUCCEEDED
    report = draw.report
    assert report["pool_size"] == 24
    assert abs(sum(draw.distribution["person_probabilities"].values()) - 6) < 1e-6
    assert report["min_probability"] <= report["equal_share"] <= report["max_probability"]

    with django_capture_on_commit_callbacks(execute=True):
        services.panel_draw(draw=draw, seed=11)
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN
    assert draw.seed == 11
    members = PanelMember.objects.filter(draw=draw)
    assert sorted(m.volunteer.pool_id for m in members) == draw.panel
    assert len(draw.panel) == 6
    for (feature, value), (low, high) in (
        (("gender", v), b) for v, b in SMALL_SPEC["gender"].items()
    ):
        count = sum(
            m.volunteer.answers.filter(category__name=feature, value__value=value).exists()
            for m in members
        )
        assert low <= count <= high
    assert all(m.status == MemberStatus.SELECTED for m in members)


def test_recorded_draw_verifies_with_the_verify_command(
    assembly, django_capture_on_commit_callbacks, capsys
):
    draw = _prepared(assembly, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.panel_draw(draw=draw, seed=5)
    call_command("verify_draw", str(draw.pk))
    out = capsys.readouterr().out
    assert "panel re-derived: yes" in out
    assert "every probability matches the re-solved LEXIMIN to 1e-06" in out


def test_verify_command_fails_on_a_tampered_panel(assembly, django_capture_on_commit_callbacks):
    from django.core.management.base import CommandError

    draw = _prepared(assembly, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.panel_draw(draw=draw, seed=5)
    draw.refresh_from_db()
    others = [p for p in draw.distribution["person_probabilities"] if p not in draw.panel]
    draw.panel = sorted([*draw.panel[1:], others[0]])
    draw.save()
    with pytest.raises(CommandError, match="does not verify"):
        call_command("verify_draw", str(draw.pk), "--no-resolve")


def test_transparent_draw_picks_published_panel_by_public_number(
    assembly, django_capture_on_commit_callbacks
):
    draw = _prepared(assembly, django_capture_on_commit_callbacks, transparent=True, m=50)
    assert len(draw.lottery_panels) == 50
    services.draw_publish(draw=draw)  # the list's hash goes out before the draw
    with pytest.raises(services.AssemblyError, match="public random number"):
        services.panel_draw(draw=draw)
    with django_capture_on_commit_callbacks(execute=True):
        services.panel_draw(draw=draw, public_number=123)
    draw.refresh_from_db()
    assert draw.panel == sorted(draw.lottery_panels[123 % 50])
    assert services.draw_verify(draw=draw, resolve=False).ok


def test_infeasible_quotas_are_refused_before_any_draw_naming_the_fix(assembly):
    from assembly.models import CategoryValue

    CategoryValue.objects.filter(value="female").update(min_quota=5, max_quota=6)
    CategoryValue.objects.filter(value="male").update(min_quota=5, max_quota=6)
    with pytest.raises(services.AssemblyError, match="lower the minimum"):
        services.draw_prepare(assembly=assembly)
    assert not assembly.draws.exists()


def test_second_panel_cannot_be_drawn(assembly, django_capture_on_commit_callbacks):
    draw = _prepared(assembly, django_capture_on_commit_callbacks, algorithm="maximin")
    again = _prepared(assembly, django_capture_on_commit_callbacks, algorithm="maximin")
    with django_capture_on_commit_callbacks(execute=True):
        services.panel_draw(draw=draw, seed=1)
    with pytest.raises(services.AssemblyError, match="already been drawn"):
        services.panel_draw(draw=again, seed=1)
    # Nor is a new lottery sought for it (that took a whole solve before it was refused).
    with pytest.raises(services.AssemblyError, match="already been drawn"):
        services.draw_prepare(assembly=assembly, algorithm="maximin")
