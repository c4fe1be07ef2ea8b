"""Factories of the territory module."""

import datetime

import factory
from django.utils import timezone

from partage.territory.models import Correspondence, Domain, Interlocutor, WorksNotice
from partage.testing.factories import CommuneFactory, ServiceFactory, UserFactory


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Domaine {n}")
    slug = factory.Sequence(lambda n: f"domaine-{n}")


def voirie() -> Domain:
    # get_or_create: transactional (browser) tests flush the rows made by the data migration.
    return Domain.objects.get_or_create(slug="voirie", defaults={"name": "Voirie", "order": 1})[0]


class InterlocutorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interlocutor

    commune = factory.SubFactory(CommuneFactory)
    domain = factory.LazyFunction(voirie)
    name = factory.Faker("name", locale="fr_FR")
    function = "Directeur des services techniques"
    email = factory.Sequence(lambda n: f"contact{n}@mairie.test")
    phone = "02 97 00 00 00"


class WorksNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorksNotice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Réfection de chaussée {n}")
    nature = WorksNotice.Nature.WORKS
    service = factory.SubFactory(ServiceFactory)
    domain = factory.LazyFunction(voirie)
    place = "Rue Jean Jaurès"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(days=3))
    impact = "Impact interne : circulation alternée, bus déviés."
    public_message = "Circulation alternée rue Jean Jaurès."
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if create and extracted:
            self.communes.set(extracted)


class CorrespondenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correspondence
        skip_postgeneration_save = True

    received_on = datetime.date(2030, 1, 10)
    sender = "Préfecture du Morbihan"
    subject = factory.Sequence(lambda n: f"Arrêté de circulation {n}")

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if create and extracted:
            self.communes.set(extracted)
