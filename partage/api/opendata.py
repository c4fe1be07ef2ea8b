"""Open data: the public roadmap as CSV and JSON, their documented schema (Table Schema), and a
DCAT description (JSON-LD) for the agglomération's data portal.

Only the public level of the API goes out (serializers.ActionDetailSerializer and the public CSV
columns below): no person is named, no journal, no internal note. The licence comes from settings
(Licence Ouverte 2.0 by default: OPEN_DATA_LICENCE_NAME / OPEN_DATA_LICENCE_URL).
"""

import csv
import io

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from partage.core.site import absolute_url
from partage.roadmap.models import Action, Programme

from . import serializers as s

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

STATUS_DOC = "Statut : " + ", ".join(
    f"{value} ({label})"
    for value, label in [
        ("to_start", "à engager"),
        ("in_progress", "en cours"),
        ("done", "réalisée"),
        ("suspended", "suspendue"),
        ("abandoned", "abandonnée"),
    ]
)

# (column, type, description): the CSV's columns, documented in schema.json (Table Schema).
CSV_COLUMNS = [
    ("numero", "string", "Numéro de la fiche-action, « axe.objectif.rang » (par exemple 2.4.1)."),
    ("axe", "integer", "Numéro de l'axe."),
    ("axe_intitule", "string", "Intitulé de l'axe."),
    ("objectif", "string", "Code de l'objectif, « axe.objectif »."),
    ("objectif_intitule", "string", "Intitulé de l'objectif."),
    ("intitule", "string", "Intitulé complet de la fiche-action, verbe d'action compris."),
    ("statut", "string", STATUS_DOC),
    ("statut_libelle", "string", "Statut en toutes lettres."),
    ("avancement", "integer", "Avancement en pour cent (0 à 100)."),
    ("date_debut", "date", "Date de début (AAAA-MM-JJ), vide si non définie."),
    ("date_fin_prevue", "date", "Date de fin prévue (AAAA-MM-JJ), vide si non définie."),
    ("direction_pilote", "string", "Direction qui pilote la fiche-action, vide si à désigner."),
    ("origine", "string", "roadmap : feuille de route initiale ; added : ajoutée en cours de route."),
    ("a_completer", "boolean", "Vrai si l'intitulé ou le contenu est perdu ou incertain dans le document source."),
    ("jalons", "integer", "Nombre de jalons."),
    ("jalons_realises", "integer", "Nombre de jalons réalisés."),
    ("jalons_en_retard", "integer", "Nombre de jalons non réalisés dont l'échéance est passée."),
    ("indicateurs", "integer", "Nombre d'indicateurs."),
    ("modifie_le", "datetime", "Date et heure de la dernière modification (ISO 8601)."),
]


def licence() -> dict:
    return {"name": settings.OPEN_DATA_LICENCE_NAME, "url": settings.OPEN_DATA_LICENCE_URL}


def public_actions(programme: Programme):
    today = timezone.localdate()
    return (
        Action.objects.filter(programme=programme)
        .living()  # the open data is the living roadmap: archived actions left out
        .select_related("objective__axis", "pilot_direction")
        .annotate(
            milestone_count=Count("milestones", distinct=True),
            milestones_done=Count("milestones", filter=Q(milestones__done_date__isnull=False), distinct=True),
            milestones_late=Count(
                "milestones",
                filter=Q(milestones__done_date__isnull=True, milestones__due_date__lt=today),
                distinct=True,
            ),
            indicator_count=Count("indicators", distinct=True),
        )
    )


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    # A spreadsheet would run these as formulas; numbers and dates never start so except negatives.
    if isinstance(value, str) and text.startswith(FORMULA_PREFIXES):
        text = "'" + text
    return text


def roadmap_csv(programme: Programme) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _type, _doc in CSV_COLUMNS])
    for action in public_actions(programme):
        axis = action.objective.axis
        writer.writerow(
            [
                _cell(v)
                for v in (
                    action.number,
                    axis.number,
                    axis.title,
                    action.objective.code,
                    action.objective.title,
                    action.title,
                    action.status,
                    action.get_status_display(),
                    action.progress,
                    action.start_date,
                    action.end_date,
                    action.pilot_direction.name if action.pilot_direction else None,
                    action.origin,
                    action.to_complete,
                    action.milestone_count,
                    action.milestones_done,
                    action.milestones_late,
                    action.indicator_count,
                    timezone.localtime(action.updated_at),
                )
            ]
        )
    return out.getvalue()


