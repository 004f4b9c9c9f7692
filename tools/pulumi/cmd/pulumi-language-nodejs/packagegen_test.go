package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// noPackages is a schema loader that knows no package: the pingone schema refers to none.
type noPackages struct{}

var errNoPackage = errors.New("no package is known to this loader")

func (noPackages) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoPackage
}
func (noPackages) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoPackage
}
func (noPackages) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoPackage
}
func (noPackages) LoadPackageReferenceV2(context.Context, *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, errNoPackage
}

// loaderTarget serves a schema loader over gRPC on loopback, as the engine does for GeneratePackage.
func loaderTarget(t *testing.T) string {
	t.Helper()
	cancel := make(chan bool)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			schema.LoaderRegistration(schema.NewLoaderServer(noPackages{}))(srv)
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { close(cancel); <-handle.Done })
	return "127.0.0.1:" + strconv.Itoa(handle.Port)
}

func pingoneSchema(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "pingone", "provider", "schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestGeneratePackageWritesTheLocalNodejsSDK(t *testing.T) {
	dir := t.TempDir()
	resp, err := (&languageHost{}).GeneratePackage(context.Background(), &pulumirpc.GeneratePackageRequest{
		Directory:    dir,
		Schema:       pingoneSchema(t),
		LoaderTarget: loaderTarget(t),
		Local:        true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.GetDiagnostics()) != 0 {
		t.Fatalf("diagnostics: %v", resp.GetDiagnostics())
	}
	var pkg struct {
		Name         string            `json:"name"`
		Version      string            `json:"version"`
		Main         string            `json:"main"`
		Scripts      map[string]string `json:"scripts"`
		Dependencies map[string]string `json:"dependencies"`
		Pulumi       map[string]any    `json:"pulumi"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatal(err)
	}
	if pkg.Name != "@stackone/pulumi-pingone" || pkg.Version != "0.1.0" || pkg.Main != "bin/index.js" {
		t.Errorf("package.json name/version/main = %q %q %q", pkg.Name, pkg.Version, pkg.Main)
	}
	if got, want := pkg.Scripts, map[string]string{"build": "tsc", "postinstall": "node ./scripts/postinstall.js"}; !reflect.DeepEqual(got, want) {
		t.Errorf("scripts = %v, want %v", got, want)
	}
	if pkg.Dependencies["@pulumi/pulumi"] != "3.248.0" || pkg.Dependencies["typescript"] == "" {
		t.Errorf("dependencies = %v, want @pulumi/pulumi 3.248.0 and typescript (the postinstall compiles)", pkg.Dependencies)
	}
	if want := map[string]any{"resource": true, "name": "pingone", "version": "0.1.0"}; !reflect.DeepEqual(pkg.Pulumi, want) {
		t.Errorf("pulumi = %v, want %v", pkg.Pulumi, want)
	}
	for _, f := range []string{"scripts/postinstall.js", "tsconfig.json", "index.ts", "application.ts", "provider.ts", "utilities.ts"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("the SDK lacks %s: %v", f, err)
		}
	}
	app, _ := os.ReadFile(filepath.Join(dir, "application.ts"))
	if !strings.Contains(string(app), `export class Application extends pulumi.CustomResource {`) ||
		!strings.Contains(string(app), `public static readonly __pulumiType = 'pingone:index:Application';`) {
		t.Errorf("application.ts does not declare the pingone:index:Application resource:\n%.600s", app)
	}
	if !strings.Contains(string(app), `import * as pulumi from "@pulumi/pulumi";`) {
		t.Errorf("application.ts does not import @pulumi/pulumi as Pulumi's generator writes it")
	}
}

func TestGeneratePackageRefusesWhatIsNotASchema(t *testing.T) {
	_, err := (&languageHost{}).GeneratePackage(context.Background(), &pulumirpc.GeneratePackageRequest{
		Directory: t.TempDir(), Schema: `["not", "a", "schema"]`, LoaderTarget: loaderTarget(t),
	})
	if status.Code(err) != codes.InvalidArgument ||
		!strings.HasPrefix(status.Convert(err).Message(), "GeneratePackage: the schema is not a Pulumi package schema: ") {
		t.Fatalf("err = %v, want InvalidArgument naming the schema", err)
	}
}

func TestGeneratePackageReportsBindErrorsAsDiagnostics(t *testing.T) {
	dir := t.TempDir()
	resp, err := (&languageHost{}).GeneratePackage(context.Background(), &pulumirpc.GeneratePackageRequest{
		Directory:    dir,
		Schema:       `{"name": "broken", "resources": {"broken:index:Thing": {"properties": {"x": {"$ref": "#/types/broken:index:Missing"}}}}}`,
		LoaderTarget: loaderTarget(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.GetDiagnostics()) == 0 || !strings.Contains(resp.GetDiagnostics()[0].GetSummary(), "broken:index:Missing") {
		t.Fatalf("diagnostics = %v, want one naming broken:index:Missing", resp.GetDiagnostics())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("an SDK was written despite the errors: %v", entries)
	}
}

func TestLinkAddsTheSDKAsAFileDependencyKeepingPackageJSON(t *testing.T) {
	root := t.TempDir()
	sdk := filepath.Join(root, "sdks", "pingone")
	if err := os.MkdirAll(sdk, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sdk, "package.json"), []byte(`{"name": "@stackone/pulumi-pingone", "version": "0.1.0"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(root, "package.json")
	before := "{\n    \"name\": \"app\",\n    \"main\": \"index.ts\",\n    \"dependencies\": {\"@pulumi/pulumi\": \"3.248.0\"},\n    \"devDependencies\": {\"typescript\": \"5.9.3\"}\n}\n"
	if err := os.WriteFile(manifest, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	resp, err := (&languageHost{}).Link(context.Background(), &pulumirpc.LinkRequest{
		Info: &pulumirpc.ProgramInfo{RootDirectory: root, ProgramDirectory: root, EntryPoint: "."},
		Packages: []*pulumirpc.LinkRequest_LinkDependency{
			{Path: "sdks/pingone", Package: &pulumirpc.PackageDependency{Name: "pingone", Version: "0.1.0"}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(manifest)
	want := `{
  "name": "app",
  "main": "index.ts",
  "dependencies": {
    "@pulumi/pulumi": "3.248.0",
    "@stackone/pulumi-pingone": "file:sdks/pingone"
  },
  "devDependencies": {
    "typescript": "5.9.3"
  }
}
`
	if string(after) != want {
		t.Errorf("package.json =\n%s\nwant\n%s", after, want)
	}
	wantInstructions := "Run `npm install` in " + root + " to install (and compile) the SDK, then use it with:\n" +
		`  import * as pingone from "@stackone/pulumi-pingone";`
	if resp.GetImportInstructions() != wantInstructions {
		t.Errorf("instructions = %q, want %q", resp.GetImportInstructions(), wantInstructions)
	}
}

func TestLinkWithoutTheSDKsPackageJSONFails(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "package.json"), []byte(`{"name": "app"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := (&languageHost{}).Link(context.Background(), &pulumirpc.LinkRequest{
		Info:     &pulumirpc.ProgramInfo{RootDirectory: root, ProgramDirectory: root},
		Packages: []*pulumirpc.LinkRequest_LinkDependency{{Path: "sdks/missing", Package: &pulumirpc.PackageDependency{Name: "missing"}}},
	})
	if status.Code(err) != codes.FailedPrecondition || !strings.Contains(err.Error(), "the SDK has no package.json") {
		t.Fatalf("err = %v, want FailedPrecondition: the SDK has no package.json", err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "package.json")); string(b) != `{"name": "app"}` {
		t.Errorf("package.json changed: %s", b)
	}
}

func TestImportName(t *testing.T) {
	for in, want := range map[string]string{"pingone": "pingone", "my-pkg": "myPkg", "9lives": "lives", "": "pkg"} {
		if got := importName(in); got != want {
			t.Errorf("importName(%q) = %q, want %q", in, got, want)
		}
	}
}
