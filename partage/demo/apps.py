from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content for every module (a leaf app: it imports the others, nothing imports it)."""

    name = "partage.demo"
    label = "demo"
