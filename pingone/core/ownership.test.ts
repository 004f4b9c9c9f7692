import { describe, expect, it } from "vitest";
import { carriesMarker, markedDescription, ownerMarker, splitOwnerMarker } from "./ownership";

const URN = "urn:pulumi:prod::stackone-pingone::stackone:pingone:WorkerApp$pingone:index:Application::stackone-app";

describe("owner marker", () => {
  it("is the first 32 hex digits of the URN's SHA-256, differs per stack and per resource, and needs a URN", () => {
    expect(ownerMarker(URN)).toBe("[pulumi-owner ebd20e37513161ba3608c2863ce01d84]");
    expect(ownerMarker(URN.replace(":prod::", ":dev::"))).not.toBe(ownerMarker(URN));
    expect(ownerMarker(URN.replace("::stackone-app", "::other-app"))).not.toBe(ownerMarker(URN));
    expect(() => ownerMarker("stackone-app")).toThrow(
      'Invalid resource URN "stackone-app": the owner marker needs the resource\'s urn:pulumi:… URN',
    );
  });

  it("follows the description on a line of its own, and is split off exactly", () => {
    const m = ownerMarker(URN);
    expect(markedDescription(undefined, m)).toBe(m);
    expect(markedDescription("", m)).toBe(m);
    expect(markedDescription("Lets StackOne in", m)).toBe(`Lets StackOne in\n\n${m}`);
    expect(splitOwnerMarker(`Lets StackOne in\n\n${m}`)).toEqual({ description: "Lets StackOne in", marker: m });
    expect(splitOwnerMarker(m)).toEqual({ marker: m });
    expect(splitOwnerMarker("Lets StackOne in")).toEqual({ description: "Lets StackOne in" });
    expect(splitOwnerMarker(undefined)).toEqual({});
    // Not at the end, or not on a line of its own: the user's text, not a marker.
    expect(splitOwnerMarker(`${m} and more`)).toEqual({ description: `${m} and more` });
    expect(splitOwnerMarker(`text ${m}`)).toEqual({ description: `text ${m}` });
    expect(carriesMarker(`x\n\n${m}`, m)).toBe(true);
    expect(carriesMarker(`x\n\n${ownerMarker(URN.replace(":prod::", ":dev::"))}`, m)).toBe(false);
    expect(carriesMarker("x", m)).toBe(false);
  });
});
