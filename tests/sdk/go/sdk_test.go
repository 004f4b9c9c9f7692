package sdk_test

import (
	"reflect"
	"sort"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stackone/stackone-pingone/sdk/go/pingone/pingone"
)

// registration is what the mocks saw of one resource.
type registration struct {
	token  string
	inputs resource.PropertyMap
}

type mocks struct {
	mu   sync.Mutex
	seen map[string]registration
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seen[args.Name] = registration{token: args.TypeToken, inputs: args.Inputs}
	state := args.Inputs.Copy()
	if args.TypeToken == "pingone:index:ApplicationSecret" {
		state["secret"] = resource.NewStringProperty("s3cr3t")
	}
	return args.Name + "-id", state, nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

func TestTheGeneratedGoSDKRegistersExactlyItsInputs(t *testing.T) {
	m := &mocks{seen: map[string]registration{}}
	// The options each resource is registered with, by name (the mocks do not see them; the engine applies them).
	var optsMu sync.Mutex
	options := map[string]*pulumi.ResourceOptions{}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		if err := ctx.RegisterStackTransformation(func(args *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
			opts, err := pulumi.NewResourceOptions(args.Opts...)
			if err != nil {
				t.Errorf("%s: %v", args.Name, err)
				return nil
			}
			optsMu.Lock()
			options[args.Name] = opts
			optsMu.Unlock()
			return nil
		}); err != nil {
			return err
		}
		provider, err := pingone.NewProvider(ctx, "tenant", &pingone.ProviderArgs{
			ClientId:     pulumi.String("provisioner"),
			ClientSecret: pulumi.String("provisioner-secret"),
			RegionCode:   pingone.RegionCodeEU,
		})
		if err != nil {
			return err
		}
		_, err = pingone.NewApplication(ctx, "app", &pingone.ApplicationArgs{
			EnvironmentId:               pulumi.String("env-1"),
			Name:                        pulumi.String("StackOne Integration"),
			Enabled:                     pulumi.Bool(true),
			GrantTypes:                  pingone.GrantTypeArray{pingone.GrantType_AUTHORIZATION_CODE, pingone.GrantType_REFRESH_TOKEN},
			ResponseTypes:               pingone.ResponseTypeArray{pingone.ResponseTypeCODE},
			PkceEnforcement:             pingone.PkceEnforcementOPTIONAL,
			RefreshTokenType:            pingone.RefreshTokenType_JSON_WEB_TOKEN,
			RefreshTokenDuration:        pulumi.Int(2592000),
			RefreshTokenRollingDuration: pulumi.Int(15552000),
			RedirectUris:                pulumi.StringArray{pulumi.String("https://api.stackone.com/connect/oauth2/pingone/callback")},
			AllowWildcardInRedirectUris: pulumi.Bool(false),
			TokenEndpointAuthMethod:     pingone.TokenEndpointAuthMethod_CLIENT_SECRET_POST,
			AdminOnlyAccess:             pulumi.Bool(true),
		}, pulumi.Provider(provider))
		if err != nil {
			return err
		}
		_, err = pingone.NewApplicationSecret(ctx, "secret", &pingone.ApplicationSecretArgs{
			EnvironmentId: pulumi.String("env-1"),
			ApplicationId: pulumi.String("app-1"),
		})
		if err != nil {
			return err
		}
		if _, err := pingone.NewResourceGrant(ctx, "grant", &pingone.ResourceGrantArgs{
			EnvironmentId: pulumi.String("env-1"),
			ApplicationId: pulumi.String("app-1"),
			Scopes:        pulumi.StringArray{pulumi.String("openid")},
		}); err != nil {
			return err
		}
		if _, err := pingone.NewUserRoleAssignment(ctx, "role", &pingone.UserRoleAssignmentArgs{
			EnvironmentId: pulumi.String("env-1"),
			Username:      pulumi.String("alice"),
			RoleName:      pingone.RoleName_ENVIRONMENT_ADMIN,
			ScopeType:     pingone.RoleScopeTypeENVIRONMENT,
		}); err != nil {
			return err
		}
		return nil
	}, pulumi.WithMocks("sdk-test", "test", m))
	if err != nil {
		t.Fatalf("the program failed: %v", err)
	}

	str := resource.NewStringProperty
	want := map[string]registration{
		"tenant": {token: "pulumi:providers:pingone", inputs: resource.PropertyMap{
			"clientId":     str("provisioner"),
			"clientSecret": resource.MakeSecret(str("provisioner-secret")),
			"regionCode":   str("EU"),
		}},
		"app": {token: "pingone:index:Application", inputs: resource.PropertyMap{
			"environmentId":               str("env-1"),
			"name":                        str("StackOne Integration"),
			"enabled":                     resource.NewBoolProperty(true),
			"grantTypes":                  resource.NewArrayProperty([]resource.PropertyValue{str("AUTHORIZATION_CODE"), str("REFRESH_TOKEN")}),
			"responseTypes":               resource.NewArrayProperty([]resource.PropertyValue{str("CODE")}),
			"pkceEnforcement":             str("OPTIONAL"),
			"refreshTokenType":            str("JSON_WEB_TOKEN"),
			"refreshTokenDuration":        resource.NewNumberProperty(2592000),
			"refreshTokenRollingDuration": resource.NewNumberProperty(15552000),
			"redirectUris":                resource.NewArrayProperty([]resource.PropertyValue{str("https://api.stackone.com/connect/oauth2/pingone/callback")}),
			"allowWildcardInRedirectUris": resource.NewBoolProperty(false),
			"tokenEndpointAuthMethod":     str("CLIENT_SECRET_POST"),
			"adminOnlyAccess":             resource.NewBoolProperty(true),
		}},
		"secret": {token: "pingone:index:ApplicationSecret", inputs: resource.PropertyMap{
			"environmentId": str("env-1"),
			"applicationId": str("app-1"),
		}},
		// The schema's default resource name.
		"grant": {token: "pingone:index:ResourceGrant", inputs: resource.PropertyMap{
			"environmentId": str("env-1"),
			"applicationId": str("app-1"),
			"resourceName":  str("openid"),
			"scopes":        resource.NewArrayProperty([]resource.PropertyValue{str("openid")}),
		}},
		"role": {token: "pingone:index:UserRoleAssignment", inputs: resource.PropertyMap{
			"environmentId": str("env-1"),
			"username":      str("alice"),
			"roleName":      str("Environment Admin"),
			"scopeType":     str("ENVIRONMENT"),
		}},
	}
	if len(m.seen) != len(want) {
		t.Errorf("registered %d resources, want %d: %v", len(m.seen), len(want), m.seen)
	}
	for name, w := range want {
		got, ok := m.seen[name]
		if !ok {
			t.Errorf("%s was not registered", name)
			continue
		}
		if got.token != w.token {
			t.Errorf("%s: type %s, want %s", name, got.token, w.token)
		}
		if !got.inputs.DeepEquals(w.inputs) {
			t.Errorf("%s: inputs\n%v\nwant\n%v", name, got.inputs, w.inputs)
		}
	}
	// The schema's secret outputs and replace-on-change properties, as registration options.
	wantOpts := map[string][2][]string{
		"tenant": {{"clientSecret"}, nil},
		"app":    {nil, {"environmentId"}},
		"secret": {{"secret"}, {"applicationId", "environmentId"}},
		"grant":  {nil, {"applicationId", "environmentId", "resourceName"}},
		"role":   {nil, {"email", "environmentId", "roleName", "scopeId", "scopeType", "userId", "username"}},
	}
	for name, w := range wantOpts {
		got := options[name]
		if got == nil {
			t.Errorf("%s: no options recorded", name)
			continue
		}
		if !reflect.DeepEqual(got.AdditionalSecretOutputs, w[0]) {
			t.Errorf("%s: additional secret outputs %v, want %v", name, got.AdditionalSecretOutputs, w[0])
		}
		replace := append([]string(nil), got.ReplaceOnChanges...)
		sort.Strings(replace)
		if !reflect.DeepEqual(replace, w[1]) {
			t.Errorf("%s: replace on changes %v, want %v", name, replace, w[1])
		}
	}
}
