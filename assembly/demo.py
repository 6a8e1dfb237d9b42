"""Demo assembly: "Caring Essex: Residents' Assembly", a synthetic pool and a drawn panel.

``demo_assembly()`` is idempotent: run twice, it finds the page and leaves the pool,
quotas and draw as they are.

Its dates are relative to the day it is first loaded, so they never contradict each
other: the panel has been drawn and published, so recruitment is closed; the meetings
are ahead; the retention date is six months after the last meeting, so the first
publish can never anonymise the pool.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assembly import services
from assembly.models import (
    Answer,
    AssemblyPage,
    AssemblyStatus,
    CategoryValue,
    Draw,
    DrawStatus,
    PanelMember,
    Volunteer,
)
from common import demographics
from jobs.tasks import job_execute

SLUG = "caring-essex-residents-assembly"
POOL_SIZE = 300
PANEL_SIZE = 30
SEED = 2024
MEETINGS = (
    "First weekend: what care means to us",
    "Second weekend: the evidence",
    "Final weekend: our recommendations",
)

# How much likelier than its census share each answer is to volunteer: older people and
# women answer such letters more, so the pool is skewed and the quotas have work to do.
POOL_BIAS = {
    "age": {"16 to 24": 0.6, "25 to 44": 0.9, "45 to 64": 1.2, "65 to 74": 1.3, "75 or over": 1.2},
    "sex": {"Female": 1.2, "Male": 0.8},
    "ethnicity": {"Asian or Asian British": 0.8, "Black or Black British": 0.7},
}
# Essex's four areas: the one category only the assembly asks, so it is not shared.
AREA = demographics.Category(
    "area",
    "Area",
    "Which part of Essex do you live in?",
    tuple(
        demographics.Band(key.lower(), key, share)
        for key, share in {"North": 25, "Mid": 25, "South": 34, "West": 16}.items()
    ),
)
AREA_BIAS = {"Mid": 1.1, "South": 0.9}


def _spec(category, bias) -> tuple:
    values = {b.label: (b.census_share, bias.get(b.label, 1.0)) for b in category.bands}
    return (category.label, category.question, category.special, values)


#: name, question, special?, {value: (population share %, pool bias)}: the shared age, sex and
#: ethnicity bands and census targets (common.demographics) that the survey uses too.
CATEGORIES = [
    *(_spec(demographics.category(key), bias) for key, bias in POOL_BIAS.items()),
    _spec(AREA, AREA_BIAS),
]

INTRO = (
    "<p>Caring Communities Commission action 18: a residents' assembly, chosen by lottery, "
    "to decide with the council and the NHS how Essex cares for its people.</p>"
)
HOW = (
    "<p>Letters went to households drawn at random. From everyone who volunteered, a "
    "computer draws a panel that matches Essex by age, sex, ethnicity and area, giving "
    "every volunteer as equal a chance as those quotas allow (the LEXIMIN method). The "
    "draw record below lets anyone check the draw.</p>"
)


def demo_dates(today: date) -> dict[str, date]:
    """The assembly's dates around ``today``: first meeting on the fourth Saturday ahead."""
    starts_on = today + timedelta(days=21 + (5 - today.weekday()) % 7)
    ends_on = starts_on + timedelta(weeks=10)
    return {
        "starts_on": starts_on,
        "ends_on": ends_on,
        "retention_date": ends_on + timedelta(days=183),
    }


