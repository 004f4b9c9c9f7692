"""The example's program through the real Pulumi CLI and the Automation API (an inline program: the Python language
host is not needed), against the local PingOne emulator: up leaves what tests/e2e/guide.json says PingOne holds after
the guide's Worker app, the outputs are right and clientSecret is a secret, a second preview changes nothing, and
destroy leaves nothing. Needs the example's requirements (pip install -r requirements.txt, from this directory),
pytest, the CLI (scripts/pulumi-cli.sh) and the compiled emulator and plugins (npm ci, or npm run build); without
the CLI the test is skipped, and fails under CI=true.
Run: python -m pytest examples/python."""

import base64
import hashlib
import json
import os
import pathlib
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import pytest
import yaml
from pulumi import automation as auto

from stackone_example import program

EXAMPLE = pathlib.Path(__file__).resolve().parent
REPO = EXAMPLE.parent.parent
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def pulumi_bin_dir() -> str:
    """The project's CLI (scripts/pulumi-cli.sh, never building), or skips: fails under CI=true."""
    found = subprocess.run(
        ["bash", str(REPO / "scripts" / "pulumi-cli.sh")],
        env={**os.environ, "STACKONE_PULUMI_NO_BUILD": "1"},
        capture_output=True,
        text=True,
    )
    if found.returncode != 0:
        why = f"no Pulumi CLI (scripts/pulumi-cli.sh: {found.stderr.strip().splitlines()[-1:] or found.returncode})"
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why + "; run scripts/pulumi-cli.sh to build it")
    return found.stdout.strip().splitlines()[-1]


