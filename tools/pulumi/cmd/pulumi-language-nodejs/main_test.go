package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

func envMap(env []string) map[string]string {
	m := map[string]string{}
	for _, kv := range env {
		if i := strings.IndexByte(kv, '='); i > 0 {
			m[kv[:i]] = kv[i+1:]
		}
	}
	return m
}

func TestProgramEnvCarriesConfigSecretsAndTypeScriptOptions(t *testing.T) {
	t.Setenv("PULUMI_NODEJS_TSCONFIG_PATH", "/stale/inherited.json")
	req := &pulumirpc.RunRequest{
		Config:           map[string]string{"stackone:environmentId": "env-1", "pingone:clientSecret": "s3"},
		ConfigSecretKeys: []string{"pingone:clientSecret"},
	}
	env, err := programEnv(req, map[string]interface{}{"typescript": true, "tsconfig": "tsconfig.pulumi.json"}, "/proj")
	if err != nil {
		t.Fatal(err)
	}
	m := envMap(env)
	var config map[string]string
	if err := json.Unmarshal([]byte(m["PULUMI_CONFIG"]), &config); err != nil {
		t.Fatalf("PULUMI_CONFIG is not JSON: %q", m["PULUMI_CONFIG"])
	}
	if !reflect.DeepEqual(config, req.Config) {
		t.Errorf("PULUMI_CONFIG = %v, want %v", config, req.Config)
	}
	if got := m["PULUMI_CONFIG_SECRET_KEYS"]; got != `["pingone:clientSecret"]` {
		t.Errorf("PULUMI_CONFIG_SECRET_KEYS = %q", got)
	}
	if got := m["PULUMI_NODEJS_TYPESCRIPT"]; got != "true" {
		t.Errorf("PULUMI_NODEJS_TYPESCRIPT = %q, want true", got)
	}
	if got := m["PULUMI_NODEJS_TSCONFIG_PATH"]; got != "/proj/tsconfig.pulumi.json" {
		t.Errorf("PULUMI_NODEJS_TSCONFIG_PATH = %q, want /proj/tsconfig.pulumi.json", got)
	}
	if n := strings.Count(strings.Join(env, "\n"), "PULUMI_NODEJS_TSCONFIG_PATH="); n != 1 {
		t.Errorf("PULUMI_NODEJS_TSCONFIG_PATH set %d times, want once (the inherited value dropped)", n)
	}
}

func TestProgramEnvWithoutTypeScript(t *testing.T) {
	t.Setenv("PULUMI_NODEJS_TYPESCRIPT", "true")
	env, err := programEnv(&pulumirpc.RunRequest{}, map[string]interface{}{"typescript": false}, "/proj")
	if err != nil {
		t.Fatal(err)
	}
	m := envMap(env)
	if _, ok := m["PULUMI_NODEJS_TYPESCRIPT"]; ok {
		t.Errorf("PULUMI_NODEJS_TYPESCRIPT set although runtime.options.typescript is false")
	}
	if m["PULUMI_CONFIG"] != "{}" || m["PULUMI_CONFIG_SECRET_KEYS"] != "[]" {
		t.Errorf("empty config gave PULUMI_CONFIG=%q PULUMI_CONFIG_SECRET_KEYS=%q", m["PULUMI_CONFIG"], m["PULUMI_CONFIG_SECRET_KEYS"])
	}
}

func exitWith(t *testing.T, code int) error {
	t.Helper()
	err := exec.Command("sh", "-c", "exit "+strconv.Itoa(code)).Run()
	if code == 0 {
		if err != nil {
			t.Fatal(err)
		}
	}
	return err
}

func TestRunResultMapsExitCodesToTheEngineContract(t *testing.T) {
	if got := runResult(nil); got.Error != "" || got.Bail {
		t.Errorf("success: %+v", got)
	}
	if got := runResult(exitWith(t, 32)); got.Error != "" || !got.Bail {
		t.Errorf("exit 32 (error already reported) should bail without a message: %+v", got)
	}
	if got := runResult(exitWith(t, 1)); got.Bail || got.Error != "Program exited with non-zero exit code: 1" {
		t.Errorf("exit 1: %+v", got)
	}
}

func TestFindSDKFileWalksUpLikeNode(t *testing.T) {
	root := t.TempDir()
	run := filepath.Join(root, "node_modules", "@pulumi", "pulumi", "cmd", "run")
	if err := os.MkdirAll(run, 0o755); err != nil {
		t.Fatal(err)
	}
	nested := filepath.Join(root, "policy", "deep")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := findSDKFile(nested, "cmd/run")
	if err != nil || got != run {
		t.Fatalf("findSDKFile = %q, %v; want %q", got, err, run)
	}
	_, err = findSDKFile(t.TempDir(), "cmd/run-policy-pack")
	if err == nil || !strings.Contains(err.Error(), "node_modules/@pulumi/pulumi/cmd/run-policy-pack") ||
		!strings.Contains(err.Error(), "npm ci") {
		t.Fatalf("missing SDK error = %v", err)
	}
}

func TestFilterKnownFlagsKeepsTheEngineAddress(t *testing.T) {
	got := filterKnownFlags([]string{"-typescript=true", "--tracing=http://x", "-nodeargs=--inspect", "127.0.0.1:1234"})
	want := []string{"--tracing=http://x", "127.0.0.1:1234"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("filterKnownFlags = %q, want %q", got, want)
	}
}

func TestNodeArgsSplitsTheRuntimeOption(t *testing.T) {
	if got := nodeArgs(map[string]interface{}{"nodeargs": " --max-old-space-size=4096  --no-warnings "}); !reflect.DeepEqual(got, []string{"--max-old-space-size=4096", "--no-warnings"}) {
		t.Errorf("nodeArgs = %q", got)
	}
	if got := nodeArgs(nil); got != nil {
		t.Errorf("nodeArgs(nil) = %q", got)
	}
}

func TestGetProgramDependenciesReportsInstalledVersions(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("package.json", `{"dependencies":{"zod":"^4","@pulumi/pulumi":"3.248.0"},"devDependencies":{"vitest":"4"}}`)
	write("node_modules/@pulumi/pulumi/package.json", `{"version":"3.248.0"}`)
	write("node_modules/zod/package.json", `{"version":"4.6.7"}`)
	opts, _ := structpb.NewStruct(map[string]interface{}{})
	resp, err := (&languageHost{}).GetProgramDependencies(context.Background(), &pulumirpc.GetProgramDependenciesRequest{
		Info: &pulumirpc.ProgramInfo{ProgramDirectory: dir, RootDirectory: dir, EntryPoint: ".", Options: opts},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range resp.Dependencies {
		got = append(got, d.Name+"@"+d.Version)
	}
	want := []string{"@pulumi/pulumi@3.248.0", "zod@4.6.7"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("dependencies = %q, want %q", got, want)
	}
}
