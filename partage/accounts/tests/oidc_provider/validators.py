import json
import os
from pathlib import Path

from oauth2_provider.oauth2_validators import OAuth2Validator


class ProConnectLikeValidator(OAuth2Validator):
    # Every claim is given whatever the scopes (the test decides what the provider says).
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        # Read at each request, so that a test can change what the provider says between two sign-ins.
        people = json.loads(Path(os.environ["PROVIDER_PEOPLE"]).read_text())
        return dict(people[request.user.username]["claims"])