@pytest.fixture
def emulator():
    """The compiled emulator on a free port, until the test ends: its one JSON line."""
    main = REPO / "dist" / "emulator" / "main.js"
    if not main.exists():
        pytest.fail(f"{main} is missing: compile the emulator first (npm run build)")
    proc = subprocess.Popen(["node", str(main), "--port", "0", "--seed", "4343"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        yield json.loads(proc.stdout.readline())
    finally:
        proc.terminate()
        proc.wait(timeout=30)


class PingOne:
    """The emulator's Management API, read with the provisioner's token."""

    def __init__(self, info):
        self.info = info
        request = urllib.request.Request(
            f"{info['authUrl']}/{info['adminEnvironmentId']}/as/token",
            data=urllib.parse.urlencode({"grant_type": "client_credentials"}).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Authorization": "Basic " + base64.b64encode(f"{info['clientId']}:{info['clientSecret']}".encode()).decode(),
            },
        )
        with urllib.request.urlopen(request) as res:
            self.token = json.load(res)["access_token"]

    def get(self, path):
        """The JSON of GET apiUrl+path, or None on 404."""
        url = path if path.startswith("http") else self.info["apiUrl"] + path
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": f"Bearer {self.token}"})) as res:
                return json.load(res)
        except urllib.error.HTTPError as err:
            if err.code == 404:
                return None
            raise

    def list(self, path, key):
        """Every item of a collection, following the pages."""
        items, url = [], path
        while url:
            page = self.get(url)
            items += page.get("_embedded", {}).get(key, [])
            url = page.get("_links", {}).get("next", {}).get("href")
        return items

    def world(self, env, user_id):
        """Every application and group of the environment and the user's memberships: what "nothing left" compares."""
        ids = lambda items: sorted(i["id"] for i in items)  # noqa: E731
        return {
            "applications": ids(self.list(f"/environments/{env}/applications", "applications")),
            "groups": ids(self.list(f"/environments/{env}/groups", "groups")),
            "memberships": ids(self.list(f"/environments/{env}/users/{user_id}/memberOfGroups", "groupMemberships")),
        }

    def roles(self, path):
        """Each role assignment of a principal as "<role> at <scope type>", sorted."""
        names = {r["id"]: r["name"] for r in self.list("/roles", "roles")}
        return sorted(f"{names[a['role']['id']]} at {a['scope']['type']}" for a in self.list(path, "roleAssignments"))


class ExampleProject(auto.ProjectSettings):
    """The example's Pulumi.yaml as the workspace writes it, its plugin paths made absolute (an inline program runs in
    another directory). ProjectSettings has no `plugins`, so the file is written as read."""

    def __init__(self, path: pathlib.Path):
        data = yaml.safe_load(path.read_text())
        providers = data.get("plugins", {}).get("providers", [])
        assert [p["name"] for p in providers] == ["stackone", "pingone"], f"{path} should name the stackone and pingone plugins"
        for p in providers:
            p["path"] = str((path.parent / p["path"]).resolve())
        super().__init__(name=data["name"], runtime=data["runtime"]["name"])
        self.data = data

    def to_dict(self):
        return self.data


def test_the_python_example_up_preview_destroy(emulator, tmp_path):
    bin_dir = pulumi_bin_dir()
    guide = json.loads((REPO / "tests" / "e2e" / "guide.json").read_text())
    api = PingOne(emulator)
    env = emulator["environmentIds"][0]
    user = emulator["users"][0]
    assert user["environmentId"] == env
    nothing = api.world(env, user["id"])

    project = ExampleProject(EXAMPLE / "Pulumi.yaml")
    for d in ("work", "state", "home"):
        (tmp_path / d).mkdir()
    stack = auto.create_or_select_stack(
        "local",
        project_name=project.name,
        program=program,
        opts=auto.LocalWorkspaceOptions(
            work_dir=str(tmp_path / "work"),
            pulumi_home=str(tmp_path / "home"),
            project_settings=project,
            secrets_provider="passphrase",
            pulumi_command=auto.PulumiCommand(root=str(pathlib.Path(bin_dir).parent), skip_version_check=True),
            env_vars={
                "PULUMI_BACKEND_URL": f"file://{tmp_path / 'state'}",
                "PULUMI_CONFIG_PASSPHRASE": "example-test-passphrase-not-a-secret",
                "PULUMI_SKIP_UPDATE_CHECK": "true",
                "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
                "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
            },
        ),
    )
    # The stack's settings as the README's table maps the emulator's line onto them.
    stack.set_all_config(
        {
            "environmentId": auto.ConfigValue(env),
            "signInUsername": auto.ConfigValue(user["username"]),
            "pingone:environmentId": auto.ConfigValue(emulator["adminEnvironmentId"]),
            "pingone:clientId": auto.ConfigValue(emulator["clientId"]),
            "pingone:clientSecret": auto.ConfigValue(emulator["clientSecret"], secret=True),
            "pingone:apiUrl": auto.ConfigValue(emulator["apiUrl"]),
            "pingone:authUrl": auto.ConfigValue(emulator["authUrl"]),
        }
    )

    up = stack.up()
    # The stack, the component and its 6 children (the default pingone provider is not counted).
    assert up.summary.resource_changes == {"create": 8}
    assert sorted(up.outputs) == ["clientId", "clientSecret", "environmentId"]
    assert (up.outputs["environmentId"].value, up.outputs["environmentId"].secret) == (env, False)
    client_id = up.outputs["clientId"].value
    assert UUID.match(client_id) and not up.outputs["clientId"].secret
    client_secret = up.outputs["clientSecret"].value
    assert up.outputs["clientSecret"].secret is True

    # PingOne as the guide leaves it.
    app = api.get(f"/environments/{env}/applications/{client_id}")
    assert app is not None
    assert {k: app.get(k) for k in guide["application"]} == guide["application"]
    assert sorted(app["grantTypes"]) == sorted(guide["grantTypes"])
    assert "group" not in app["accessControl"]
    assert api.get(f"/environments/{env}/applications/{client_id}/secret")["secret"] == client_secret
    assert len(client_secret) >= 64
    openid = next(r for r in api.list(f"/environments/{env}/resources", "resources") if r["name"] == "openid")
    grants = api.list(f"/environments/{env}/applications/{client_id}/grants", "grants")
    assert [g["resource"]["id"] for g in grants] == [openid["id"]]
    scope_names = {s["id"]: s["name"] for s in api.list(f"/environments/{env}/resources/{openid['id']}/scopes", "scopes")}
    assert sorted(scope_names[s["id"]] for s in grants[0]["scopes"]) == sorted(guide["openidScopes"])
    # The sign-in user's role through the stack's own group, none given to them directly.
    assert api.roles(f"/environments/{env}/users/{user['id']}/roleAssignments") == []
    memberships = api.list(f"/environments/{env}/users/{user['id']}/memberOfGroups", "groupMemberships")
    assert [m["name"] for m in memberships] == [guide["signInGroup"]["name"]]
    group = api.get(f"/environments/{env}/groups/{memberships[0]['id']}")
    # Followed by the owner marker its create wrote: the hash of the group's URN in this stack (README, "Day two").
    group_urn = f"urn:pulumi:local::{project.name}::stackone:pingone:WorkerApp$pingone:index:Group::stackone-signin-group"
    marker = f"[pulumi-owner {hashlib.sha256(group_urn.encode()).hexdigest()[:32]}]"
    assert group["description"] == guide["signInGroup"]["description"] + "\n\n" + marker
    assert api.roles(f"/environments/{env}/groups/{group['id']}/roleAssignments") == guide["signInRoles"]
    # Neither secret in plaintext in the state.
    for f in (tmp_path / "state").rglob("*"):
        if f.is_file():
            text = f.read_text(errors="replace")
            assert client_secret not in text and emulator["clientSecret"] not in text, f"a secret in plaintext in {f}"

    stack.preview(expect_no_changes=True)

    stack.destroy()
    assert api.world(env, user["id"]) == nothing
