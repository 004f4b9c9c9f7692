/** The core: pure logic and operations over a `PingOneApi`, with no Pulumi in it. */
export * from "./model";
export * from "./common";
export * from "./icon";
export * from "./credentials";
export * from "./application";
export * from "./applicationSecret";
export * from "./roles";
export * from "./userRoleAssignment";
export * from "./resourceGrant";
export * from "./rules";
export * from "./group";
export * from "./groupRoleAssignment";
export * from "./groupMembership";
