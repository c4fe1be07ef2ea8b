"""The organisation chart (directions, services) and the member communes.

These models were born in `accounts` (Direction, Service) and `territory` (Commune) and moved here so
that `roadmap` and `territory` can both use them without importing each other (docs/decisions/0007).
Their tables keep their first names (`db_table`): the move changed Django's state, not the database.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Direction(models.Model):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    acronym = models.CharField(_("sigle"), max_length=20, blank=True)

    class Meta:
        db_table = "accounts_direction"
        ordering = ["name"]
        verbose_name = _("direction")
        verbose_name_plural = _("directions")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Service(models.Model):
    direction = models.ForeignKey(
        Direction, on_delete=models.PROTECT, related_name="services", verbose_name=_("direction")
    )
    name = models.CharField(_("nom"), max_length=200)

    class Meta:
        db_table = "accounts_service"
        ordering = ["direction__name", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [models.UniqueConstraint(fields=["direction", "name"], name="unique_service_per_direction")]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    insee_code = models.CharField(_("code INSEE"), max_length=5, blank=True)

    class Meta:
        db_table = "territory_commune"
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # The commune's page belongs to the territory module: named by its URL, never imported.
        return reverse("territory:commune", kwargs={"slug": self.slug})
