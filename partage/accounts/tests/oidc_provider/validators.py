import json
import os
from pathlib import Path

from jwcrypto import jwt
from oauth2_provider.oauth2_validators import OAuth2Validator


def _people() -> dict:
    # Read at each request, so that a test can change what the provider says between two sign-ins.
    return json.loads(Path(os.environ["PROVIDER_PEOPLE"]).read_text())


class ProConnectLikeValidator(OAuth2Validator):
    # Every claim is given whatever the scopes (the test decides what the provider says).
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return dict(_people()[request.user.username]["claims"])

    def get_userinfo_claims(self, request):
        claims = super().get_userinfo_claims(request)
        if not _people()["__client__"].get("userinfo_jwt"):
            return claims
        # As ProConnect does: the userinfo response is a JWT signed with the provider's key (application/jwt).
        application = request.access_token.application
        claims = {**claims, "iss": self.get_oidc_issuer_endpoint(request), "aud": application.client_id}
        header = {"typ": "JWT", "alg": "RS256", "kid": application.jwk_key.thumbprint()}
        token = jwt.JWT(header=json.dumps(header), claims=json.dumps(claims, default=str))
        token.make_signed_token(application.jwk_key)
        return token.serialize()
