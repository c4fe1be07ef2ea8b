"""WebSocket Origin check: a browser always sends Origin, and it must be one of ALLOWED_HOSTS (against
cross-site WebSocket hijacking with the participant's cookies). Clients without an Origin header are not
browsers (a load generator, a script): they cannot ride a visitor's cookies, so they pass."""

from channels.security.websocket import AllowedHostsOriginValidator, OriginValidator


class _NoOriginAllowed(OriginValidator):
    def valid_origin(self, parsed_origin) -> bool:
        if parsed_origin is None:
            return True
        return self.validate_origin(parsed_origin)


def SameHostOrNoOriginValidator(application):  # noqa: N802 (mirrors Channels' factory name)
    allowed = AllowedHostsOriginValidator(application).allowed_origins
    return _NoOriginAllowed(application, allowed)
