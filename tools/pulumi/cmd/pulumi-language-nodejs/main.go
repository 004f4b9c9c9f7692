// Command pulumi-language-nodejs is this project's own, minimal Node.js language host for the Pulumi CLI.
//
// The Pulumi engine starts a language host as a plugin: it runs the executable with the engine's gRPC address as
// the last argument, reads the port of the host's gRPC server from the first line of its stdout, and then calls the
// pulumirpc.LanguageRuntime service on it. This host implements what `pulumi preview|up|refresh|destroy`,
// `stack output`, `config`, `about` and policy packs (`--policy-pack`) need for a TypeScript program that uses only
// @pulumi/pulumi and the resource plugins the project declares itself (Pulumi.yaml plugins.providers):
//
//   - Run spawns `node <@pulumi/pulumi>/cmd/run <flags> <entry point>`, with the stack config in PULUMI_CONFIG and
//     PULUMI_CONFIG_SECRET_KEYS, and TypeScript settings from Pulumi.yaml's `runtime.options`.
//   - RunPlugin spawns `node <@pulumi/pulumi>/cmd/run-policy-pack` (policy packs) or `cmd/run-plugin` (other
//     plugins written in Node.js) and streams their output back to the engine.
//   - GenerateProgram prints the TypeScript of `pulumi import` (programgen.go).
//   - GeneratePackage and Link serve `pulumi package add` (and `package gen-sdk --language nodejs`): the SDK of a
//     package, from Pulumi's own Node.js generator, written to sdks/<name>, and a `file:` dependency on it added to
//     package.json (packagegen.go). Installing it is `npm install`'s job, as for every dependency.
//   - GetRequiredPackages/GetRequiredPlugins report none: the project's own plugins come from Pulumi.yaml, and the
//     dynamic-provider plugin (pulumi-resource-pulumi-nodejs) ships with @pulumi/pulumi and is found beside the CLI
//     or on PATH.
//
// Everything else answers with the smallest correct response, or Unimplemented where the engine tolerates it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is reported by GetPluginInfo; it matches the CLI and the @pulumi/pulumi SDK this project pins.
const version = "3.248.0"

// exitAfterLoggedError is the exit code @pulumi/pulumi's cmd/run uses when it has already reported the program's
// error to the engine; the engine must then stop ("bail") without printing a second, generic error.
const exitAfterLoggedError = 32

func main() {
	// The engine passes the engine address as the last positional argument. Flags (e.g. -tracing, or runtime
	// options when started as a policy analyzer) are accepted and ignored.
	fs := flag.NewFlagSet("pulumi-language-nodejs", flag.ContinueOnError)
	fs.String("tracing", "", "ignored: tracing endpoint")
	fs.String("root", "", "ignored: project root")
	_ = fs.Parse(filterKnownFlags(os.Args[1:]))
	var engineAddress string
	if rest := fs.Args(); len(rest) > 0 {
		engineAddress = rest[len(rest)-1]
	}

	host := &languageHost{engineAddress: engineAddress}
	cancel := make(chan bool)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start the gRPC server: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: gRPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

// filterKnownFlags keeps positional arguments and the flags declared in main; other `-k=v` flags are dropped so
// that an unknown option never stops the host from starting.
func filterKnownFlags(args []string) []string {
	var out []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			name := strings.TrimLeft(a, "-")
			if i := strings.IndexByte(name, '='); i >= 0 {
				name = name[:i]
			}
			if name != "tracing" && name != "root" {
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func (h *languageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *languageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// GetRequiredPlugins: a program built on @pulumi/pulumi alone needs no resource plugin to be installed.
func (h *languageHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *languageHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *languageHost) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

// programDirectory is the program's directory the engine sends in the request's ProgramInfo, or fallback when the
// request has none (older engines send only the working directory or the program path).
func programDirectory(info *pulumirpc.ProgramInfo, fallback string) string {
	if info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	return fallback
}

// InstallDependencies does not install anything: dependencies come from `npm ci`, run by the user or CI. It only
// checks that they are there, so `pulumi install` gives a useful answer.
func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, stream pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	dir := programDirectory(req.GetInfo(), req.GetDirectory())
	if _, err := findSDKFile(dir, "package.json"); err != nil {
		return status.Errorf(codes.FailedPrecondition,
			"@pulumi/pulumi is not installed under %s: run `npm ci` in the project directory", dir)
	}
	return stream.Send(&pulumirpc.InstallDependenciesResponse{
		Stdout: []byte("Node.js dependencies are installed by `npm ci`; @pulumi/pulumi found, nothing to do.\n"),
	})
}

// Run executes the program once, for preview/update/refresh/destroy.
func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir := req.GetPwd()
	rootDir := programDir
	entryPoint := req.GetProgram()
	var options map[string]interface{}
	if info != nil {
		if info.GetProgramDirectory() != "" {
			programDir = info.GetProgramDirectory()
		}
		if info.GetRootDirectory() != "" {
			rootDir = info.GetRootDirectory()
		}
		if info.GetEntryPoint() != "" {
			entryPoint = info.GetEntryPoint()
		}
		options = info.GetOptions().AsMap()
	}
	if entryPoint == "" {
		// "." lets @pulumi/pulumi's runner pick package.json's `exports`/`main`, then index.
		entryPoint = "."
	}

	runPath, err := findSDKFile(programDir, "cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find `node` on PATH: install Node.js 20"}, nil
	}

	// The flags parsed by @pulumi/pulumi/cmd/run/index.js.
	args := nodeArgs(options)
	args = append(args, runPath)
	addFlag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name+"="+value)
		}
	}
	addFlag("monitor", req.GetMonitorAddress())
	addFlag("engine", h.engineAddress)
	addFlag("organization", req.GetOrganization())
	addFlag("project", req.GetProject())
	addFlag("root-directory", rootDir)
	addFlag("stack", req.GetStack())
	addFlag("pwd", programDir)
	if req.GetParallel() > 0 {
		addFlag("parallel", fmt.Sprint(req.GetParallel()))
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	args = append(args, entryPoint)
	args = append(args, req.GetArgs()...)

	env, err := programEnv(req, options, programDir)
	if err != nil {
		return nil, err
	}

	cmd := exec.Command(nodeBin, args...)
	cmd.Dir = programDir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start node: %v", err)}, nil
	}
	stop := stopOnCancel(ctx, cmd)
	err = cmd.Wait()
	stop()
	return runResult(err), nil
}

