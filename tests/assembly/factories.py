"""Factories for assemblies, their pool and panel."""

import random

import factory
from allauth.mfa.models import Authenticator

from assembly.models import (
    AssemblyPage,
    AssemblyStatus,
    CategoryValue,
    SelectionCategory,
    Volunteer,
    VolunteerSource,
)
from tests.factories import UserFactory


class AssemblyPageFactory(factory.Factory):
    """An assembly page added under ``parent`` (the home page)."""

    class Meta:
        model = AssemblyPage

    title = factory.Sequence(lambda n: f"Residents' assembly {n}")
    slug = factory.Sequence(lambda n: f"assembly-{n}")
    question = "How should we care for each other in Essex?"
    panel_size = 6
    status = AssemblyStatus.RECRUITING
    recruitment_open = True
    one_per_household = False

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        from home.models import HomePage

        parent = parent or HomePage.objects.first()
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        return page


class SelectionCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelectionCategory

    assembly = factory.SubFactory(AssemblyPageFactory)
    name = factory.Sequence(lambda n: f"category{n}")


class CategoryValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CategoryValue

    category = factory.SubFactory(SelectionCategoryFactory)
    value = factory.Sequence(lambda n: f"value{n}")
    min_quota = 0
    max_quota = 10


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    assembly = factory.SubFactory(AssemblyPageFactory)
    pool_id = factory.Sequence(lambda n: f"p{n:04d}")
    full_name = factory.Faker("name", locale="en_GB")
    email = factory.LazyAttribute(lambda v: f"{v.pool_id}@example.net")
    consent_contact = True
    consent_special_category = True
    source = VolunteerSource.IMPORT


def quotas_build(assembly, spec):
    """``spec``: {category: {value: (min, max)}}; returns {(category, value): CategoryValue}."""
    values = {}
    for order, (name, quotas) in enumerate(spec.items()):
        category = SelectionCategoryFactory(
            assembly=assembly, name=name, sort_order=order, special_category=name == "ethnicity"
        )
        for i, (value, (low, high)) in enumerate(quotas.items()):
            values[name, value] = CategoryValueFactory(
                category=category, value=value, min_quota=low, max_quota=high, sort_order=i
            )
    return values


def pool_build(assembly, values, n, *, seed=0, prefix="p"):
    """``n`` volunteers with random answers to every category in ``values``."""
    from assembly.models import Answer

    rng = random.Random(seed)
    by_category = {}
    for (name, _value), cv in values.items():
        by_category.setdefault(name, []).append(cv)
    volunteers = []
    for i in range(n):
        volunteer = VolunteerFactory(assembly=assembly, pool_id=f"{prefix}{i:04d}")
        for options in by_category.values():
            cv = rng.choice(options)
            Answer.objects.create(volunteer=volunteer, category=cv.category, value=cv)
        volunteers.append(volunteer)
    return volunteers


SMALL_SPEC = {
    "gender": {"female": (2, 4), "male": (2, 4)},
    "ethnicity": {"white": (2, 5), "other": (1, 4)},
}


def organiser_of(make_user, assembly):
    """An organiser of ``assembly`` with a second factor, so the MFA gate lets them in."""
    from accounts.models import Role

    user = make_user(role=Role.ORGANISER, target=assembly)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


__all__ = ["UserFactory"]
