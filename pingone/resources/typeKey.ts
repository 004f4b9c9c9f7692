/**
 * The input naming which of this project's resource types a set of inputs belongs to. One provider object serves all
 * four types (see `PingOneResourcesProvider`), and the engine tells a provider nothing else about the resource.
 * A module of its own so that declaring a resource (`resources.ts`) loads none of the provider's modules.
 */
export const TYPE_KEY = "__pingoneType";
