// The example's program through the real Pulumi CLI and the Automation API (an inline program: the Go language host
// is not needed), against the local PingOne emulator: up leaves what tests/e2e/guide.json says PingOne holds after
// the guide's Worker app, the outputs are right and clientSecret is a secret, a second preview changes nothing, and
// destroy leaves nothing. Needs the CLI (scripts/pulumi-cli.sh) and the compiled emulator and plugins (npm ci, or
// npm run build); without the CLI the test is skipped, and fails under CI=true.
package stackoneexample_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

	"github.com/stackone/stackone-pingone/examples/go/stackoneexample"
)

// repoRoot is the repository's root, three levels above this package.
var repoRoot, _ = filepath.Abs(filepath.Join("..", "..", ".."))

// emulatorInfo is the emulator's one JSON line.
type emulatorInfo struct {
	APIURL             string   `json:"apiUrl"`
	AuthURL            string   `json:"authUrl"`
	AdminEnvironmentID string   `json:"adminEnvironmentId"`
	ClientID           string   `json:"clientId"`
	ClientSecret       string   `json:"clientSecret"`
	EnvironmentIDs     []string `json:"environmentIds"`
	Users              []struct {
		ID            string `json:"id"`
		Username      string `json:"username"`
		EnvironmentID string `json:"environmentId"`
	} `json:"users"`
}

// guide is tests/e2e/guide.json: what PingOne holds after the guide's Worker app.
type guide struct {
	Application  map[string]interface{} `json:"application"`
	GrantTypes   []string               `json:"grantTypes"`
	OpenIDScopes []string               `json:"openidScopes"`
	SignInGroup  struct {
		Name        string `json:"name"`
		Description string `json:"description"`
	} `json:"signInGroup"`
	SignInRoles []string `json:"signInRoles"`
}

// pulumiBinDir is the project's CLI (scripts/pulumi-cli.sh, never building), or skips: fails under CI=true.
func pulumiBinDir(t *testing.T) string {
	cmd := exec.Command("bash", filepath.Join(repoRoot, "scripts", "pulumi-cli.sh"))
	cmd.Env = append(os.Environ(), "STACKONE_PULUMI_NO_BUILD=1")
	out, err := cmd.Output()
	if err != nil {
		why := fmt.Sprintf("no Pulumi CLI (scripts/pulumi-cli.sh: %v)", err)
		if os.Getenv("CI") == "true" {
			t.Fatal(why)
		}
		t.Skip(why + "; run scripts/pulumi-cli.sh to build it")
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

// startEmulator runs the compiled emulator on a free port until the test ends.
func startEmulator(t *testing.T) emulatorInfo {
	main := filepath.Join(repoRoot, "dist", "emulator", "main.js")
	if _, err := os.Stat(main); err != nil {
		t.Fatalf("%s is missing: compile the emulator first (npm run build)", main)
	}
	cmd := exec.Command("node", main, "--port", "0", "--seed", "4242")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("the emulator printed no line: %v", err)
	}
	var info emulatorInfo
	if err := json.Unmarshal([]byte(line), &info); err != nil {
		t.Fatalf("the emulator's line %q: %v", line, err)
	}
	return info
}

// pingOne reads the emulator's Management API with the provisioner's token.
type pingOne struct {
	t     *testing.T
	info  emulatorInfo
	token string
}

func newPingOne(t *testing.T, info emulatorInfo) *pingOne {
	form := url.Values{"grant_type": {"client_credentials"}}
	req, _ := http.NewRequest(http.MethodPost, info.AuthURL+"/"+info.AdminEnvironmentID+"/as/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(info.ClientID, info.ClientSecret)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("the provisioner's token: status %d, %v", res.StatusCode, err)
	}
	return &pingOne{t: t, info: info, token: body.AccessToken}
}

// get answers the JSON of GET apiUrl+path, or nil on 404.
func (p *pingOne) get(path string) map[string]interface{} {
	p.t.Helper()
	target := path
	if !strings.HasPrefix(path, "http") {
		target = p.info.APIURL + path
	}
	req, _ := http.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Authorization", "Bearer "+p.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode == http.StatusNotFound {
		return nil
	}
	var body map[string]interface{}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil || res.StatusCode != http.StatusOK {
		p.t.Fatalf("GET %s: status %d, %v", target, res.StatusCode, err)
	}
	return body
}

// list answers every item of a collection, following the pages.
func (p *pingOne) list(path, key string) []map[string]interface{} {
	p.t.Helper()
	var items []map[string]interface{}
	for next := path; next != ""; {
		page := p.get(next)
		embedded, _ := page["_embedded"].(map[string]interface{})
		for _, item := range asList(embedded[key]) {
			items = append(items, item.(map[string]interface{}))
		}
		next = ""
		if links, ok := page["_links"].(map[string]interface{}); ok {
			if n, ok := links["next"].(map[string]interface{}); ok {
				next, _ = n["href"].(string)
			}
		}
	}
	return items
}

func asList(v interface{}) []interface{} {
	list, _ := v.([]interface{})
	return list
}

