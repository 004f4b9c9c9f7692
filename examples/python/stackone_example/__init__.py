"""The example's program: StackOne's PingOne Worker app through the stackone component, its PingOne resources
created with the default pingone provider (configured by the stack's pingone:* keys). __main__.py runs it; the test
runs the same function through the Automation API."""

import pulumi
import pulumi_stackone as stackone


def program() -> None:
    """Creates the Worker app and exports what StackOne's PingOne connector asks for."""
    config = pulumi.Config()
    app = stackone.pingone.WorkerApp(
        "stackone",
        environment_id=config.require("environmentId"),
        sign_in_username=config.require("signInUsername"),
    )
    pulumi.export("environmentId", app.environment_id)
    pulumi.export("clientId", app.client_id)
    pulumi.export("clientSecret", app.client_secret)  # a secret: the component answers it as one
