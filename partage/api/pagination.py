from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_description = _("Numéro de la page.")
    page_size_query_description = _("Nombre de résultats par page (200 au plus).")
    invalid_page_message = _("Page invalide.")
