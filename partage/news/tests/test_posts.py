import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from partage.news.hooks import action_context, dashboard_context
from partage.news.models import Post
from partage.roadmap.models import Objective
from partage.testing.factories import ActionFactory, AxisFactory, ObjectiveFactory
from partage.testing.queries import count_queries

from .factories import PostFactory

pytestmark = pytest.mark.django_db


def png_file(name: str = "photo.png") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class TestVisibility:
    def test_agent_sees_published_posts_only(self, client, agent):
        PostFactory(title="Publiée hier")
        PostFactory(title="Un brouillon", status=Post.Status.DRAFT, published_at=None)
        PostFactory(title="Programmée demain", published_at=timezone.now() + datetime.timedelta(days=1))
        client.force_login(agent)
        page = client.get(reverse("news:list")).content.decode()
        assert "Publiée hier" in page
        assert "Un brouillon" not in page
        assert "Programmée demain" not in page

    def test_draft_and_scheduled_detail_are_not_found_for_agents(self, client, agent):
        draft = PostFactory(status=Post.Status.DRAFT, published_at=None)
        scheduled = PostFactory(published_at=timezone.now() + datetime.timedelta(days=1))
        client.force_login(agent)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(scheduled.get_absolute_url()).status_code == 404

    def test_scheduled_post_appears_once_due(self, client, agent):
        publication = timezone.now() + datetime.timedelta(days=2)
        post = PostFactory(title="Le télétravail s'étend", published_at=publication)
        client.force_login(agent)
        assert "Le télétravail s'étend" not in client.get(reverse("news:list")).content.decode()
        with time_machine.travel(publication + datetime.timedelta(minutes=1), tick=False):
            assert "Le télétravail s&#x27;étend" in client.get(reverse("news:list")).content.decode()
            assert client.get(post.get_absolute_url()).status_code == 200

    def test_moderator_sees_drafts_marked_as_such(self, client, moderator):
        PostFactory(title="Un brouillon", status=Post.Status.DRAFT, published_at=None)
        client.force_login(moderator)
        page = client.get(reverse("news:list")).content.decode()
        assert "Un brouillon" in page
        assert "Brouillon</span>" in page

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(reverse("news:list"))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    def test_unknown_post_is_404(self, client, agent):
        client.force_login(agent)
        assert client.get(reverse("news:post", kwargs={"slug": "inconnue"})).status_code == 404

    def test_detail_renders_markdown_sanitised(self, client, agent):
        post = PostFactory(body="**Gras** <script>alert(1)</script>")
        client.force_login(agent)
        page = client.get(post.get_absolute_url()).content.decode()
        assert "<strong>Gras</strong>" in page
        assert "<script>alert(1)" not in page


