// The part of @pulumi/pulumi this SDK uses, loaded from the SDK's own modules. The package's index (`@pulumi/pulumi`)
// also loads the Automation API, dynamic providers, the provider server and the closure serializer (about 570 more
// modules and 0.4 s of CPU at every start of a program); no generated module needs them. Added by tools/gen, which
// points every generated `import * as pulumi from "@pulumi/pulumi"` here; the SDK's build type-checks that the
// generated code finds everything it uses.
export * from "@pulumi/pulumi/config";
export * from "@pulumi/pulumi/errors";
export * from "@pulumi/pulumi/invoke";
export * from "@pulumi/pulumi/metadata";
export * from "@pulumi/pulumi/output";
export * from "@pulumi/pulumi/resource";
export * from "@pulumi/pulumi/stackReference";
export * from "@pulumi/pulumi/stash";
export * as asset from "@pulumi/pulumi/asset";
export * as iterable from "@pulumi/pulumi/iterable";
export * as log from "@pulumi/pulumi/log";
export * as utils from "@pulumi/pulumi/utils";
export * as runtime from "./pulumiRuntime";
