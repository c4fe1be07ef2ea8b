import datetime

import factory
from django.utils import timezone

from partage.news.models import Post
from partage.testing.factories import UserFactory


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Actualité numéro {n}")
    slug = factory.Sequence(lambda n: f"actualite-{n}")
    summary = "Un point sur l'avancement de la feuille de route."
    body = "Le texte **complet** de l'actualité."
    author = factory.SubFactory(UserFactory)
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    @factory.post_generation
    def actions(self, create, extracted, **kwargs):
        if create and extracted:
            self.actions.set(extracted)

    @factory.post_generation
    def axes(self, create, extracted, **kwargs):
        if create and extracted:
            self.axes.set(extracted)
