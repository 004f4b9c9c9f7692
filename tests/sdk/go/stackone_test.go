package sdk_test

import (
	"context"
	"reflect"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stackone/stackone-pingone/sdk/go/pingone/pingone"
	stackone "github.com/stackone/stackone-pingone/sdk/go/stackone/stackone/pingone"
)

// componentMocks records every registration with its request: the mocks register the remote component without
// running its Construct, so what the SDK sends (token, inputs, remote, providers, secret outputs) is what there is
// to check.
type componentMocks struct {
	mu   sync.Mutex
	seen map[string]*pulumirpc.RegisterResourceRequest
	in   map[string]resource.PropertyMap
}

func (m *componentMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seen[args.Name] = args.RegisterRPC
	m.in[args.Name] = args.Inputs
	state := args.Inputs.Copy()
	if args.TypeToken == "stackone:pingone:WorkerApp" {
		// What Construct answers: the client secret as a secret.
		state["clientId"] = resource.NewStringProperty("app-1")
		state["clientSecret"] = resource.MakeSecret(resource.NewStringProperty("s3cr3t"))
	}
	if !args.Custom {
		return "", state, nil
	}
	return args.Name + "-id", state, nil
}

func (m *componentMocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

func TestTheGeneratedStackOneGoSDKRegistersTheRemoteComponent(t *testing.T) {
	m := &componentMocks{seen: map[string]*pulumirpc.RegisterResourceRequest{}, in: map[string]resource.PropertyMap{}}
	var clientSecret, clientID internals.UnsafeAwaitOutputResult
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		provider, err := pingone.NewProvider(ctx, "tenant", &pingone.ProviderArgs{
			ClientId:     pulumi.String("provisioner"),
			ClientSecret: pulumi.String("provisioner-secret"),
			RegionCode:   pingone.RegionCodeEU,
		})
		if err != nil {
			return err
		}
		app, err := stackone.NewWorkerApp(ctx, "stackone", &stackone.WorkerAppArgs{
			EnvironmentId:  pulumi.String("env-1"),
			SignInUsername: pulumi.String("alice"),
			Groups:         pulumi.StringArray{pulumi.String("group-1")},
			GroupPolicy:    stackone.GroupMembershipPolicyType_ALL_GROUPS,
			AdminRole:      stackone.AdminRole_IDENTITY_DATA_ADMIN,
			SecretRotation: &stackone.SecretRotationArgs{Trigger: pulumi.String("2026-12"), KeepPreviousForSeconds: pulumi.Int(3600)},
		}, pulumi.Providers(provider))
		if err != nil {
			return err
		}
		if clientSecret, err = internals.UnsafeAwaitOutput(context.Background(), app.ClientSecret); err != nil {
			return err
		}
		if clientID, err = internals.UnsafeAwaitOutput(context.Background(), app.ClientId); err != nil {
			return err
		}
		// Only the required argument: the schema's defaults are what the SDK sends.
		_, err = stackone.NewWorkerApp(ctx, "defaults", &stackone.WorkerAppArgs{EnvironmentId: pulumi.String("env-2")})
		return err
	}, pulumi.WithMocks("sdk-test", "test", m))
	if err != nil {
		t.Fatal(err)
	}

	req := m.seen["stackone"]
	if req.GetType() != "stackone:pingone:WorkerApp" || !req.GetRemote() || req.GetCustom() {
		t.Errorf("registered as type %q remote %v custom %v, want stackone:pingone:WorkerApp, remote, not custom", req.GetType(), req.GetRemote(), req.GetCustom())
	}
	wantInputs := resource.NewPropertyMapFromMap(map[string]interface{}{
		"environmentId":                   "env-1",
		"signInUsername":                  "alice",
		"groups":                          []interface{}{"group-1"},
		"groupPolicy":                     "ALL_GROUPS",
		"adminRole":                       "IdentityDataAdmin",
		"secretRotation":                  map[string]interface{}{"trigger": "2026-12", "keepPreviousForSeconds": 3600},
		"appName":                         "StackOne Integration",
		"enabled":                         true,
		"pkceEnforcement":                 "OPTIONAL",
		"protect":                         false,
		"redirectUri":                     "https://api.stackone.com/connect/oauth2/pingone/callback",
		"refreshTokenDurationDays":        30,
		"refreshTokenRollingDurationDays": 180,
		"regionCode":                      "NA",
	})
	if !reflect.DeepEqual(m.in["stackone"], wantInputs) {
		t.Errorf("inputs:\n got %v\nwant %v", m.in["stackone"], wantInputs)
	}
	wantDefaults := resource.NewPropertyMapFromMap(map[string]interface{}{
		"environmentId":                   "env-2",
		"adminRole":                       "EnvironmentAdmin",
		"appName":                         "StackOne Integration",
		"enabled":                         true,
		"pkceEnforcement":                 "OPTIONAL",
		"protect":                         false,
		"redirectUri":                     "https://api.stackone.com/connect/oauth2/pingone/callback",
		"refreshTokenDurationDays":        30,
		"refreshTokenRollingDurationDays": 180,
		"regionCode":                      "NA",
	})
	if !reflect.DeepEqual(m.in["defaults"], wantDefaults) {
		t.Errorf("inputs with only environmentId:\n got %v\nwant %v", m.in["defaults"], wantDefaults)
	}
	// The explicit pingone provider reaches the component's children through `providers`, by package.
	wantProviders := map[string]string{"pingone": "urn:pulumi:test::sdk-test::pulumi:providers:pingone::tenant::tenant-id"}
	if !reflect.DeepEqual(req.GetProviders(), wantProviders) {
		t.Errorf("providers: got %v, want %v", req.GetProviders(), wantProviders)
	}
	if len(m.seen["defaults"].GetProviders()) != 0 {
		t.Errorf("providers without the option: got %v, want none", m.seen["defaults"].GetProviders())
	}
	if got, want := req.GetAdditionalSecretOutputs(), []string{"clientSecret", "stackOneConnection"}; !reflect.DeepEqual(got, want) {
		t.Errorf("additional secret outputs: got %v, want %v", got, want)
	}
	if clientSecret.Value != "s3cr3t" || !clientSecret.Secret {
		t.Errorf("clientSecret output: %q secret %v, want \"s3cr3t\" secret", clientSecret.Value, clientSecret.Secret)
	}
	if clientID.Value != "app-1" || clientID.Secret {
		t.Errorf("clientId output: %q secret %v, want \"app-1\" plain", clientID.Value, clientID.Secret)
	}
}
