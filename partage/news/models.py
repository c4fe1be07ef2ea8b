"""News posts ("Actualités") about the roadmap's actions and axes.

A post is read by agents once it is published and its publication date has
come (scheduled publication needs no task: lists filter on `published_at`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .querysets import PostQuerySet


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publiée")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=220, unique=True)
    summary = models.TextField(
        _("chapô"),
        max_length=600,
        help_text=_("Deux ou trois phrases, reprises dans les listes et dans le flux RSS public."),
    )
    body = models.TextField(_("texte"), blank=True, help_text=_("Markdown."))
    image = models.ImageField(_("image"), upload_to="news/%Y/%m/", blank=True)
    image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Décrit l'image pour les personnes qui ne la voient pas. Obligatoire si une image est jointe."),
    )
    actions = models.ManyToManyField(
        "roadmap.Action", blank=True, related_name="news_posts", verbose_name=_("fiches-actions liées")
    )
    axes = models.ManyToManyField("roadmap.Axis", blank=True, related_name="news_posts", verbose_name=_("axes liés"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_posts",
        verbose_name=_("auteur"),
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("date de publication"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Une date future programme la publication. Vide : maintenant, à la publication."),
    )
    announced_at = models.DateTimeField(
        _("annoncée le"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Quand les abonnés des fiches-actions liées ont été prévenus."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "announced_at"])
    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="published_post_has_date",
                violation_error_message=_("Une actualité publiée a une date de publication."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:post", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Décrivez l'image : le texte alternatif est obligatoire lorsqu'une image est jointe.")}
            )

    @property
    def is_visible(self) -> bool:
        """Published and due: what agents see."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at is not None and not self.is_visible