// runResult maps the program's exit to the engine's contract: success; bail (the program already reported its
// error through the engine, exit code 32); or an error message the engine prints.
func runResult(err error) *pulumirpc.RunResponse {
	if err == nil {
		return &pulumirpc.RunResponse{}
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok {
			switch {
			case ws.Signaled():
				return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program was terminated by signal %v", ws.Signal())}
			case ws.ExitStatus() == exitAfterLoggedError:
				return &pulumirpc.RunResponse{Bail: true}
			default:
				return &pulumirpc.RunResponse{
					Error: fmt.Sprintf("Program exited with non-zero exit code: %d", ws.ExitStatus()),
				}
			}
		}
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run node): %v", err)}
}

// programEnv builds the program's environment: ours, plus config and the TypeScript settings.
func programEnv(req *pulumirpc.RunRequest, options map[string]interface{}, programDir string) ([]string, error) {
	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, fmt.Errorf("serializing the stack configuration: %w", err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("serializing the secret configuration keys: %w", err)
	}

	env := withoutVars(os.Environ(), "PULUMI_CONFIG", "PULUMI_CONFIG_SECRET_KEYS",
		"PULUMI_NODEJS_TYPESCRIPT", "PULUMI_NODEJS_TSCONFIG_PATH")
	env = append(env, "PULUMI_CONFIG="+string(configJSON), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON))

	// runtime.options.typescript defaults to true, as with the official host.
	typescript := true
	if v, ok := options["typescript"]; ok {
		if b, isBool := v.(bool); isBool {
			typescript = b
		}
	}
	if typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if v, ok := options["tsconfig"].(string); ok && v != "" {
		if !filepath.IsAbs(v) {
			v = filepath.Join(programDir, v)
		}
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+v)
	}
	return env, nil
}

// nodeArgs returns runtime.options.nodeargs split into words (e.g. "--max-old-space-size=4096").
func nodeArgs(options map[string]interface{}) []string {
	if v, ok := options["nodeargs"].(string); ok {
		return strings.Fields(v)
	}
	return nil
}

func withoutVars(env []string, names ...string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		keep := true
		for _, n := range names {
			if strings.HasPrefix(kv, n+"=") {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

// findSDKFile finds node_modules/@pulumi/pulumi/<rel> the way Node resolves packages: in dir, then each parent.
func findSDKFile(dir, rel string) (string, error) {
	if override := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"); override != "" && rel == "cmd/run" {
		return override, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "node_modules", "@pulumi", "pulumi", filepath.FromSlash(rel))
		if _, err := os.Stat(candidate); err == nil {
			return candidate, nil
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return "", fmt.Errorf("could not find node_modules/@pulumi/pulumi/%s in %s or its parents: "+
		"it looks like the Node.js dependencies are not installed; run `npm ci`", rel, abs)
}

// stopOnCancel interrupts the child when the engine cancels the request; the returned func ends the watch.
func stopOnCancel(ctx context.Context, cmd *exec.Cmd) func() {
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			_ = cmd.Process.Signal(os.Interrupt)
		case <-done:
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done) }) }
}

