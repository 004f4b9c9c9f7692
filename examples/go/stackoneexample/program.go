// Package stackoneexample is the example's program: StackOne's PingOne Worker app through the stackone component,
// its PingOne resources created with an explicit pingone provider. main.go runs it with pulumi.Run; the test runs
// the same function through the Automation API.
package stackoneexample

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/stackone/stackone-pingone/sdk/go/pingone/pingone"
	stackone "github.com/stackone/stackone-pingone/sdk/go/stackone/stackone/pingone"
)

// Program creates the Worker app and exports what StackOne's PingOne connector asks for.
func Program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	// The provisioner: the pingone provider's own keys, read here to configure an explicit provider (a program can
	// declare several, e.g. one per tenant). The client secret stays a secret.
	tenant := config.New(ctx, "pingone")
	args := &pingone.ProviderArgs{
		EnvironmentId: pulumi.String(tenant.Require("environmentId")),
		ClientId:      pulumi.String(tenant.Require("clientId")),
		ClientSecret:  tenant.RequireSecret("clientSecret"),
	}
	if region := tenant.Get("regionCode"); region != "" {
		args.RegionCode = pingone.RegionCode(region)
	}
	if apiURL := tenant.Get("apiUrl"); apiURL != "" {
		args.ApiUrl = pulumi.String(apiURL)
	}
	if authURL := tenant.Get("authUrl"); authURL != "" {
		args.AuthUrl = pulumi.String(authURL)
	}
	provisioner, err := pingone.NewProvider(ctx, "provisioner", args)
	if err != nil {
		return err
	}

	app, err := stackone.NewWorkerApp(ctx, "stackone", &stackone.WorkerAppArgs{
		EnvironmentId:  pulumi.String(cfg.Require("environmentId")),
		SignInUsername: pulumi.String(cfg.Require("signInUsername")),
	}, pulumi.Providers(provisioner))
	if err != nil {
		return err
	}

	ctx.Export("environmentId", app.EnvironmentId)
	ctx.Export("clientId", app.ClientId)
	ctx.Export("clientSecret", app.ClientSecret) // a secret: the component answers it as one
	return nil
}