@transaction.atomic
def demo_assembly(*, member_user=None) -> AssemblyPage:
    """Create (once) the demo assembly, its pool, quotas and a drawn, published panel.

    With ``member_user``, that account accepts the first panel place, so the demo
    member sees the member area.
    """
    (parent_model,) = AssemblyPage.allowed_parent_page_models()  # the home page
    home = parent_model.objects.first()
    page = AssemblyPage.objects.filter(slug=SLUG).first()
    if page is None:
        page = AssemblyPage(
            title="Caring Essex: Residents' Assembly",
            slug=SLUG,
            question="How should Essex care for people who need support, now and in future?",
            intro=INTRO,
            how_selection_works=HOW,
            panel_size=PANEL_SIZE,
            # Recruiting while the pool is built; closed once the panel is drawn (``_draw``).
            status=AssemblyStatus.RECRUITING,
            recruitment_open=True,
            one_per_household=True,
            data_controller="Essex County Council (demo)",
            **demo_dates(timezone.localdate()),
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    if not page.selection_categories.exists():
        _categories(page)
    if not page.volunteers.exists():
        _pool(page)
    if not Draw.objects.filter(assembly=page, status=DrawStatus.DRAWN).exists():
        _draw(page)
    if not page.meetings.exists() and page.starts_on and page.ends_on:
        _meetings(page)
    if member_user is not None and not PanelMember.objects.filter(user=member_user).exists():
        first = PanelMember.objects.filter(assembly=page, status="selected").first()
        if first is not None:
            services.member_invite(member=first, by="post")
            services.member_accept(token=first.token, user=member_user)
    return page


def _categories(page):
    for name, question, special, values in CATEGORIES:
        category = services.category_create(
            assembly=page, name=name, question=question, values=list(values), special=special
        )
        for value in category.values.all():
            if value.value in values:
                value.target_share = Decimal(str(values[value.value][0]))
                value.save(update_fields=["target_share"])
    services.quotas_apply(proposals=services.quotas_propose(assembly=page))


def _pool(page):
    rng = random.Random(SEED)
    lookup = {
        (v.category.name, v.value): v
        for v in CategoryValue.objects.filter(category__assembly=page).select_related("category")
    }
    streets = ["High Street", "Church Lane", "Station Road", "Mill Road", "London Road"]
    answers = []
    for i in range(POOL_SIZE):
        house = rng.randint(1, 600)  # a few volunteers share a household
        street = rng.choice(streets)
        volunteer = Volunteer.objects.create(
            assembly=page,
            pool_id=f"CE{i + 1:04d}",
            full_name=f"Demo Volunteer {i + 1}",
            email=f"volunteer{i + 1}@example.org" if rng.random() < 0.8 else "",
            address=f"{house} {street}",
            postcode="CM1 1AA",
            household_key=services.household_key(f"{house} {street}", "CM1 1AA"),
            contact_preference="email",
            consent_contact=True,
            consent_special_category=True,
        )
        for name, _question, _special, values in CATEGORIES:
            if rng.random() < 0.03:
                choice = services.PREFER_NOT_TO_SAY
            else:
                weights = [share * bias for share, bias in values.values()]
                choice = rng.choices(list(values), weights=weights)[0]
            value = lookup[name, choice]
            answers.append(Answer(volunteer=volunteer, category=value.category, value=value))
    Answer.objects.bulk_create(answers)


def _draw(page):
    draw = services.draw_prepare(assembly=page, algorithm="leximin")
    job_execute(job_id=str(draw.job_id))  # run now; the worker skips it once it is done
    draw.refresh_from_db()
    services.panel_draw(draw=draw, seed=SEED)
    draw.refresh_from_db()
    job_execute(job_id=str(draw.job_id))
    draw.refresh_from_db()
    services.draw_publish(draw=draw)
    # Panel drawn and published: members are being invited, so no more volunteers.
    page.status = AssemblyStatus.SELECTING
    page.recruitment_open = False
    page.save_revision().publish()


def _meetings(page):
    """Three weekends between the first and last meeting dates, each at 10:00."""
    first, last = page.starts_on, page.ends_on
    days = [first, first + (last - first) / 2, last]
    for title, day in zip(MEETINGS, days, strict=True):
        starts_at = timezone.make_aware(datetime.combine(day, time(10)))
        services.meeting_create(assembly=page, title=title, starts_at=starts_at)
