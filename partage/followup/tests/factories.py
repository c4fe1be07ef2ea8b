"""factory_boy factories of the follow-up module."""

import datetime

import factory
from django.utils import timezone

from partage.followup.models import ActionItem, ActionReview, AgendaItem, Group, Meeting, Membership, Minutes
from partage.testing.factories import ActionFactory, UserFactory


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Groupe de suivi {n}")
    slug = factory.Sequence(lambda n: f"groupe-{n}")
    kind = Group.Kind.FOLLOWUP
    description = "Le groupe suit **la qualité de vie au travail**."

    @factory.post_generation
    def actions(self, create, extracted, **kwargs):
        if create and extracted:
            self.actions.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.VOLUNTEER


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Réunion {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    place = "Maison de l'agglomération, salle 3"

    @factory.post_generation
    def invited(self, create, extracted, **kwargs):
        if create and extracted:
            self.invited.set(extracted)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Point {n}")


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)
    summary = "Échanges sur le **télétravail**."


class ActionReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionReview

    minutes = factory.SubFactory(MinutesFactory)
    action = factory.SubFactory(ActionFactory)
    assessment = ActionReview.Assessment.AT_RISK
    comment = "Les équipements manquent."


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    minutes = factory.SubFactory(MinutesFactory)
    text = factory.Sequence(lambda n: f"Suite à donner {n}")
    due_date = datetime.date(2030, 6, 30)
