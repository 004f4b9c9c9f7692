/**
 * Read-only environment configuration the emulator serves so that role coverage can be shown on it: sign-on
 * policies, password policies, identity providers and certificates (list and read one), one or two of each per
 * environment, derived from the seed and the environment's id (the same seed gives the same objects; nothing is
 * stored). Shapes as in the spec: SignOnPolicy, PasswordPolicy, IdentityProviderSAML, Certificate.
 */
import { notFound } from "./errors";
import { hal } from "./hal";
import { seededUuid } from "./ids";
import type { RouteContext, RouteResult, RouteSpec } from "./routes";
import { SEEDED_AT } from "./state";

type Rendered = Record<string, unknown> & { id: string };

const api = (ctx: RouteContext, path: string) => `${ctx.origin}/v1${path}`;

/** A policy of the environment (`kind` names it in its seeded id), with the fields every policy has around `fields`. */
function policy(
  ctx: RouteContext,
  envId: string,
  collection: string,
  kind: string,
  { key, description, isDefault }: { key: string; description: string; isDefault: boolean },
  fields: Record<string, unknown> = {},
): Rendered {
  const id = seededUuid(ctx.world.seed, `${kind}:${envId}:${key}`);
  return {
    _links: {
      self: { href: api(ctx, `/environments/${envId}/${collection}/${id}`) },
      environment: { href: api(ctx, `/environments/${envId}`) },
    },
    id,
    environment: { id: envId },
    name: key,
    description,
    default: isDefault,
    ...fields,
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
  };
}

function signOnPolicies(ctx: RouteContext, envId: string): Rendered[] {
  return [
    { key: "Single_Factor", description: "A sign-on policy that requires a username and password.", isDefault: true },
    {
      key: "Multi_Factor",
      description: "A sign-on policy that requires a username, a password and a second factor.",
      isDefault: false,
    },
  ].map((named) => policy(ctx, envId, "signOnPolicies", "signOnPolicy", named));
}

function passwordPolicies(ctx: RouteContext, envId: string): Rendered[] {
  return [
    {
      key: "Standard",
      description: "A standard policy that incorporates industry best practices.",
      isDefault: true,
      min: 8,
      history: 6,
    },
    { key: "Basic", description: "A basic policy: length and history only.", isDefault: false, min: 8, history: 3 },
  ].map(({ min, history, ...named }) =>
    policy(ctx, envId, "passwordPolicies", "passwordPolicy", named, {
      excludesCommonlyUsed: true,
      excludesProfileData: true,
      notSimilarToCurrent: true,
      history: { count: history, retentionDays: 365 },
      length: { min, max: 255 },
      lockout: { failureCount: 5, durationSeconds: 900 },
      maxAgeDays: 182,
      minAgeDays: 1,
      maxRepeatedCharacters: 2,
      minCharacters: {
        ABCDEFGHIJKLMNOPQRSTUVWXYZ: 1,
        abcdefghijklmnopqrstuvwxyz: 1,
        "0123456789": 1,
        "~!@#$%^&*()-_=+[]{}|;:,.<>/?": 1,
      },
      minUniqueCharacters: 5,
      populationCount: 1,
    }),
  );
}

function certificates(ctx: RouteContext, envId: string): Rendered[] {
  const id = seededUuid(ctx.world.seed, `certificate:${envId}:signing`);
  return [
    {
      _links: { self: { href: api(ctx, `/environments/${envId}/certificates/${id}`) } },
      id,
      environment: { id: envId },
      organization: { id: ctx.world.organization.id },
      name: "Signing certificate",
      algorithm: "RSA",
      keyLength: 2048,
      signatureAlgorithm: "SHA256withRSA",
      subjectDN: `CN=PingOne SSO Certificate for ${envId}, OU=Ping Identity, O=Emulated Organization, C=US`,
      issuerDN: `CN=PingOne SSO Certificate for ${envId}, OU=Ping Identity, O=Emulated Organization, C=US`,
      serialNumber: 1_767_225_600_000,
      usageType: "SIGNING",
      validityPeriod: 365,
      default: true,
      status: "VALID",
      startsAt: SEEDED_AT,
      expiresAt: "2027-01-01T00:00:00.000Z",
      createdAt: SEEDED_AT,
    },
  ];
}

function identityProviders(ctx: RouteContext, envId: string): Rendered[] {
  const id = seededUuid(ctx.world.seed, `identityProvider:${envId}:corporate-saml`);
  const certificateId = certificates(ctx, envId)[0].id;
  return [
    {
      _links: { self: { href: api(ctx, `/environments/${envId}/identityProviders/${id}`) } },
      id,
      environment: { id: envId },
      type: "SAML",
      name: "Corporate SAML",
      description: "The organization's own SAML identity provider.",
      enabled: false,
      idpEntityId: "https://idp.example.com/saml",
      spEntityId: `https://auth.pingone.com/${envId}/saml20/sp`,
      idpVerification: { certificates: [{ id: certificateId }] },
      ssoBinding: "HTTP_POST",
      ssoEndpoint: "https://idp.example.com/saml/sso",
      authnRequestSigned: false,
      createdAt: SEEDED_AT,
      updatedAt: SEEDED_AT,
    },
  ];
}

function family(
  collection: string,
  idParam: string,
  build: (ctx: RouteContext, envId: string) => Rendered[],
): RouteSpec[] {
  const list = (c: RouteContext): RouteResult => ({
    status: 200,
    body: hal(collection, build(c, c.params.envId), {
      baseUrl: api(c, `/environments/${c.params.envId}/${collection}`),
      query: c.query,
      defaultLimit: c.pageSize,
    }),
  });
  const one = (c: RouteContext): RouteResult => {
    const found = build(c, c.params.envId).find((o) => o.id === c.params[idParam]);
    if (!found) throw notFound();
    return { status: 200, body: found };
  };
  return [
    { path: `/v1/environments/{envId}/${collection}`, methods: { GET: list } },
    { path: `/v1/environments/{envId}/${collection}/{${idParam}}`, methods: { GET: one } },
  ];
}

export const ENVIRONMENT_CONFIG_ROUTES: RouteSpec[] = [
  ...family("signOnPolicies", "policyId", signOnPolicies),
  ...family("passwordPolicies", "passwordPolicyId", passwordPolicies),
  ...family("identityProviders", "providerId", identityProviders),
  ...family("certificates", "certId", certificates),
];
