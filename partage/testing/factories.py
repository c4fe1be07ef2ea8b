"""factory_boy factories shared by every app's tests."""

import datetime

import factory
from django.utils.text import slugify

from partage.accounts.models import User
from partage.organisation.models import Commune, Direction, Service
from partage.roadmap.models import (
    Action,
    Axis,
    Indicator,
    IndicatorMeasure,
    Milestone,
    Objective,
    Phase,
    Programme,
    ProgressUpdate,
)


class DirectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Direction
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Direction {n}")
    acronym = factory.Sequence(lambda n: f"D{n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    direction = factory.SubFactory(DirectionFactory)
    name = factory.Sequence(lambda n: f"Service {n}")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"agent{n}@lorient-agglo.test")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    service = factory.SubFactory(ServiceFactory)
    password = factory.django.Password("motdepasse-test")


class CommuneContactFactory(UserFactory):
    kind = User.Kind.COMMUNE_CONTACT
    service = None
    commune = factory.SubFactory(CommuneFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"PAP test {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    is_current = True


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    programme = factory.SubFactory(ProgrammeFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Étape {n + 1}")
    start_date = datetime.date(2019, 1, 1)
    end_date = datetime.date(2019, 6, 30)


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Axis

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Axe {n + 1}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    axis = factory.SubFactory(AxisFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Objectif {n + 1}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    objective = factory.SubFactory(ObjectiveFactory)
    programme = factory.LazyAttribute(lambda o: o.objective.axis.programme)
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"{o.objective.axis.number}.{o.objective.number}.{o.position}")
    lead_verb = "Mettre"
    title = factory.Sequence(lambda n: f"Mettre en place l'action {n}")
    description = "Une description **en Markdown**."
    status = Action.Status.IN_PROGRESS
    progress = 30
    start_date = datetime.date(2020, 1, 1)
    end_date = datetime.date(2022, 12, 31)
    origin = Action.Origin.ROADMAP

    @factory.post_generation
    def pilots(self, create, extracted, **kwargs):
        if create and extracted:
            self.pilots.set(extracted)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    title = factory.Sequence(lambda n: f"Jalon {n}")
    due_date = datetime.date(2021, 6, 30)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    action = factory.SubFactory(ActionFactory)
    name = factory.Sequence(lambda n: f"Indicateur {n}")
    unit = "%"
    baseline = 0
    target = 100


class IndicatorMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorMeasure

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=30 * n))
    value = 10


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.SubFactory(UserFactory)
    text = "Les travaux avancent."
    status = Action.Status.IN_PROGRESS
    progress = 40
