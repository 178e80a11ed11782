"""factory_boy factories for the core. Stage apps' tests build their own rows on top."""

import factory
from django.utils import timezone

from pbudget.models import ClientGroup, Council, Person, PersonalBudget, Representative, Role, Team, User


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Council {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    council = factory.SubFactory(CouncilFactory)
    role = Role.CITIZEN
    password = factory.django.Password("correct horse battery staple")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    team = factory.SubFactory(TeamFactory)
    council = factory.SelfAttribute("team.council")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    client_group = ClientGroup.OLDER_PEOPLE


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    person = factory.SubFactory(PersonFactory)
    user = factory.SubFactory(UserFactory, council=factory.SelfAttribute("..person.council"))
    relationship = "Daughter"
    authority = "consent"


class BudgetFactory(factory.django.DjangoModelFactory):
    """A budget placed straight at a status: a test fixture shortcut, not a lifecycle move."""

    class Meta:
        model = PersonalBudget

    person = factory.SubFactory(PersonFactory)
    council = factory.SelfAttribute("person.council")
    status_changed_at = factory.LazyFunction(timezone.now)