class TestEditing:
    def form_data(self, **overrides) -> dict:
        data = {
            "title": "Le télétravail généralisé",
            "summary": "Tous les services peuvent demander le télétravail.",
            "body": "Le **détail** des modalités.",
            "image_alt": "",
            "status": "published",
            "published_at": "",
        }
        data.update(overrides)
        return data

    @pytest.mark.parametrize("role", ["agent", "pilot", "commune_contact"])
    def test_only_moderators_and_administrators_may_write(self, client, users_by_role, role):
        client.force_login(users_by_role[role])
        assert client.get(reverse("news:create")).status_code == 403
        assert client.post(reverse("news:create"), self.form_data()).status_code == 403
        assert not Post.objects.exists()

    def test_agent_cannot_edit(self, client, agent):
        post = PostFactory()
        client.force_login(agent)
        assert client.post(reverse("news:edit", args=[post.slug]), self.form_data()).status_code == 403
        post.refresh_from_db()
        assert post.title != "Le télétravail généralisé"

    @pytest.mark.parametrize("role", ["moderator", "administrator"])
    def test_editor_publishes_a_post(self, client, users_by_role, role, action):
        client.force_login(users_by_role[role])
        response = client.post(
            reverse("news:create"),
            self.form_data(actions=[action.pk], axes=[action.objective.axis.pk]),
        )
        post = Post.objects.get()
        assert response.status_code == 302
        assert response["Location"] == post.get_absolute_url()
        assert post.slug == "le-teletravail-generalise"
        assert post.author == users_by_role[role]
        assert post.is_visible
        assert list(post.actions.all()) == [action]

    def test_image_without_alternative_text_is_refused_in_french(self, client, moderator):
        client.force_login(moderator)
        response = client.post(reverse("news:create"), self.form_data(image=png_file()))
        assert response.status_code == 400
        assert "le texte alternatif est obligatoire" in response.content.decode()
        assert 'aria-describedby="id_image_alt_helptext id_image_alt_error"' in response.content.decode()
        assert not Post.objects.exists()

    def test_too_large_image_is_refused_in_french(self, client, moderator, monkeypatch):
        monkeypatch.setattr("partage.news.forms.MAX_IMAGE_SIZE", 10)
        client.force_login(moderator)
        response = client.post(reverse("news:create"), self.form_data(image=png_file(), image_alt="Une salle"))
        assert "L&#x27;image dépasse 5 Mo" in response.content.decode()
        assert not Post.objects.exists()

    def test_image_with_alternative_text_is_saved(self, client, moderator):
        client.force_login(moderator)
        client.post(reverse("news:create"), self.form_data(image=png_file(), image_alt="Une salle de réunion"))
        post = Post.objects.get()
        assert post.image
        page = client.get(post.get_absolute_url()).content.decode()
        assert 'alt="Une salle de réunion"' in page

    def test_scheduled_publication_from_the_form(self, client, moderator, agent):
        client.force_login(moderator)
        client.post(reverse("news:create"), self.form_data(published_at="2099-01-01T09:00"))
        post = Post.objects.get()
        assert post.is_scheduled
        client.force_login(agent)
        assert client.get(post.get_absolute_url()).status_code == 404

    def test_edit_keeps_slug_and_records_history(self, client, moderator):
        post = PostFactory(title="Ancien titre", slug="ancien-titre")
        client.force_login(moderator)
        client.post(reverse("news:edit", args=[post.slug]), self.form_data(title="Nouveau titre"))
        post.refresh_from_db()
        assert post.title == "Nouveau titre"
        assert post.slug == "ancien-titre"
        assert post.history.count() == 2
        assert "Historique des modifications" in client.get(post.get_absolute_url()).content.decode()

    def test_missing_title_gives_a_french_error(self, client, moderator):
        client.force_login(moderator)
        response = client.post(reverse("news:create"), self.form_data(title=""))
        assert "Ce champ est obligatoire." in response.content.decode()
        assert not Post.objects.exists()

    def test_reserved_slug_is_avoided(self, client, moderator):
        client.force_login(moderator)
        client.post(reverse("news:create"), self.form_data(title="RSS"))
        assert Post.objects.get().slug == "rss-2"


class TestFilters:
    def test_filter_by_action_axis_and_text(self, client, agent, action):
        other_axis = AxisFactory(programme=action.programme, number=3)
        PostFactory(title="Sur la fiche", actions=[action])
        PostFactory(title="Sur un autre axe", axes=[other_axis])
        PostFactory(title="Parle de restauration", summary="La cantine rénovée.")
        client.force_login(agent)
        by_action = client.get(reverse("news:list"), {"action": action.pk}).content.decode()
        assert "Sur la fiche" in by_action and "Sur un autre axe" not in by_action
        # A post about an action of the axis counts as about the axis.
        by_axis = client.get(reverse("news:list"), {"axis": action.objective.axis.pk}).content.decode()
        assert "Sur la fiche" in by_axis and "Sur un autre axe" not in by_axis
        by_text = client.get(reverse("news:list"), {"q": "cantine"}).content.decode()
        assert "Parle de restauration" in by_text and "Sur la fiche" not in by_text

    def test_empty_states(self, client, agent, programme):
        client.force_login(agent)
        assert "Aucune actualité n'a encore été publiée." in client.get(reverse("news:list")).content.decode()
        filtered = client.get(reverse("news:list"), {"q": "introuvable"}).content.decode()
        assert "Aucune actualité ne correspond à ces critères." in filtered

    def test_pagination(self, client, agent):
        for n in range(12):
            PostFactory(title=f"Billet {n:02d}", published_at=timezone.now() - datetime.timedelta(hours=n + 1))
        client.force_login(agent)
        first = client.get(reverse("news:list")).content.decode()
        second = client.get(reverse("news:list"), {"page": 2}).content.decode()
        assert "Billet 00" in first and "Billet 11" not in first
        assert "Billet 11" in second and "Page 2 sur 2" in second

    def test_list_query_count_does_not_grow(self, client, agent, action):
        def make_posts(count: int) -> None:
            for _ in range(count):
                # Numbers apart from the fixture's objective 2.4 (the factory's sequence reaches 4 when run alone).
                number = 10 + Objective.objects.filter(axis=action.objective.axis).count()
                objective = ObjectiveFactory(axis=action.objective.axis, number=number)
                PostFactory(actions=[action, ActionFactory(objective=objective)], axes=[action.objective.axis])

        client.force_login(agent)
        make_posts(2)
        small = count_queries(client, reverse("news:list"))
        make_posts(8)
        assert count_queries(client, reverse("news:list")) == small


