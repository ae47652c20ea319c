// A stand-in for the Pulumi engine: records every resource and invoke the program makes, answers
// Cloudflare's getZone from a table, and refuses any other invoke so nothing unexpected goes unseen.
import * as pulumi from '@pulumi/pulumi';

type MockResourceArgs = pulumi.runtime.MockResourceArgs;
type MockCallArgs = pulumi.runtime.MockCallArgs;
/** The mock monitor `setMocks` installs; only the method used here. */
interface RegisteredResources {
  getRegisteredResources(): Map<string, unknown>;
}

export const GET_ZONE_TOKEN = 'cloudflare:index/getZone:getZone';
export const DNS_RECORD_TYPE = 'cloudflare:index/dnsRecord:DnsRecord';

export interface FakeEngine {
  /** Every resource registered, in registration order. */
  resources: MockResourceArgs[];
  calls: MockCallArgs[];
  /** URNs as the engine would name them (they show each resource's parent type chain). */
  urns(): string[];
  /** Resolves once every registration the program started has reached the engine. */
  finished(): Promise<void>;
}

export interface FakeEngineOptions {
  project?: string;
  stack?: string;
  /** Zone name → Cloudflare zone id, for getZone lookups by name. */
  zones?: Record<string, string>;
}

export function fakeEngine(options: FakeEngineOptions = {}): FakeEngine {
  const resources: MockResourceArgs[] = [];
  const calls: MockCallArgs[] = [];
  const zones = options.zones ?? {};
  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        resources.push(args);
        return { id: args.custom ? `${args.name}-id` : undefined, state: args.inputs };
      },
      call(args) {
        calls.push(args);
        if (args.token !== GET_ZONE_TOKEN) throw new Error(`unexpected invoke ${args.token}`);
        const name = (args.inputs as { filter?: { name?: string } }).filter?.name;
        const zoneId = name === undefined ? undefined : zones[name];
        if (zoneId === undefined) throw new Error(`no zone named ${String(name)}`);
        // Filtered lookups answer with an empty `id` and the zone id in `zoneId` (provider v5 behaviour).
        return { id: '', zoneId, name, status: 'active' };
      },
    },
    options.project ?? 'kolokasi',
    options.stack ?? 'dev',
    false,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as RegisteredResources;
  return {
    resources,
    calls,
    urns: () => [...monitor.getRegisteredResources().keys()].sort(),
    // Waits for the outstanding RPCs, then lets go of this engine, so that a late registration can
    // never land in the next test's engine.
    finished: () => pulumi.runtime.disconnect(),
  };
}

/** The value of an output once the (mocked) engine has resolved it. */
export function settled<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => {
    output.apply((value) => {
      resolve(value);
      return value;
    });
  });
}

export function dnsRecordsOf(engine: FakeEngine): MockResourceArgs[] {
  return engine.resources.filter((resource) => resource.type === DNS_RECORD_TYPE);
}
