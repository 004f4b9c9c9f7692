/**
 * The project's application core against the emulator over loopback: an application created out of band with
 * every OIDC property set is adopted and updated, and PingOne keeps every field the project does not own. Every
 * exchange is validated against PingOne's OpenAPI description.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { apiClient, everyOidcField, provisionerToken } from "../../emulator/testing";
import { startValidatedEmulator, type ValidatedEmulator } from "../../tests/contract/validated-emulator";
import { PingOneClient } from "../client/client";
import { createApplication, readApplication, updateApplication } from "./application";
import type { ApplicationInputs } from "./model";
import { ownerMarker } from "./ownership";

let em: ValidatedEmulator;

beforeAll(async () => {
  em = await startValidatedEmulator({ seed: 43 });
}, 60_000);
afterAll(async () => {
  await em?.stop();
});
beforeEach(() => em.reset());
afterEach(() => em.expectNoContractViolations());

function client(): PingOneClient {
  return new PingOneClient({
    environmentId: em.adminEnvironmentId,
    clientId: em.clientId,
    clientSecret: em.clientSecret,
    apiUrl: em.apiUrl,
    authUrl: em.authUrl,
    retry: { baseDelayMs: 10, maxDelayMs: 100, propagationTimeoutMs: 500 },
  });
}

const CALLBACK = "https://api.stackone.com/connect/oauth2/pingone/callback";
const URN = "urn:pulumi:dev::stackone-pingone::pingone:index:Application::app";

function inputs(adoptApplicationId: string, over: Partial<ApplicationInputs> = {}): ApplicationInputs {
  return {
    environmentId: em.environmentId,
    name: "StackOne Integration",
    enabled: true,
    grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
    responseTypes: ["CODE"],
    pkceEnforcement: "OPTIONAL",
    refreshTokenType: "JSON_WEB_TOKEN",
    refreshTokenDuration: 2592000,
    refreshTokenRollingDuration: 15552000,
    redirectUris: [CALLBACK],
    allowWildcardInRedirectUris: false,
    tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
    adminOnlyAccess: true,
    adoptApplicationId,
    ...over,
  };
}

/** The stored application without the server-managed fields. */
async function stored(id: string): Promise<Record<string, unknown>> {
  const api = apiClient(em, await provisionerToken(em));
  const {
    id: _i,
    environment: _e,
    createdAt: _c,
    updatedAt: _u,
    _links: _l,
    ...rest
  } = (await api.get(`/environments/${em.environmentId}/applications/${id}`)).body;
  return rest;
}

describe("adopting and updating an application with every OIDC property set", () => {
  it("keeps every field the project does not own, exactly as PingOne holds it", async () => {
    const api = apiClient(em, await provisionerToken(em));
    const outOfBand = everyOidcField();
    const created = await api.post(`/environments/${em.environmentId}/applications`, outOfBand);
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    // The fields this project owns; everything else is PingOne's to keep.
    const {
      name: _n,
      type: _ty,
      protocol: _pr,
      description: _d,
      icon: _i,
      enabled: _en,
      accessControl: _a,
      grantTypes: _g,
      responseTypes: _r,
      pkceEnforcement: _p,
      redirectUris: _ru,
      allowWildcardInRedirectUris: _w,
      tokenEndpointAuthMethod: _t,
      refreshTokenType: _rt,
      refreshTokenDuration: _rd,
      refreshTokenRollingDuration: _rr,
      refreshTokenRollingGracePeriodDuration: _rg,
      ...notOwned
    } = outOfBand;
    expect(Object.keys(notOwned).sort()).toEqual([
      "additionalRefreshTokenReplayProtectionEnabled",
      "corsSettings",
      "deviceCustomVerificationUri",
      "devicePathId",
      "devicePollingInterval",
      "deviceTimeout",
      "hiddenFromAppPortal",
      "homePageUrl",
      "idpSignoff",
      "includeX5t",
      "initiateLoginUri",
      "jwksUrl",
      "kerberos",
      "loginPageUrl",
      "mobile",
      "opSessionCheckEnabled",
      "parRequirement",
      "parTimeout",
      "postLogoutRedirectUris",
      "requestScopesForMultipleResourcesEnabled",
      "requireSignedRequestObject",
      "signing",
      "supportUnsignedRequestObject",
      "tags",
      "targetLinkUri",
      "template",
    ]);
    const owned = {
      name: "StackOne Integration",
      type: "WORKER",
      protocol: "OPENID_CONNECT",
      enabled: true,
      tokenEndpointAuthMethod: "CLIENT_SECRET_POST",
      accessControl: { role: { type: "ADMIN_USERS_ONLY" } },
      grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
      responseTypes: ["CODE"],
      pkceEnforcement: "OPTIONAL",
      redirectUris: [CALLBACK],
      allowWildcardInRedirectUris: false,
      refreshTokenType: "JSON_WEB_TOKEN",
      refreshTokenDuration: 2592000,
      refreshTokenRollingDuration: 15552000,
    };

    // Adopted, the application is the stack's own: the PUT writes the resource's owner marker, which no output shows.
    const adopted = await createApplication(client(), inputs(id), URN);
    expect(adopted).toEqual({ ...inputs(id), applicationId: id, clientId: id, adopted: true });
    expect(await stored(id)).toEqual({ ...notOwned, ...owned, description: ownerMarker(URN) });

    const renamed = inputs(id, {
      name: "Renamed",
      description: "StackOne connects here",
      refreshTokenRollingGracePeriodDuration: 60,
    });
    const updated = await updateApplication(client(), id, adopted, renamed, URN);
    expect(updated).toEqual({ ...renamed, applicationId: id, clientId: id, adopted: true });
    expect(await stored(id)).toEqual({
      ...notOwned,
      ...owned,
      name: "Renamed",
      description: `StackOne connects here\n\n${ownerMarker(URN)}`,
      refreshTokenRollingGracePeriodDuration: 60,
    });
    expect(await readApplication(client(), id, updated)).toEqual(updated);
  });
});
