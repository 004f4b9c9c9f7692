/**
 * Reads the emulator's PingOne state over its own API, to check that each benchmarked operation left PingOne as it
 * should. Deliberately independent of the project's client: the benchmark must not trust the code it measures.
 */
import type { EmulatorInfo } from "../emulator/types";

interface Hal<T> {
  _embedded?: Record<string, T[]>;
  _links?: { next?: { href: string } };
}

export interface ProbedApplication {
  id: string;
  name: string;
  description?: string;
  enabled?: boolean;
  type?: string;
  redirectUris?: string[];
}

export interface ProbedGrant {
  id: string;
  resource: { id: string };
  scopes: { id: string }[];
}

export interface ProbedRoleAssignment {
  id: string;
  role: { id: string };
  scope: { id: string; type: string };
}

export class EmulatorProbe {
  private token?: string;

  constructor(private readonly info: EmulatorInfo) {}

  private async accessToken(): Promise<string> {
    if (this.token) return this.token;
    const basic = Buffer.from(`${this.info.clientId}:${this.info.clientSecret}`).toString("base64");
    const response = await fetch(`${this.info.authUrl}/${this.info.adminEnvironmentId}/as/token`, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    if (!response.ok)
      throw new Error(`probe: the emulator refused the provisioner's token request (HTTP ${response.status})`);
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) throw new Error("probe: the emulator's token response has no access_token");
    this.token = body.access_token;
    return this.token;
  }

  /** GET an API path (relative to apiUrl); undefined on 404. */
  async get<T>(path: string): Promise<T | undefined> {
    const url = path.startsWith("http") ? path : `${this.info.apiUrl}${path}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${await this.accessToken()}` } });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`probe: GET ${path} answered HTTP ${response.status}`);
    return (await response.json()) as T;
  }

  /** Every item of a HAL collection, following `_links.next`. */
  async list<T>(path: string, name: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = path;
    while (next) {
      const page: Hal<T> | undefined = await this.get<Hal<T>>(next);
      if (!page) throw new Error(`probe: GET ${next} answered 404`);
      items.push(...(page._embedded?.[name] ?? []));
      next = page._links?.next?.href;
    }
    return items;
  }

  applications(envId: string): Promise<ProbedApplication[]> {
    return this.list<ProbedApplication>(`/environments/${envId}/applications`, "applications");
  }

  async secret(envId: string, appId: string): Promise<string | undefined> {
    const body = await this.get<{ secret?: string }>(`/environments/${envId}/applications/${appId}/secret`);
    return body?.secret;
  }

  grants(envId: string, appId: string): Promise<ProbedGrant[]> {
    return this.list<ProbedGrant>(`/environments/${envId}/applications/${appId}/grants`, "grants");
  }

  roleAssignments(envId: string, userId: string): Promise<ProbedRoleAssignment[]> {
    return this.list<ProbedRoleAssignment>(`/environments/${envId}/users/${userId}/roleAssignments`, "roleAssignments");
  }

  /** The user's groups, each with the role assignments it holds. */
  async groupRoles(
    envId: string,
    userId: string,
  ): Promise<{ id: string; name: string; roles: ProbedRoleAssignment[] }[]> {
    const groups = await this.list<{ id: string; name: string }>(
      `/environments/${envId}/users/${userId}/memberOfGroups`,
      "groupMemberships",
    );
    const out: { id: string; name: string; roles: ProbedRoleAssignment[] }[] = [];
    for (const g of groups) {
      out.push({
        id: g.id,
        name: g.name,
        roles: await this.list<ProbedRoleAssignment>(
          `/environments/${envId}/groups/${g.id}/roleAssignments`,
          "roleAssignments",
        ),
      });
    }
    return out;
  }
}
