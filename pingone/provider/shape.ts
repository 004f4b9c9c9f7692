/**
 * What the package's schema (`schema.json`, the one source of the package's shape, from which the SDKs are generated)
 * says of each resource type, for the adapters: which outputs a create computes and which are secret.
 */
import schema from "./schema.json";
import { typeToken } from "../tokens";

interface PropertySpec {
  secret?: boolean;
}
interface ResourceSpec {
  inputProperties: Record<string, PropertySpec>;
  properties: Record<string, PropertySpec>;
}

function spec(name: string): ResourceSpec {
  const found = (schema.resources as Record<string, ResourceSpec>)[typeToken(name)];
  if (!found) throw new Error(`${typeToken(name)} is not a resource of the package's schema`);
  return found;
}

/** The outputs that are no input: what a create computes, unknown in the preview of one. */
export function computedOutputs(name: string): readonly string[] {
  const { inputProperties, properties } = spec(name);
  return Object.keys(properties).filter((k) => !(k in inputProperties));
}

/** The outputs the schema marks secret. */
export function secretOutputs(name: string): readonly string[] {
  return Object.entries(spec(name).properties)
    .filter(([, p]) => p.secret === true)
    .map(([k]) => k);
}
