"""The generated Python SDK of the stackone component (sdk/python/stackone, package pulumi_stackone) under Pulumi's
mocks. The mocks register the remote component without running its Construct, so what is checked is what the SDK
sends: the type token, the inputs with the schema's defaults, that it asks for a remote component, the explicit
pingone provider passed through `providers`, the secret outputs, and a secret output kept secret. Run: pytest
tests/sdk/python with pulumi==3.248.0 and both SDKs installed (pip install ./sdk/python/pingone ./sdk/python/stackone);
.ci/run does both in a virtualenv."""

import pulumi
import pytest
from pulumi.runtime import settings
from pulumi.runtime.mocks import MockMonitor

import pulumi_pingone as pingone
import pulumi_stackone as stackone

requests = {}
inputs = {}


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        inputs[args.name] = dict(args.inputs)
        state = dict(args.inputs)
        if args.typ == "stackone:pingone:WorkerApp":
            # What Construct answers: the client secret as a secret.
            state["clientId"] = "app-1"
            state["clientSecret"] = pulumi.Output.secret("s3cr3t")
        return [args.name + "-id" if args.custom else "", state]

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {}


class RecordingMonitor(MockMonitor):
    """The mock monitor, keeping each registration request (the mocks' arguments leave out remote and providers)."""

    def RegisterResource(self, request):
        requests[request.name] = request
        return super().RegisterResource(request)


@pytest.fixture(autouse=True)
def mocks():
    previous = settings.SETTINGS
    mocks = Mocks()
    pulumi.runtime.set_mocks(mocks, project="sdk-test", stack="test", preview=False, monitor=RecordingMonitor(mocks))
    yield
    settings.configure(previous)


DEFAULTS = {
    "adminRole": "EnvironmentAdmin",
    "appName": "StackOne Integration",
    "enabled": True,
    "pkceEnforcement": "OPTIONAL",
    "protect": False,
    "redirectUri": "https://api.stackone.com/connect/oauth2/pingone/callback",
    "refreshTokenDurationDays": 30,
    "refreshTokenRollingDurationDays": 180,
    "regionCode": "NA",
}


@pulumi.runtime.test
def test_the_component_registers_as_a_remote_component_with_exactly_its_inputs():
    provider = pingone.Provider("tenant", client_id="provisioner", client_secret="provisioner-secret", region_code=pingone.RegionCode.EU)
    app = stackone.pingone.WorkerApp(
        "stackone",
        environment_id="env-1",
        sign_in_username="alice",
        groups=["group-1"],
        group_policy=stackone.pingone.GroupMembershipPolicyType.ALL_GROUPS,
        admin_role=stackone.pingone.AdminRole.IDENTITY_DATA_ADMIN,
        secret_rotation=stackone.pingone.SecretRotationArgs(trigger="2026-12", keep_previous_for_seconds=3600),
        opts=pulumi.ResourceOptions(providers=[provider]),
    )
    defaults = stackone.pingone.WorkerApp("defaults", environment_id="env-2")

    def check(values):
        client_id, client_id_secret, client_secret, client_secret_secret, provider_urn, _ = values
        assert (client_id, client_id_secret) == ("app-1", False)
        assert (client_secret, client_secret_secret) == ("s3cr3t", True)
        request = requests["stackone"]
        assert (request.type, request.remote, request.custom) == ("stackone:pingone:WorkerApp", True, False)
        assert inputs["stackone"] == {
            **DEFAULTS,
            "environmentId": "env-1",
            "signInUsername": "alice",
            "groups": ["group-1"],
            "groupPolicy": "ALL_GROUPS",
            "adminRole": "IdentityDataAdmin",
            "secretRotation": {"trigger": "2026-12", "keepPreviousForSeconds": 3600},
        }
        assert inputs["defaults"] == {**DEFAULTS, "environmentId": "env-2"}
        # The explicit pingone provider reaches the component's children through `providers`, by package.
        assert dict(request.providers) == {"pingone": provider_urn + "::tenant-id"}
        assert provider_urn.endswith("pulumi:providers:pingone::tenant")
        assert dict(requests["defaults"].providers) == {}
        assert list(request.additionalSecretOutputs) == ["clientSecret", "stackOneConnection"]

    return pulumi.Output.all(
        app.client_id,
        pulumi.Output.from_input(app.client_id.is_secret()),
        pulumi.Output.unsecret(app.client_secret),
        pulumi.Output.from_input(app.client_secret.is_secret()),
        provider.urn,
        defaults.urn,
    ).apply(check)


def test_the_required_environment_id_left_out_is_refused():
    with pytest.raises(TypeError, match="Missing required property 'environment_id'"):
        stackone.pingone.WorkerApp("no-environment")
