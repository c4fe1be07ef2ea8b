"""Surveys built through the real write (writes.create_survey), so tests use the same path as users."""

from partage.surveys import writes


def multi_page_spec(**overrides) -> dict:
    """Two pages; the second page's text question shows only when the rating is 3 or less."""
    spec = {
        "title": "Qualité de vie au travail",
        "audience": "staff",
        "is_anonymous": False,
        "is_published": True,
        "pages": [
            {
                "title": "Votre service",
                "questions": [
                    {
                        "kind": "single",
                        "key": "site",
                        "label": "Votre site",
                        "choices": ["Lorient", "Lanester"],
                        "allow_other": True,
                        "required": True,
                    },
                    {
                        "kind": "rating",
                        "key": "note",
                        "label": "Votre note",
                        "min_value": 1,
                        "max_value": 5,
                        "required": True,
                    },
                ],
            },
            {
                "title": "Détails",
                "questions": [
                    {
                        "kind": "long_text",
                        "label": "Pourquoi cette note ?",
                        "required": True,
                        "condition": {"key": "note", "operator": "in_range", "value": 1, "max": 3},
                    },
                    {"kind": "multiple", "label": "Outils", "choices": ["Mail", "Intranet", "Visio"], "max_value": 2},
                    {"kind": "number", "label": "Jours de télétravail", "min_value": 0, "max_value": 5},
                ],
            },
        ],
    }
    spec.update(overrides)
    return spec


def make_survey(by=None, **overrides):
    return writes.create_survey(spec=multi_page_spec(**overrides), by=by)