def roadmap_json(programme: Programme, request=None) -> dict:
    from .views.roadmap import ProgrammeDetail, action_queryset

    programme = ProgrammeDetail.queryset.get(pk=programme.pk)
    actions = action_queryset(AnonymousUser()).filter(programme=programme)
    return {
        "licence": licence(),
        "publisher": settings.OPEN_DATA_PUBLISHER,
        "generated_at": timezone.localtime().isoformat(),
        "schema": absolute_url(reverse("api:opendata_schema")),
        "programme": s.ProgrammeDetailSerializer(programme).data,
        "actions": s.ActionDetailSerializer(actions, many=True).data,
    }


def table_schema() -> dict:
    """The CSV's schema as a Frictionless Table Schema (what data.gouv.fr and schema.data.gouv.fr read)."""
    return {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "name": "feuille-de-route-pap",
        "title": "Fiches-actions du Projet d'Administration Partagé",
        "description": "Une ligne par fiche-action : sa place dans la feuille de route, son statut, son avancement, "
        "ses dates, sa direction pilote, ses jalons et indicateurs. Encodage UTF-8, séparateur virgule.",
        "licenses": [{"title": settings.OPEN_DATA_LICENCE_NAME, "path": settings.OPEN_DATA_LICENCE_URL}],
        "fields": [
            {"name": name, "type": kind, "description": doc, **({"format": "default"} if kind == "date" else {})}
            for name, kind, doc in CSV_COLUMNS
        ],
        "primaryKey": ["numero"],
        "missingValues": [""],
        "json_description": "Le fichier JSON reprend les champs de l'API publique (/api/schema/, composant "
        "ActionDetail) : le programme (étapes, axes, objectifs, valeurs) et ses fiches-actions avec jalons, "
        "indicateurs et mesures.",
    }


def catalog() -> dict:
    """A DCAT-AP description (JSON-LD) of every programme's datasets and their distributions."""
    programmes = list(Programme.objects.annotate(modified=Max("actions__updated_at")).order_by("-is_current", "name"))
    datasets = []
    for programme in programmes:
        csv_url = absolute_url(reverse("api:opendata_csv", kwargs={"programme": programme.slug}))
        json_url = absolute_url(reverse("api:opendata_json", kwargs={"programme": programme.slug}))
        datasets.append(
            {
                "@id": absolute_url(reverse("api:programme", kwargs={"version": "v1", "programme": programme.slug})),
                "@type": "dcat:Dataset",
                "dct:title": f"Feuille de route — {programme.name}",
                "dct:description": programme.summary or "Fiches-actions du Projet d'Administration Partagé.",
                "dct:identifier": programme.slug,
                "dct:publisher": {"@type": "foaf:Organization", "foaf:name": settings.OPEN_DATA_PUBLISHER},
                "dct:license": settings.OPEN_DATA_LICENCE_URL,
                "dct:language": "http://publications.europa.eu/resource/authority/language/FRA",
                "dct:modified": programme.modified.isoformat() if programme.modified else None,
                "dcat:keyword": ["feuille de route", "projet d'administration", "fiches-actions", "administration"],
                "dct:accrualPeriodicity": "http://publications.europa.eu/resource/authority/frequency/CONT",
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": "Fiches-actions (CSV)",
                        "dcat:downloadURL": csv_url,
                        "dcat:accessURL": csv_url,
                        "dcat:mediaType": "text/csv",
                        "dct:format": "CSV",
                        "dct:conformsTo": absolute_url(reverse("api:opendata_schema")),
                        "dct:license": settings.OPEN_DATA_LICENCE_URL,
                    },
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": "Feuille de route complète (JSON)",
                        "dcat:downloadURL": json_url,
                        "dcat:accessURL": json_url,
                        "dcat:mediaType": "application/json",
                        "dct:format": "JSON",
                        "dct:license": settings.OPEN_DATA_LICENCE_URL,
                    },
                ],
            }
        )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@id": absolute_url(reverse("api:opendata_catalog")),
        "@type": "dcat:Catalog",
        "dct:title": "Données ouvertes de Partage",
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": settings.OPEN_DATA_PUBLISHER},
        "dct:license": settings.OPEN_DATA_LICENCE_URL,
        "dcat:dataset": datasets,
    }
