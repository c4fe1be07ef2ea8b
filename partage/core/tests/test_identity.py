"""The organisation's identity (core.SiteIdentity): set in the admin, checked for contrast, shown on
every page (name, logo, colours, favicon) without a query per page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from partage.core import identity
from partage.core.models import SiteIdentity

pytestmark = pytest.mark.django_db


def png_bytes(size=(64, 32)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 0, 145)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_contrast_ratio_follows_wcag():
    assert identity.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert identity.contrast_ratio("#000091", "#ffffff") > 14
    # #767676 is the well-known lightest grey that passes 4.5:1 on white.
    assert identity.contrast_ratio("#767676", "#ffffff") >= 4.5 > identity.contrast_ratio("#777777", "#ffffff")


def test_without_a_row_the_settings_defaults_show(client, agent, settings):
    settings.SITE_IDENTITY = {"site_name": "Partage", "organisation_name": "Quimperlé Communauté"}
    client.force_login(agent)
    body = client.get(reverse("roadmap:dashboard")).content.decode()
    assert "Quimperlé Communauté" in body
    assert 'rel="icon" href="/static/partage/favicon.svg"' in body


def admin_form_data(**overrides) -> dict:
    data = {
        "site_name": "Partage",
        "organisation_name": "Lorient Agglomération",
        "primary_color": "#000091",
        "accent_color": "#e1000f",
    }
    data.update(overrides)
    return data


def test_the_admin_list_opens_the_single_row(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("admin:core_siteidentity_changelist"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:core_siteidentity_change", args=[1])
    assert SiteIdentity.objects.count() == 1
    assert client.get(reverse("admin:core_siteidentity_add")).status_code == 403


def test_a_colour_too_light_for_white_text_is_refused_in_french(client, administrator):
    client.force_login(administrator)
    client.get(reverse("admin:core_siteidentity_changelist"))
    url = reverse("admin:core_siteidentity_change", args=[1])
    response = client.post(url, admin_form_data(primary_color="#7fb2ff"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Contraste insuffisant avec le blanc" in body
    assert "4,5:1" in body
    assert SiteIdentity.objects.get().primary_color == "#000091", "nothing saved"


def test_an_administrator_sets_name_colours_logo_and_favicon_shown_on_every_page(
    client, administrator, agent, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(administrator)
    client.get(reverse("admin:core_siteidentity_changelist"))
    data = admin_form_data(organisation_name="Agglo du Pays de Lorient", primary_color="#18753C")
    data["logo"] = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    data["favicon"] = SimpleUploadedFile("favicon.png", png_bytes((32, 32)), content_type="image/png")
    response = client.post(reverse("admin:core_siteidentity_change", args=[1]), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    client.force_login(agent)
    body = client.get(reverse("roadmap:dashboard")).content.decode()
    assert "Agglo du Pays de Lorient" in body
    current = identity.current_identity()
    assert f'src="{current.logo_url}"' in body and f'rel="icon" href="{current.favicon_url}"' in body
    logo = client.get(current.logo_url)
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")

    css = client.get(current.stylesheet_url)
    assert css["Content-Type"].startswith("text/css")
    assert "--primary: #18753c;" in css.content.decode(), "normalised to lower case"
    assert "immutable" in css["Cache-Control"]
    assert f'href="{current.stylesheet_url}"' in body


def test_an_svg_logo_is_refused(client, administrator):
    client.force_login(administrator)
    client.get(reverse("admin:core_siteidentity_changelist"))
    data = admin_form_data()
    data["logo"] = SimpleUploadedFile("logo.svg", b"<svg><script>alert(1)</script></svg>", content_type="image/svg+xml")
    response = client.post(reverse("admin:core_siteidentity_change", args=[1]), data)
    assert response.status_code == 200
    assert "PNG, JPEG ou WebP" in response.content.decode()


def test_a_renamed_file_is_refused(client, administrator):
    client.force_login(administrator)
    client.get(reverse("admin:core_siteidentity_changelist"))
    data = admin_form_data()
    data["favicon"] = SimpleUploadedFile("favicon.png", b"MZ\x90\x00 not a picture", content_type="image/png")
    response = client.post(reverse("admin:core_siteidentity_change", args=[1]), data)
    assert "ne correspond pas à son extension" in response.content.decode()


def test_the_identity_costs_no_query_once_cached_and_a_change_shows_at_once(client, agent):
    client.force_login(agent)
    client.get(reverse("roadmap:dashboard"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("core:site_page", args=["aide"]))
    assert not [q for q in queries if "core_siteidentity" in q["sql"]]
    SiteIdentity.objects.create(pk=1, organisation_name="Lorient Agglomération", primary_color="#6a1b9a")
    css = client.get(identity.current_identity().stylesheet_url).content.decode()
    assert "--primary: #6a1b9a;" in css


def test_missing_files_and_unknown_kinds_answer_404(client):
    assert client.get(reverse("core:identity_file", args=["logo"])).status_code == 404
    assert client.get(reverse("core:identity_file", args=["passwords"])).status_code == 404