func strs(v interface{}) []string {
	out := []string{}
	for _, item := range asList(v) {
		s, _ := item.(string)
		out = append(out, s)
	}
	return out
}

func ids(items []map[string]interface{}) []string {
	out := []string{}
	for _, item := range items {
		out = append(out, item["id"].(string))
	}
	sort.Strings(out)
	return out
}

// world is every application and group of the environment and the user's memberships: what "nothing left" compares.
func (p *pingOne) world(env, userID string) map[string][]string {
	return map[string][]string{
		"applications": ids(p.list("/environments/"+env+"/applications", "applications")),
		"groups":       ids(p.list("/environments/"+env+"/groups", "groups")),
		"memberships":  ids(p.list("/environments/"+env+"/users/"+userID+"/memberOfGroups", "groupMemberships")),
	}
}

// roles says each role assignment of a principal as "<role> at <scope type>", sorted.
func (p *pingOne) roles(path string) []string {
	names := map[string]string{}
	for _, role := range p.list("/roles", "roles") {
		names[role["id"].(string)] = role["name"].(string)
	}
	out := []string{}
	for _, a := range p.list(path, "roleAssignments") {
		role := a["role"].(map[string]interface{})["id"].(string)
		scope := a["scope"].(map[string]interface{})["type"].(string)
		out = append(out, names[role]+" at "+scope)
	}
	sort.Strings(out)
	return out
}