// RunPlugin runs a plugin written in Node.js — for this project, a policy pack (`pulumi preview --policy-pack
// <dir>`): `node <@pulumi/pulumi>/cmd/run-policy-pack <engine address> <dir>`. Output is streamed back and the
// engine reads the analyzer's gRPC port from the first stdout line.
func (h *languageHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, stream pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	pluginDir := programDirectory(req.GetInfo(), req.GetProgram())
	if pluginDir == "" {
		pluginDir = req.GetPwd()
	}
	script := "cmd/run-plugin"
	if req.GetKind() == "analyzer" {
		script = "cmd/run-policy-pack"
	}
	runPath, err := findSDKFile(pluginDir, script)
	if err != nil {
		return status.Error(codes.FailedPrecondition, err.Error())
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return status.Error(codes.FailedPrecondition, "could not find `node` on PATH: install Node.js 20")
	}
	var options map[string]interface{}
	if info := req.GetInfo(); info != nil {
		options = info.GetOptions().AsMap()
	}
	args := append(nodeArgs(options), runPath)
	args = append(args, req.GetArgs()...)
	args = append(args, pluginDir)

	cmd := exec.CommandContext(stream.Context(), nodeBin, args...)
	cmd.Dir = pluginDir
	cmd.Env = req.GetEnv()
	if len(cmd.Env) == 0 {
		cmd.Env = os.Environ()
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return status.Errorf(codes.Internal, "could not start node: %v", err)
	}

	// gRPC streams allow one concurrent sender: serialise the two pipes' chunks.
	var sendMu sync.Mutex
	send := func(resp *pulumirpc.RunPluginResponse) {
		sendMu.Lock()
		defer sendMu.Unlock()
		_ = stream.Send(resp)
	}
	var wg sync.WaitGroup
	pump := func(r io.Reader, wrap func([]byte) *pulumirpc.RunPluginResponse) {
		defer wg.Done()
		buf := make([]byte, 32*1024)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				send(wrap(append([]byte(nil), buf[:n]...)))
			}
			if err != nil {
				return
			}
		}
	}
	wg.Add(2)
	go pump(stdout, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}}
	})
	go pump(stderr, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}}
	})
	wg.Wait()

	code := int32(0)
	if err := cmd.Wait(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return status.Errorf(codes.Internal, "plugin failed: %v", err)
		}
		code = int32(exitErr.ExitCode())
	}
	send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
	return nil
}

// About reports the Node.js executable and version (`pulumi about`).
func (h *languageHost) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return nil, status.Error(codes.FailedPrecondition, "could not find `node` on PATH: install Node.js 20")
	}
	out, err := exec.Command(nodeBin, "--version").Output()
	if err != nil {
		return nil, status.Errorf(codes.Internal, "running `node --version`: %v", err)
	}
	return &pulumirpc.AboutResponse{
		Executable: nodeBin,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
		Metadata:   map[string]string{"languageHost": "stackone-pingone minimal host " + version},
	}, nil
}

// GetProgramDependencies lists package.json's dependencies with the versions installed under node_modules.
func (h *languageHost) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := programDirectory(req.GetInfo(), req.GetPwd())
	var pkg struct {
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, status.Errorf(codes.FailedPrecondition, "reading %s: %v", filepath.Join(dir, "package.json"), err)
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "parsing %s: %v", filepath.Join(dir, "package.json"), err)
	}
	wanted := map[string]string{}
	for k, v := range pkg.Dependencies {
		wanted[k] = v
	}
	if req.GetTransitiveDependencies() {
		for k, v := range pkg.DevDependencies {
			wanted[k] = v
		}
	}
	names := make([]string, 0, len(wanted))
	for k := range wanted {
		names = append(names, k)
	}
	sort.Strings(names)
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, name := range names {
		version := wanted[name]
		var installed struct {
			Version string `json:"version"`
		}
		if b, err := os.ReadFile(filepath.Join(dir, "node_modules", filepath.FromSlash(name), "package.json")); err == nil {
			if json.Unmarshal(b, &installed) == nil && installed.Version != "" {
				version = installed.Version
			}
		}
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: name, Version: version})
	}
	return resp, nil
}
