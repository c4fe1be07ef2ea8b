"""Communes of the agglomeration (the rest of the territory module comes with its issue)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Commune(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    insee_code = models.CharField(_("code INSEE"), max_length=5, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return self.name
