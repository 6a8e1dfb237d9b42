"""Shared set-ups for the assembly tests."""

import pytest

from assembly import services
from tests.assembly.factories import SMALL_SPEC, pool_build, quotas_build


@pytest.fixture
def panel_drawn(django_capture_on_commit_callbacks):
    """Give ``page`` a pool of 24 and draw its panel (maximin, seeded), running the jobs."""

    def draw(page):
        pool_build(page, quotas_build(page, SMALL_SPEC), 24, seed=3)
        with django_capture_on_commit_callbacks(execute=True):
            prepared = services.draw_prepare(assembly=page, algorithm="maximin")
        prepared.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            services.panel_draw(draw=prepared, seed=4)
        page.refresh_from_db()
        return page

    return draw
