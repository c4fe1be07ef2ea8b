class ActionNumberConverter:
    """Action numbers as printed: "2.4.1"."""

    regex = r"[0-9]+(?:\.[0-9]+)*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
