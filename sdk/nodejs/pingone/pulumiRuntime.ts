// *** WARNING: this file was added by stackone-pingone-gen. ***
// `pulumi.runtime` without the closure serializer and the mocks, which the package's `@pulumi/pulumi/runtime` index
// loads: the runtime modules a generated SDK calls (invoke, call, resource registration, settings, stack).
// Added by tools/gen beside pulumi.ts.
export * from "@pulumi/pulumi/runtime/config";
export * from "@pulumi/pulumi/runtime/invoke";
export * from "@pulumi/pulumi/runtime/resource";
export * from "@pulumi/pulumi/runtime/rpc";
export * from "@pulumi/pulumi/runtime/settings";
export * from "@pulumi/pulumi/runtime/stack";