class TestSections:
    def test_dashboard_shows_the_three_latest_published_posts(self, rf, agent):
        for n in range(4):
            PostFactory(title=f"Billet {n}", published_at=timezone.now() - datetime.timedelta(days=n + 1))
        PostFactory(title="Brouillon", status=Post.Status.DRAFT, published_at=None)
        request = rf.get("/")
        request.user = agent
        titles = [post.title for post in dashboard_context(request, None)["latest_posts"]]
        assert titles == ["Billet 0", "Billet 1", "Billet 2"]

    def test_action_page_lists_posts_about_the_action(self, rf, agent, action):
        PostFactory(title="Sur la fiche", actions=[action])
        PostFactory(title="Ailleurs")
        PostFactory(title="Future", actions=[action], published_at=timezone.now() + datetime.timedelta(days=1))
        request = rf.get("/")
        request.user = agent
        assert [post.title for post in action_context(request, action)["action_posts"]] == ["Sur la fiche"]

    def test_sections_render_through_the_registry(self, rf, agent, action):
        from django.template import Context, Template

        PostFactory(title="Sur la fiche", actions=[action])
        request = rf.get("/")
        request.user = agent
        html = Template('{% load partage %}{% page_sections "action" action %}').render(
            Context({"request": request, "action": action})
        )
        assert "Sur la fiche" in html
        html = Template('{% load partage %}{% page_sections "dashboard" None %}').render(Context({"request": request}))
        assert "Dernières actualités" in html and "Sur la fiche" in html


class TestSocial:
    def test_agent_comments_on_a_post_and_follows_it(self, client, agent):
        from django.contrib.contenttypes.models import ContentType

        from partage.core import follows
        from partage.core.models import Comment

        post = PostFactory(title="Le télétravail généralisé")
        client.force_login(agent)
        page = client.get(post.get_absolute_url()).content.decode()
        assert "Commentaires (0)" in page
        content_type = ContentType.objects.get_for_model(Post)
        client.post(reverse("core:post_comment", args=[content_type.pk, post.pk]), {"body": "Très bonne nouvelle"})
        assert Comment.objects.filter(object_id=post.pk, body="Très bonne nouvelle").exists()
        assert follows.is_following(agent, post)
        assert "Très bonne nouvelle" in client.get(post.get_absolute_url()).content.decode()

    def test_commune_contact_reads_but_cannot_comment(self, client, commune_contact):
        post = PostFactory()
        client.force_login(commune_contact)
        assert client.get(post.get_absolute_url()).status_code == 200
        assert not commune_contact.has_perm("news.comment_post", post)


class TestPagesOfOtherModules:
    def test_dashboard_shows_latest_posts(self, client, agent, action):
        for n in range(4):
            PostFactory(title=f"Billet {n}", published_at=timezone.now() - datetime.timedelta(days=n + 1))
        client.force_login(agent)
        page = client.get(reverse("roadmap:dashboard")).content.decode()
        assert "Dernières actualités" in page
        assert "Billet 0" in page and "Billet 2" in page and "Billet 3" not in page

    def test_action_page_lists_its_posts(self, client, agent, action):
        PostFactory(title="Le télétravail avance", actions=[action])
        PostFactory(title="Sans rapport")
        client.force_login(agent)
        page = client.get(action.get_absolute_url()).content.decode()
        assert "Le télétravail avance" in page and "Sans rapport" not in page
