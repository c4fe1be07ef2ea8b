"""OpenAPI additions: every operation documents the error bodies it can answer (errors.py), and GETs
their 304, so that clients and the schema-driven fuzzer know them."""

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "Le message d'erreur, en français."},
        "code": {"type": "string", "description": "Un code stable : invalid, not_found, permission_denied…"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "Pour une erreur de saisie (400) : les messages par champ.",
        },
    },
    "required": ["detail", "code"],
}

ERRORS = {
    "400": "Données ou paramètres invalides.",
    "401": "Authentification requise, ou jeton invalide, expiré ou révoqué.",
    "403": "Droit insuffisant (règles des pages, ou jeton sans le droit d'écriture).",
    "404": "Introuvable.",
    "405": "Méthode non autorisée.",
    "406": "Format de réponse non disponible.",
    "415": "Type de contenu non pris en charge.",
    "429": "Trop de requêtes : réessayez plus tard (en-tête Retry-After).",
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Erreur"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Erreur"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(
                    status, {"description": description, "content": {"application/json": {"schema": ref}}}
                )
            if method == "get":
                responses.setdefault("304", {"description": "Inchangé depuis l'ETag donné dans If-None-Match."})
    return result
