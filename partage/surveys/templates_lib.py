"""Ready-made surveys to copy (writes.create_survey specs): the satisfaction survey of the reception
desk (users, public link and kiosk) and the staff climate survey (anonymous). Wording in French: it is
what respondents read, so it goes through gettext like every other user-facing text."""

from django.utils.translation import gettext_lazy as _

K = "kind"


def reception_satisfaction() -> dict:
    scale = ["Très satisfait", "Plutôt satisfait", "Plutôt pas satisfait", "Pas du tout satisfait"]
    return {
        "title": str(_("Satisfaction des usagers de l'accueil")),
        "description": str(_("Quelques questions sur votre passage à l'accueil : deux minutes, sans nom ni adresse.")),
        "audience": "public",
        "is_anonymous": True,
        "thank_you": str(_("Merci ! Vos réponses nous aident à améliorer l'accueil.")),
        "pages": [
            {
                "title": str(_("Votre visite")),
                "questions": [
                    {
                        K: "single",
                        "key": "motif",
                        "label": str(_("Quel était le motif de votre visite ?")),
                        "choices": [
                            str(_("Démarche administrative")),
                            str(_("Renseignement")),
                            str(_("Rendez-vous")),
                        ],
                        "allow_other": True,
                        "required": True,
                    },
                    {
                        K: "single",
                        "label": str(_("Combien de temps avez-vous attendu ?")),
                        "choices": [
                            str(_("Moins de 5 minutes")),
                            str(_("5 à 15 minutes")),
                            str(_("Plus de 15 minutes")),
                        ],
                        "widget": "list",
                    },
                ],
            },
            {
                "title": str(_("Votre avis")),
                "questions": [
                    {
                        K: "rating",
                        "key": "note",
                        "label": str(_("Êtes-vous satisfait de l'accueil reçu ? (1 : pas du tout, 5 : tout à fait)")),
                        "min_value": 1,
                        "max_value": 5,
                        "required": True,
                    },
                    {
                        K: "matrix_single",
                        "label": str(_("Comment jugez-vous…")),
                        "rows": [
                            str(_("la courtoisie de l'agent")),
                            str(_("la clarté des réponses")),
                            str(_("le confort des locaux")),
                        ],
                        "choices": scale,
                    },
                    {K: "yes_no", "label": str(_("Votre demande a-t-elle été traitée ?")), "required": True},
                    {
                        K: "long_text",
                        "label": str(_("Que pourrions-nous améliorer ?")),
                        "condition": {"key": "note", "operator": "in_range", "value": 1, "max": 3},
                    },
                    {K: "nps", "label": str(_("Recommanderiez-vous ce service à un proche ?"))},
                ],
            },
        ],
    }


def staff_climate() -> dict:
    agree = ["Tout à fait d'accord", "Plutôt d'accord", "Plutôt pas d'accord", "Pas du tout d'accord"]
    return {
        "title": str(_("Baromètre social des agents")),
        "description": str(
            _(
                "Votre regard sur vos conditions de travail. Les réponses sont anonymes : personne ne peut "
                "relier une réponse à un agent, et aucun chiffre n'est montré pour moins de cinq répondants."
            )
        ),
        "audience": "staff",
        "is_anonymous": True,
        "pages": [
            {
                "title": str(_("Votre travail")),
                "questions": [
                    {
                        K: "matrix_single",
                        "label": str(_("Dites si vous êtes d'accord :")),
                        "rows": [
                            str(_("Je dispose des moyens nécessaires pour bien faire mon travail")),
                            str(_("Ma charge de travail est raisonnable")),
                            str(_("Mon encadrant me fait des retours utiles")),
                        ],
                        "choices": agree,
                        "required": True,
                    },
                    {
                        K: "rating",
                        "key": "climat",
                        "label": str(_("Comment notez-vous l'ambiance de votre service ? (1 à 10)")),
                        "min_value": 1,
                        "max_value": 10,
                        "required": True,
                    },
                ],
            },
            {
                "title": str(_("Vos priorités")),
                "questions": [
                    {
                        K: "ranking",
                        "label": str(_("Classez ces sujets par ordre de priorité")),
                        "choices": [
                            str(_("Télétravail")),
                            str(_("Formation")),
                            str(_("Locaux")),
                            str(_("Reconnaissance")),
                        ],
                    },
                    {
                        K: "multiple",
                        "label": str(_("Quels outils utilisez-vous chaque semaine ? (trois au plus)")),
                        "choices": [
                            str(_("Messagerie")),
                            str(_("Intranet")),
                            str(_("Visioconférence")),
                            str(_("Partage")),
                            str(_("Parapheur")),
                        ],
                        "max_value": 3,
                    },
                    {
                        K: "long_text",
                        "label": str(_("Qu'est-ce qui améliorerait votre quotidien ?")),
                        "condition": {"key": "climat", "operator": "in_range", "value": 1, "max": 6},
                    },
                ],
            },
        ],
    }


TEMPLATES = {
    "reception": {"label": _("Satisfaction des usagers de l'accueil (public, borne)"), "spec": reception_satisfaction},
    "climate": {"label": _("Baromètre social des agents (anonyme)"), "spec": staff_climate},
}


def bench_spec(questions: int = 20) -> dict:
    """A plain 20-question survey of every answerable kind, for `make bench`."""
    kinds = [
        {K: "single", "choices": ["A", "B", "C", "D"]},
        {K: "multiple", "choices": ["A", "B", "C", "D"]},
        {K: "rating", "min_value": 1, "max_value": 5},
        {K: "nps"},
        {K: "yes_no"},
        {K: "short_text"},
        {K: "number", "min_value": 0, "max_value": 100},
        {K: "matrix_single", "rows": ["L1", "L2", "L3"], "choices": ["1", "2", "3"]},
        {K: "ranking", "choices": ["X", "Y", "Z"]},
        {K: "long_text"},
    ]
    qs = [dict(kinds[i % len(kinds)], label=f"Question {i + 1}") for i in range(questions)]
    return {
        "title": "Banc d'essai",
        "audience": "staff",
        "is_anonymous": True,
        "is_published": True,
        "pages": [{"title": f"Page {p + 1}", "questions": qs[p * 5 : p * 5 + 5]} for p in range(4)],
    }