func TestTheGoExampleUpPreviewDestroy(t *testing.T) {
	binDir := pulumiBinDir(t)
	var expected guide
	raw, err := os.ReadFile(filepath.Join(repoRoot, "tests", "e2e", "guide.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &expected); err != nil {
		t.Fatal(err)
	}
	emu := startEmulator(t)
	api := newPingOne(t, emu)
	env := emu.EnvironmentIDs[0]
	user := emu.Users[0]
	if user.EnvironmentID != env {
		t.Fatalf("the emulator's first user %s is not in its first environment", user.Username)
	}
	nothing := api.world(env, user.ID)

	// The example's own project file, its plugin paths made absolute (an inline program runs in another directory).
	exampleDir := filepath.Join(repoRoot, "examples", "go")
	project, err := workspace.LoadProject(filepath.Join(exampleDir, "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if project.Plugins == nil || len(project.Plugins.Providers) != 2 {
		t.Fatalf("examples/go/Pulumi.yaml should name the stackone and pingone plugins; it has %+v", project.Plugins)
	}
	for i, p := range project.Plugins.Providers {
		project.Plugins.Providers[i].Path = filepath.Join(exampleDir, p.Path)
	}

	tmp := t.TempDir()
	for _, dir := range []string{"work", "state"} {
		if err := os.MkdirAll(filepath.Join(tmp, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cli, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: filepath.Dir(binDir), SkipVersionCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	stack, err := auto.UpsertStackInlineSource(ctx, "local", project.Name.String(), stackoneexample.Program,
		auto.Project(*project),
		auto.Pulumi(cli),
		auto.WorkDir(filepath.Join(tmp, "work")),
		auto.PulumiHome(filepath.Join(tmp, "home")),
		auto.SecretsProvider("passphrase"),
		auto.EnvVars(map[string]string{
			"PULUMI_BACKEND_URL":                          "file://" + filepath.Join(tmp, "state"),
			"PULUMI_CONFIG_PASSPHRASE":                    "example-test-passphrase-not-a-secret",
			"PULUMI_SKIP_UPDATE_CHECK":                    "true",
			"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
			"PATH": binDir + string(os.PathListSeparator) + os.Getenv("PATH"),
		}))
	if err != nil {
		t.Fatal(err)
	}
	// The stack's settings as the README's table maps the emulator's line onto them.
	if err := stack.SetAllConfig(ctx, auto.ConfigMap{
		"environmentId":         {Value: env},
		"signInUsername":        {Value: user.Username},
		"pingone:environmentId": {Value: emu.AdminEnvironmentID},
		"pingone:clientId":      {Value: emu.ClientID},
		"pingone:clientSecret":  {Value: emu.ClientSecret, Secret: true},
		"pingone:apiUrl":        {Value: emu.APIURL},
		"pingone:authUrl":       {Value: emu.AuthURL},
	}); err != nil {
		t.Fatal(err)
	}

	up, err := stack.Up(ctx, optup.SuppressProgress())
	if err != nil {
		t.Fatalf("up: %v", err)
	}
	if got := (*up.Summary.ResourceChanges)["create"]; got != 9 {
		t.Errorf("up created %d resources, want 9 (the stack, the provisioner, the component and its 6 children): %v", got, *up.Summary.ResourceChanges)
	}
	clientID, _ := up.Outputs["clientId"].Value.(string)
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`).MatchString(clientID) || up.Outputs["clientId"].Secret {
		t.Errorf("clientId output %+v, want a plain UUID", up.Outputs["clientId"])
	}
	if got := up.Outputs["environmentId"]; got.Value != env || got.Secret {
		t.Errorf("environmentId output %+v, want %s, plain", got, env)
	}
	clientSecret, _ := up.Outputs["clientSecret"].Value.(string)
	if !up.Outputs["clientSecret"].Secret {
		t.Error("the clientSecret output is not a secret")
	}
	if names := sortedKeys(up.Outputs); !reflect.DeepEqual(names, []string{"clientId", "clientSecret", "environmentId"}) {
		t.Errorf("outputs %v, want clientId, clientSecret, environmentId", names)
	}

	// PingOne as the guide leaves it.
	app := api.get("/environments/" + env + "/applications/" + clientID)
	if app == nil {
		t.Fatalf("no application %s in %s", clientID, env)
	}
	for key, want := range expected.Application {
		if !reflect.DeepEqual(app[key], want) {
			t.Errorf("application %s: %v, want %v", key, app[key], want)
		}
	}
	if grantTypes := strs(app["grantTypes"]); !sameSorted(grantTypes, expected.GrantTypes) {
		t.Errorf("application grantTypes %v, want %v", grantTypes, expected.GrantTypes)
	}
	if ac, _ := app["accessControl"].(map[string]interface{}); ac["group"] != nil {
		t.Errorf("application accessControl.group %v, want none", ac["group"])
	}
	secret := api.get("/environments/" + env + "/applications/" + clientID + "/secret")
	if secret["secret"] != clientSecret || len(clientSecret) < 64 {
		t.Errorf("the clientSecret output is not the application's secret (%d characters)", len(clientSecret))
	}
	var openid map[string]interface{}
	for _, r := range api.list("/environments/"+env+"/resources", "resources") {
		if r["name"] == "openid" {
			openid = r
		}
	}
	grants := api.list("/environments/"+env+"/applications/"+clientID+"/grants", "grants")
	if len(grants) != 1 || grants[0]["resource"].(map[string]interface{})["id"] != openid["id"] {
		t.Fatalf("grants %v, want one on the openid resource", grants)
	}
	scopeNames := map[string]string{}
	for _, s := range api.list("/environments/"+env+"/resources/"+openid["id"].(string)+"/scopes", "scopes") {
		scopeNames[s["id"].(string)] = s["name"].(string)
	}
	granted := []string{}
	for _, s := range asList(grants[0]["scopes"]) {
		granted = append(granted, scopeNames[s.(map[string]interface{})["id"].(string)])
	}
	if !sameSorted(granted, expected.OpenIDScopes) {
		t.Errorf("granted scopes %v, want %v", granted, expected.OpenIDScopes)
	}
	// The sign-in user's role through the stack's own group, none given to them directly.
	if direct := api.roles("/environments/" + env + "/users/" + user.ID + "/roleAssignments"); len(direct) != 0 {
		t.Errorf("the user's direct roles %v, want none", direct)
	}
	memberships := api.list("/environments/"+env+"/users/"+user.ID+"/memberOfGroups", "groupMemberships")
	if len(memberships) != 1 || memberships[0]["name"] != expected.SignInGroup.Name {
		t.Fatalf("the user's groups %v, want only %q", memberships, expected.SignInGroup.Name)
	}
	group := api.get("/environments/" + env + "/groups/" + memberships[0]["id"].(string))
	// Followed by the owner marker its create wrote: the hash of the group's URN in this stack (README, "Day two").
	groupURN := "urn:pulumi:local::" + project.Name.String() + "::stackone:pingone:WorkerApp$pingone:index:Group::stackone-signin-group"
	sum := sha256.Sum256([]byte(groupURN))
	wantDescription := expected.SignInGroup.Description + "\n\n[pulumi-owner " + hex.EncodeToString(sum[:])[:32] + "]"
	if group["description"] != wantDescription {
		t.Errorf("the sign-in group's description %q, want %q", group["description"], wantDescription)
	}
	if roles := api.roles("/environments/" + env + "/groups/" + group["id"].(string) + "/roleAssignments"); !reflect.DeepEqual(roles, expected.SignInRoles) {
		t.Errorf("the sign-in group's roles %v, want %v", roles, expected.SignInRoles)
	}
	// Neither secret in plaintext in the state.
	_ = filepath.WalkDir(filepath.Join(tmp, "state"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		text, _ := os.ReadFile(path)
		for _, s := range []string{clientSecret, emu.ClientSecret} {
			if strings.Contains(string(text), s) {
				t.Errorf("a secret in plaintext in %s", path)
			}
		}
		return nil
	})

	if _, err := stack.Preview(ctx, optpreview.ExpectNoChanges(), optpreview.SuppressProgress()); err != nil {
		t.Errorf("a second preview: %v", err)
	}

	if _, err := stack.Destroy(ctx, optdestroy.SuppressProgress()); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	if got := api.world(env, user.ID); !reflect.DeepEqual(got, nothing) {
		t.Errorf("after destroy: %v, want what there was before up: %v", got, nothing)
	}
}

func sortedKeys(m auto.OutputMap) []string {
	keys := []string{}
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sameSorted(got, want []string) bool {
	g := append([]string{}, got...)
	w := append([]string{}, want...)
	sort.Strings(g)
	sort.Strings(w)
	return reflect.DeepEqual(g, w)
}
