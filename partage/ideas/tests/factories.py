import factory

from partage.ideas.models import Idea, Support
from partage.testing.factories import UserFactory


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    title = factory.Sequence(lambda n: f"Idée {n}")
    description = "Une description de l'idée."
    author = factory.SubFactory(UserFactory)


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)
