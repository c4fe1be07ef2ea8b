"""Downloads: open data (CSV, JSON, Table Schema, DCAT JSON-LD; public) and the yearly PDF report
(readers of the roadmap, rule roadmap.view_roadmap, because it counts internal consultation)."""

import json

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from partage.roadmap import selectors

from .. import opendata, report
from ..permissions import TokenScope, require


class FileNegotiation(DefaultContentNegotiation):
    """The file is the answer whatever the Accept header says; errors are JSON (the only renderer)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class FileView(APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FileNegotiation


def _download(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json(data: dict, content_type: str = "application/json", filename: str | None = None) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1, default=str), content_type=f"{content_type}; charset=utf-8"
    )
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class OpenDataCSV(FileView):
    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="Fiches-actions, une par ligne (schéma : schema.json)."
            )
        }
    )
    def get(self, request, programme: str, **kwargs):
        """Les fiches-actions du programme en CSV (UTF-8, virgule), sous Licence Ouverte par défaut. Public."""
        prog = selectors.programme_by_slug(programme)
        return _download(opendata.roadmap_csv(prog), "text/csv; charset=utf-8", f"feuille-de-route-{prog.slug}.csv")


class OpenDataJSON(FileView):
    @extend_schema(responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="Programme et fiches-actions.")})
    def get(self, request, programme: str, **kwargs):
        """La feuille de route complète du programme en JSON (champs publics de l'API). Public."""
        prog = selectors.programme_by_slug(programme)
        return _json(opendata.roadmap_json(prog), filename=f"feuille-de-route-{prog.slug}.json")


class OpenDataSchema(FileView):
    @extend_schema(responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="Table Schema du CSV.")})
    def get(self, request, **kwargs):
        """Le schéma documenté du CSV (Table Schema). Public."""
        return _json(opendata.table_schema())


class OpenDataCatalog(FileView):
    @extend_schema(
        responses={(200, "application/ld+json"): OpenApiResponse(OpenApiTypes.OBJECT, description="Catalogue DCAT.")}
    )
    def get(self, request, **kwargs):
        """La description DCAT (JSON-LD) des jeux de données, pour un portail de données ouvertes. Public."""
        return _json(opendata.catalog(), content_type="application/ld+json")


class YearlyReport(FileView):
    permission_classes = [IsAuthenticated, TokenScope]

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="Bilan annuel.")}
    )
    def get(self, request, programme: str, year: int, **kwargs):
        """Le bilan annuel du programme en PDF (agents, contacts des communes, administrateurs)."""
        require(request, "roadmap.view_roadmap")
        prog = selectors.programme_by_slug(programme)
        if not 2000 <= year <= timezone.localdate().year + 1:
            raise NotFound
        pdf = report.build_report(programme=prog, year=year, user=request.user)
        return _download(pdf, "application/pdf", f"bilan-{prog.slug}-{year}.pdf")
