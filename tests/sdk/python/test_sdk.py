"""The generated Python SDK (sdk/python/pingone, package pulumi_pingone) under Pulumi's mocks: the exact inputs each
resource registers (the schema's defaults included), the provider's secret input kept secret, and the schema's secret
outputs and replace-on-change properties as registration options. Run: pytest tests/sdk/python, with pulumi==3.248.0
and the SDK installed (pip install ./sdk/python/pingone); .ci/run does both in a virtualenv."""

import pulumi
import pytest

registered = {}
options = {}


def SECRET(value):
    """A secret input as the mocks see it: Pulumi's secret signature around the value."""
    return {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": value}


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        registered[args.name] = (args.typ, dict(args.inputs))
        state = dict(args.inputs)
        if args.typ == "pingone:index:ApplicationSecret":
            state["secret"] = "s3cr3t"
        return [args.name + "-id", state]

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {}


pulumi.runtime.set_mocks(Mocks(), project="sdk-test", stack="test", preview=False)


def record_options(args: pulumi.ResourceTransformationArgs):
    options[args.name] = args.opts
    return None


pulumi.runtime.register_stack_transformation(record_options)

import pulumi_pingone as pingone  # noqa: E402  (after the mocks, as Pulumi's mocks require)


@pulumi.runtime.test
def test_every_resource_registers_exactly_its_inputs():
    provider = pingone.Provider("tenant", client_id="provisioner", client_secret="provisioner-secret", region_code=pingone.RegionCode.EU)
    app = pingone.Application(
        "app",
        environment_id="env-1",
        name="StackOne Integration",
        enabled=True,
        grant_types=[pingone.GrantType.AUTHORIZATION_CODE, pingone.GrantType.REFRESH_TOKEN],
        response_types=[pingone.ResponseType.CODE],
        pkce_enforcement=pingone.PkceEnforcement.OPTIONAL,
        refresh_token_type=pingone.RefreshTokenType.JSON_WEB_TOKEN,
        refresh_token_duration=2592000,
        refresh_token_rolling_duration=15552000,
        redirect_uris=["https://api.stackone.com/connect/oauth2/pingone/callback"],
        allow_wildcard_in_redirect_uris=False,
        token_endpoint_auth_method=pingone.TokenEndpointAuthMethod.CLIENT_SECRET_POST,
        admin_only_access=True,
        opts=pulumi.ResourceOptions(provider=provider),
    )
    secret = pingone.ApplicationSecret("secret", environment_id="env-1", application_id="app-1")
    grant = pingone.ResourceGrant("grant", environment_id="env-1", application_id="app-1", scopes=["openid"])
    role = pingone.UserRoleAssignment(
        "role",
        environment_id="env-1",
        username="alice",
        role_name=pingone.RoleName.ENVIRONMENT_ADMIN,
        scope_type=pingone.RoleScopeType.ENVIRONMENT,
    )

    def check(values):
        secret_value = values[0]
        assert registered == {
            "tenant": ("pulumi:providers:pingone", {"clientId": "provisioner", "clientSecret": SECRET("provisioner-secret"), "regionCode": "EU"}),
            "app": (
                "pingone:index:Application",
                {
                    "environmentId": "env-1",
                    "name": "StackOne Integration",
                    "enabled": True,
                    "grantTypes": ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
                    "responseTypes": ["CODE"],
                    "pkceEnforcement": "OPTIONAL",
                    "refreshTokenType": "JSON_WEB_TOKEN",
                    "refreshTokenDuration": 2592000,
                    "refreshTokenRollingDuration": 15552000,
                    "redirectUris": ["https://api.stackone.com/connect/oauth2/pingone/callback"],
                    "allowWildcardInRedirectUris": False,
                    "tokenEndpointAuthMethod": "CLIENT_SECRET_POST",
                    "adminOnlyAccess": True,
                },
            ),
            "secret": ("pingone:index:ApplicationSecret", {"environmentId": "env-1", "applicationId": "app-1"}),
            # The schema's default resource name.
            "grant": ("pingone:index:ResourceGrant", {"environmentId": "env-1", "applicationId": "app-1", "resourceName": "openid", "scopes": ["openid"]}),
            "role": ("pingone:index:UserRoleAssignment", {"environmentId": "env-1", "username": "alice", "roleName": "Environment Admin", "scopeType": "ENVIRONMENT"}),
        }
        assert secret_value == "s3cr3t"
        assert {name: (opts.additional_secret_outputs, sorted(opts.replace_on_changes or [])) for name, opts in options.items()} == {
            "tenant": (["clientSecret"], []),
            "app": (None, ["environmentId"]),
            "secret": (["secret"], ["applicationId", "environmentId"]),
            "grant": (None, ["applicationId", "environmentId", "resourceName"]),
            "role": (None, ["email", "environmentId", "roleName", "scopeId", "scopeType", "userId", "username"]),
        }

    # Once every resource is registered.
    return pulumi.Output.all(secret.secret, provider.id, app.id, grant.id, role.id).apply(check)


def test_a_required_input_left_out_is_refused():
    with pytest.raises(TypeError, match="Missing required property 'name'"):
        pingone.Group("no-name", environment_id="env-1")
