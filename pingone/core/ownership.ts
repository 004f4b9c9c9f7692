/**
 * The owner marker: how a create recognises the object its own interrupted create made, and only that one.
 *
 * A create whose process is killed while PingOne holds the POST leaves an object the stack's state does not know; the
 * next `up` creates again. To own that object instead of making a second one, the create must tell it apart from a
 * same-named object another stack (or a person) made — names and settings are shared by every stack that asks for
 * the same, so they prove nothing. The marker is derived from the resource's URN (`urn:pulumi:<stack>::<project>::
 * <type>::<name>`: stack, project and resource), so only this resource of this stack writes it, and it is written in
 * the create's own request: an object carries it from the instant it exists. It lives at the end of the object's
 * `description` (applications and groups both have one, read back as sent; PingOne has no other free field an
 * application keeps), on a line of its own, and is stripped from what a read reports, so it never shows as drift
 * and never reaches the inputs. Every update writes it again (PingOne's PUT replaces the whole description).
 *
 * Only the URN's hash is written: short, and it says nothing about the stack beyond "made by Pulumi". Two stacks of
 * the same name and project in two different backends share URNs, and so markers; they must not share an
 * environment either (one stack per environment).
 */
import { createHash } from "node:crypto";

const MARKER = /(?:^|\n\n)\[pulumi-owner [0-9a-f]{32}\]$/;

/** The marker of the resource with this URN. */
export function ownerMarker(urn: string): string {
  if (typeof urn !== "string" || !urn.startsWith("urn:pulumi:")) {
    throw new Error(
      `Invalid resource URN ${JSON.stringify(urn)}: the owner marker needs the resource's urn:pulumi:… URN`,
    );
  }
  return `[pulumi-owner ${createHash("sha256").update(urn).digest("hex").slice(0, 32)}]`;
}

/** The description PingOne is sent: the user's description (if any), then the marker on a line of its own. */
export function markedDescription(description: string | undefined, marker: string): string {
  return description !== undefined && description !== "" ? `${description}\n\n${marker}` : marker;
}

/** A description read from PingOne split into the user's part and the marker (either may be absent). */
export function splitOwnerMarker(description: string | undefined): { description?: string; marker?: string } {
  if (description === undefined) return {};
  const found = MARKER.exec(description);
  if (!found) return { description };
  const rest = description.slice(0, found.index);
  return { ...(rest !== "" ? { description: rest } : {}), marker: found[0].replace(/^\n\n/, "") };
}

/** True when the object's description carries exactly this marker: this resource's own create made it. */
export function carriesMarker(description: string | undefined, marker: string): boolean {
  return splitOwnerMarker(description).marker === marker;
}
