package main

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
)

// liteFiles are the modules nodejsLite adds to every Node.js SDK: pulumi.ts and pulumiRuntime.ts.
//
//go:embed nodejs/*.ts
var liteFiles embed.FS

// The imports of @pulumi/pulumi the Node.js generator writes, and the module of liteFiles each one is pointed at.
var liteImports = map[string]string{
	`import * as pulumi from "@pulumi/pulumi";`:          "pulumi",
	`import * as runtime from "@pulumi/pulumi/runtime";`: "pulumiRuntime",
}

var anyPulumiImport = regexp.MustCompile(`(?m)^import .*["']@pulumi/pulumi(/[^"']*)?["']`)

// nodejsLite is the post-generation step of a Node.js SDK, for the start-up time of the programs that use it:
//
//   - Pulumi's generator imports `@pulumi/pulumi` (and `@pulumi/pulumi/runtime`), whose index modules load the whole
//     Node.js SDK — the Automation API and the closure serializer included, about 0.4 s of CPU that a program of this
//     project otherwise never spends. Every such import is pointed at pulumi.ts / pulumiRuntime.ts (added to the
//     SDK), which re-export the same names from the SDK's own modules; the SDK's build type-checks that nothing the
//     generated code uses is missing. An import of @pulumi/pulumi this step does not know stops the generator. That
//     layout of the SDK's modules is a reliance on its internals: pulumiInternals.ts describes it, and its test
//     checks the re-exports against the installed SDK.
//   - package.json gets "main" and "types" (bin/, where the SDK's tsconfig compiles it), so the project resolves the
//     SDK's directory itself as the package, and utilities.ts reads the version from that package.json;
//     tsconfig.json becomes a composite project, for `tsc -b`.
func nodejsLite(files map[string][]byte) (map[string][]byte, error) {
	out := make(map[string][]byte, len(files)+2)
	for name, content := range files {
		if path.Ext(name) == ".ts" {
			text := string(content)
			for from, module := range liteImports {
				rel := strings.Repeat("../", strings.Count(name, "/"))
				if rel == "" {
					rel = "./"
				}
				to := strings.Replace(from, from[strings.Index(from, `"`):], `"`+rel+module+`";`, 1)
				text = strings.ReplaceAll(text, from, to)
			}
			if m := anyPulumiImport.FindString(text); m != "" {
				return nil, fmt.Errorf("%s: an import of @pulumi/pulumi the start-up step does not know: %s", name, m)
			}
			content = []byte(text)
		}
		out[name] = content
	}
	// utilities.ts reads the package's version from a package.json beside it, as in a published package (whose
	// package.json is copied into bin/); this SDK is used from its own directory, its build in bin/.
	const versionFrom, versionTo = `require('./package.json').version`, `require('../package.json').version`
	if !strings.Contains(string(out["utilities.ts"]), versionFrom) {
		return nil, fmt.Errorf("utilities.ts does not read the version as expected (%s)", versionFrom)
	}
	out["utilities.ts"] = []byte(strings.Replace(string(out["utilities.ts"]), versionFrom, versionTo, 1))
	entries, err := liteFiles.ReadDir("nodejs")
	if err != nil {
		return nil, err
	}
	var added []string
	for _, e := range entries {
		content, err := liteFiles.ReadFile("nodejs/" + e.Name())
		if err != nil {
			return nil, err
		}
		if _, clash := out[e.Name()]; clash {
			return nil, fmt.Errorf("the generator wrote %s, which the start-up step adds", e.Name())
		}
		out[e.Name()] = append([]byte("// *** WARNING: this file was added by "+tool+". ***\n"), content...)
		added = append(added, e.Name())
	}
	if out["tsconfig.json"], err = liteTsconfig(out["tsconfig.json"], added); err != nil {
		return nil, err
	}
	if out["package.json"], err = litePackageJSON(out["package.json"]); err != nil {
		return nil, err
	}
	return out, nil
}

// liteTsconfig makes the generated tsconfig.json a composite project and lists the added modules in its "files".
func liteTsconfig(tsconfig []byte, added []string) ([]byte, error) {
	text := string(tsconfig)
	const decl = `"declaration": true,`
	const files = `"files": [`
	if !strings.Contains(text, decl) {
		return nil, fmt.Errorf("tsconfig.json is not shaped as expected:\n%s", text)
	}
	text = strings.Replace(text, decl, `"composite": true,`+"\n        "+decl, 1)
	start, end := strings.Index(text, files), strings.LastIndex(text, "]")
	if start < 0 || end < start {
		return nil, fmt.Errorf("tsconfig.json is not shaped as expected:\n%s", text)
	}
	var names []string
	for _, line := range strings.Split(text[start+len(files):end], "\n") {
		if name := strings.Trim(strings.TrimSpace(line), `",`); name != "" {
			names = append(names, name)
		}
	}
	names = append(names, added...)
	sort.Strings(names)
	var b strings.Builder
	for i, name := range names {
		sep := ","
		if i == len(names)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "\n        %q%s", name, sep)
	}
	return []byte(text[:start+len(files)] + b.String() + "\n    " + text[end:]), nil
}

// litePackageJSON adds "main" and "types" (the build in bin/).
func litePackageJSON(packageJSON []byte) ([]byte, error) {
	var pkg map[string]any
	if err := json.Unmarshal(packageJSON, &pkg); err != nil {
		return nil, fmt.Errorf("package.json: %w", err)
	}
	pkg["main"] = "bin/index.js"
	pkg["types"] = "bin/index.d.ts"
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "    ")
	if err := enc.Encode(pkg); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
