"""The organisation's visual identity (name, logo, colours, favicon) that every page shows.

An administrator sets it in the Django admin (`core.SiteIdentity`, one row); until then the defaults of
settings.SITE_IDENTITY apply. Colours reach the pages as a small stylesheet (`core:identity_css`), since
our Content-Security-Policy allows no inline style; the logo and favicon are served by `core` views too,
as the proxy serves no other part of /media/ than the news pictures (docs/deploy.md). Each URL carries
the row's modification time, so browsers keep them for a year and still see a change at once.

Contrast: the primary and accent colours are used as text on white and as the background of white
text (buttons, the navigation band), so each must reach 4.5:1 against white (WCAG 1.4.3, RGAA 3.2).
Their light tint only ever sits under the body text colour, which keeps more than 4.5:1 on any tint.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import cache

MIN_CONTRAST = 4.5
WHITE = "#ffffff"
TEXT = "#161616"
MAX_IMAGE_SIZE = 1024 * 1024
_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
_SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "webp": (b"RIFF",),
    "ico": (b"\x00\x00\x01\x00",),
}


def normalise_colour(value: str) -> str:
    """'#ABC', 'abc', '#aabbcc' -> '#aabbcc'; ValueError for anything else."""
    match = _HEX.match((value or "").strip())
    if not match:
        raise ValueError(value)
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def _channels(colour: str) -> tuple[float, float, float]:
    digits = normalise_colour(colour)[1:]
    return tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: str, other: str, amount: float) -> str:
    """`colour` moved `amount` (0..1) of the way towards `other`."""
    mixed = (a + (b - a) * amount for a, b in zip(_channels(colour), _channels(other), strict=True))
    return "#" + "".join(f"{round(c * 255):02x}" for c in mixed)


def check_colour(value: str) -> str:
    """The colour, normalised, if white text on it (and it on white) is readable; else a French error."""
    try:
        colour = normalise_colour(value)
    except ValueError:
        raise ValidationError(
            _("« %(value)s » n'est pas une couleur : écrivez-la en hexadécimal, par exemple #000091."),
            params={"value": value},
            code="colour",
        ) from None
    ratio = contrast_ratio(colour, WHITE)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "Contraste insuffisant avec le blanc : %(ratio)s:1, il faut 4,5:1 au moins (RGAA 3.2, "
                "WCAG 1.4.3). Choisissez une teinte plus foncée, par exemple %(suggestion)s."
            ),
            params={"ratio": f"{ratio:.2f}".replace(".", ","), "suggestion": darken_until_readable(colour)},
            code="contrast",
        )
    return colour


def darken_until_readable(colour: str) -> str:
    """The lightest shade of `colour` (mixed with black) that reaches 4.5:1 against white."""
    for step in range(1, 21):
        shade = mix(colour, "#000000", step / 20)
        if contrast_ratio(shade, WHITE) >= MIN_CONTRAST:
            return shade
    return "#000000"


def _check_image(upload, extensions: tuple[str, ...], label) -> None:
    if upload is None or not hasattr(upload, "size"):
        return
    if upload.size > MAX_IMAGE_SIZE:
        raise ValidationError(_("Le fichier dépasse 1 Mo."), code="too_big")
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in extensions:
        raise ValidationError(label, code="type")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in _SIGNATURES[extension]):
        raise ValidationError(_("Le contenu du fichier ne correspond pas à son extension."), code="type")


def validate_logo(upload) -> None:
    # SVG is refused: opened on its own, an SVG file runs its scripts under the site's address.
    _check_image(upload, ("png", "jpg", "jpeg", "webp"), _("Le logo doit être une image PNG, JPEG ou WebP."))


def validate_favicon(upload) -> None:
    _check_image(upload, ("png", "ico"), _("L'icône d'onglet doit être une image PNG ou ICO."))


@dataclass(frozen=True)
class Identity:
    site_name: str
    organisation_name: str
    primary_color: str
    accent_color: str
    logo_url: str = ""
    favicon_url: str = ""
    version: str = "0"

    @property
    def primary_dark(self) -> str:
        return mix(self.primary_color, "#000000", 0.25)

    @property
    def primary_light(self) -> str:
        return mix(self.primary_color, WHITE, 0.92)

    @property
    def accent_light(self) -> str:
        return mix(self.accent_color, WHITE, 0.9)

    @property
    def stylesheet_url(self) -> str:
        return reverse("core:identity_css") + f"?v={self.version}"


def defaults() -> dict[str, str]:
    configured = getattr(settings, "SITE_IDENTITY", {})
    return {
        "site_name": configured.get("site_name", "Partage"),
        "organisation_name": configured.get("organisation_name", "Lorient Agglomération"),
        "primary_color": configured.get("primary_color", "#000091"),
        "accent_color": configured.get("accent_color", "#e1000f"),
    }


def _load() -> Identity:
    from .models import SiteIdentity

    row = SiteIdentity.objects.filter(pk=1).first()
    base = defaults()
    if row is None:
        return Identity(**base, favicon_url=static("partage/favicon.svg"), version=_version(base))
    version = _version({"row": row.updated_at.isoformat(), "primary": row.primary_color, "accent": row.accent_color})
    return Identity(
        site_name=row.site_name or base["site_name"],
        organisation_name=row.organisation_name or base["organisation_name"],
        primary_color=row.primary_color,
        accent_color=row.accent_color,
        logo_url=reverse("core:identity_file", kwargs={"kind": "logo"}) + f"?v={version}" if row.logo else "",
        favicon_url=(
            reverse("core:identity_file", kwargs={"kind": "favicon"}) + f"?v={version}"
            if row.favicon
            else static("partage/favicon.svg")
        ),
        version=version,
    )


def _version(values: dict) -> str:
    return hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest()[:12]


def current_identity() -> Identity:
    """The identity every page shows: one cache read per request, a query only after a change."""
    return cache.cached("site-identity", namespaces=["identity"], compute=_load)


def stylesheet(identity: Identity) -> str:
    return (
        ":root {"
        f" --primary: {identity.primary_color}; --primary-dark: {identity.primary_dark};"
        f" --primary-light: {identity.primary_light};"
        f" --accent: {identity.accent_color}; --accent-light: {identity.accent_light};"
        " }\n"
    )
