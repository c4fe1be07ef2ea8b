"""The French texts the screens' scripts show, translated on the server and handed to the page as JSON
(no JavaScript catalogue to keep in step). "%s", "%1", "%2", "%n" are filled in by the scripts."""

from django.utils.translation import gettext as _


def results_texts() -> dict[str, str]:
    return {
        "total": _("%s réponses"),
        "average": _("Moyenne : %s"),
        "caption": _("Résultats sous forme de tableau"),
        "answer": _("Réponse"),
        "word": _("Mot"),
        "count": _("Nombre"),
        "rank": _("Rang moyen"),
        "points": _("Points"),
        "pts": _("points"),
        "correct": _("bonne réponse"),
        "leaderboard": _("Classement"),
        "results": _("Résultats"),
    }


def participant_texts() -> dict[str, str]:
    return {
        **results_texts(),
        "connecting": _("Connexion…"),
        "connected": _("Connecté."),
        "reconnecting": _("Connexion perdue, reconnexion…"),
        "polling": _("Connexion en mode dégradé (actualisation toutes les 2 secondes)."),
        "banned": _("L'animateur vous a exclu de la session."),
        "closed": _("La session est terminée."),
        "unknown": _("Session introuvable."),
        "retrying": _("Envoi impossible pour l'instant, nouvel essai automatique."),
        "sending": _("Envoi…"),
        "answerSaved": _("Réponse enregistrée."),
        "answered": _("Votre réponse est enregistrée. Attendez la suite."),
        "contributionSent": _("Message publié."),
        "contributionPending": _("Message envoyé : il sera publié après validation."),
        "voteCounted": _("Vote compté."),
        "waiting": _("En attente de la prochaine activité"),
        "pick": _("Choisissez une activité"),
        "activities": _("Activités de la session"),
        "sessionClosed": _("La session est terminée. Merci de votre participation !"),
        "activityClosed": _("Les réponses sont closes."),
        "timer": _("Temps indiqué : %s secondes."),
        "chooseOne": _("Choisissez une réponse"),
        "chooseUpTo": _("Choisissez jusqu'à %s réponses"),
        "word": _("Mot %s"),
        "scaleLegend": _("Votre note, de %1 à %2"),
        "moveUp": _("Monter « %s »"),
        "moveDown": _("Descendre « %s »"),
        "rankNow": _("« %1 » est maintenant en position %2."),
        "rankingHelp": _("Classez les propositions avec les boutons, de la plus importante à la moins importante."),
        "pointsLeft": _("Points restant à répartir : %s"),
        "send": _("Envoyer"),
        "pickSomething": _("Donnez une réponse avant d'envoyer."),
        "yourQuestion": _("Votre question"),
        "yourCard": _("Votre idée"),
        "yourMessage": _("Votre message"),
        "column": _("Colonne"),
        "anonymous": _("Publier anonymement"),
        "premoderated": _("Les messages sont publiés après validation par l'animateur."),
        "tooShort": _("Écrivez au moins 2 caractères."),
        "questions": _("Questions"),
        "cards": _("Idées du tableau"),
        "messages": _("Messages"),
        "nothingYet": _("Rien pour le moment."),
        "pinned": _("épinglée"),
        "answeredQ": _("répondue"),
        "upvote": _("Soutenir « %s » (%n votes)"),
        "anonymousAuthor": _("Anonyme"),
    }


def host_texts() -> dict[str, str]:
    return {
        **results_texts(),
        "connecting": _("Connexion…"),
        "connected": _("Connecté."),
        "reconnecting": _("Connexion perdue, reconnexion…"),
        "waiting": _("En attente de la prochaine activité"),
        "counts": _("%1 participants, %2 connectés, %3 réponses"),
        "hiddenResults": _("Résultats masqués jusqu'à la révélation."),
        "queueEmpty": _("Rien à modérer."),
        "pending": _("En attente de validation"),
        "published": _("Publiées"),
        "publish": _("Publier"),
        "hide": _("Masquer"),
        "pin": _("Épingler"),
        "unpin": _("Désépingler"),
        "markAnswered": _("Marquer comme répondue"),
        "deleteWord": _("Retirer « %s »"),
        "votes": _("%s votes"),
        "anonymousAuthor": _("Anonyme"),
        "sessionClosed": _("La session est terminée."),
        "questions": _("Questions"),
        "toIdea": _("Transformer en idée"),
    }
