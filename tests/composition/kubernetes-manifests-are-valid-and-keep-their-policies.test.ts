import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '../../shared/services.js';
import { ORDER_DEPENDENCIES } from '../../subgraphs/order/src/services/index.js';
import { type Manifest, renderKustomization, schemaProblems } from '../support/kubernetes-manifests.js';

const ROOT = 'deploy/kubernetes';
const BUILDS = {
  base: `${ROOT}/base`,
  development: `${ROOT}/overlays/development`,
  production: `${ROOT}/overlays/production`,
};
type Build = keyof typeof BUILDS;
const DEPLOYMENTS = ['gateway', ...SUBGRAPH_NAMES, 'workers'];

/**
 * Who calls each subgraph besides the gateway, from the code: the order subgraph prices, checks
 * and reserves through ORDER_DEPENDENCIES; customer merges guest carts through order
 * (customer/src/server.ts); promotion asks customer for segments (promotion/src/server.ts);
 * review asks catalog whether a product is on sale and customer for an account's age
 * (review/src/server.ts); the workers call order (sweeps, bulk imports), order's dependencies
 * (bulk imports place orders as checkout does) and review and promotion (data exports).
 */
const CALLERS: Record<SubgraphName, string[]> = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => {
    const callers = new Set(['gateway']);
    if ((ORDER_DEPENDENCIES as readonly string[]).includes(name)) callers.add('order').add('workers');
    if (name === 'order') callers.add('customer').add('workers');
    if (name === 'customer') callers.add('promotion').add('review');
    if (name === 'catalog') callers.add('review');
    if (name === 'review' || name === 'promotion') callers.add('workers');
    return [name, [...callers].sort()];
  }),
) as Record<SubgraphName, string[]>;

/** The keys of the Secret `order-flow-secrets` each part needs to start in production. */
const SECRET_KEYS: Record<string, string[]> = {
  gateway: ['JWT_SECRET', 'REDIS_URL'],
  catalog: ['DATABASE_URL', 'JWT_SECRET', 'REDIS_URL'],
  customer: ['DATABASE_URL', 'JWT_SECRET', 'REDIS_URL', 'STAFF_TOTP_KEY'],
  order: ['DATABASE_URL', 'JWT_SECRET', 'ORDER_LINK_SECRET', 'PAYMENT_WEBHOOK_SECRET', 'REDIS_URL'],
  warehouse: ['DATABASE_URL', 'JWT_SECRET', 'REDIS_URL'],
  pricing: ['DATABASE_URL', 'JWT_SECRET', 'PRICE_CACHE_SECRET', 'REDIS_URL'],
  promotion: ['DATABASE_URL', 'JWT_SECRET', 'REDIS_URL'],
  review: ['DATABASE_URL', 'JWT_SECRET', 'REDIS_URL'],
  workers: ['DATABASE_URL', 'JWT_SECRET', 'PRICE_CACHE_SECRET', 'REDIS_URL', 'STOCK_ALERT_WEBHOOK_SECRET'],
};

/** The PostgreSQL each overlay is sized for, and the connections kept aside for people and tools. */
const DATABASE_BUDGETS: Partial<Record<Build, { maxConnections: number; reserved: number }>> = {
  development: { maxConnections: 100, reserved: 10 },
  production: { maxConnections: 400, reserved: 40 },
};
/** `migrate.js`: a client to see what is applied, then the schema engine's own connection. */
const MIGRATION_JOB_CONNECTIONS = 2;

const rendered = {} as Record<Build, Manifest[]>;
beforeAll(async () => {
  await Promise.all(
    (Object.keys(BUILDS) as Build[]).map(async (build) => {
      rendered[build] = await renderKustomization(BUILDS[build]);
    }),
  );
}, 120_000);

const ofKind = (build: Build, kind: string) => rendered[build].filter((m) => m.kind === kind);
const named = (build: Build, kind: string, name: string) => {
  const found = ofKind(build, kind).find((m) => m.metadata.name === name);
  if (!found) throw new Error(`${build}: no ${kind} ${name}`);
  return found;
};
const mainContainer = (deployment: Manifest) => deployment.spec.template.spec.containers[0];
const envValue = (container: Manifest, name: string) =>
  (container.env as { name: string; value?: string }[] | undefined)?.find((e) => e.name === name)?.value;

/**
 * The most connections the workers process opens: each subgraph's worker module opens its
 * own pool (`poolSize`, 10 when not given), plus one LISTEN connection for the outbox wake-ups.
 */
function workersConnections(): number {
  let total = 1;
  for (const subgraph of SUBGRAPH_NAMES) {
    const dir = join('subgraphs', subgraph, 'src', 'jobs');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const [call] of readFileSync(join(dir, file), 'utf8').matchAll(/connect\w+Database\(\{[^}]*\}/g)) {
        total += Number(/poolSize:\s*(\d+)/.exec(call)?.[1] ?? 10);
      }
    }
  }
  return total;
}

describe.each(Object.keys(BUILDS) as Build[])('the Kubernetes manifests (%s)', (build) => {
  it('render, and every document is a known kind that its Kubernetes API schema accepts', () => {
    expect(rendered[build].length).toBeGreaterThan(40);
    expect(rendered[build].flatMap(schemaProblems)).toEqual([]);
  });

  it('run the gateway, each subgraph and the workers with the commands and ports compose.yaml uses', () => {
    const compose = parse(readFileSync('compose.yaml', 'utf8')) as {
      services: Record<string, { command: string[]; environment: Record<string, string> }>;
    };
    expect(
      ofKind(build, 'Deployment')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual([...DEPLOYMENTS].sort());
    for (const name of DEPLOYMENTS) {
      const container = mainContainer(named(build, 'Deployment', name));
      expect(container.command, name).toEqual(compose.services[name]?.command);
      const port = DEFAULT_PORTS[name as keyof typeof DEFAULT_PORTS];
      expect(container.ports, name).toEqual([{ name: 'http', containerPort: port }]);
      expect(envValue(container, `${name.toUpperCase()}_PORT`), name).toBe(String(port));
      // The subgraphs' small young generation (compose.yaml says why) comes first; a heap cap may follow.
      const composeOptions = compose.services[name]?.environment.NODE_OPTIONS;
      if (composeOptions) expect(envValue(container, 'NODE_OPTIONS'), name).toMatch(new RegExp(`^${composeOptions} `));
    }
  });

  it('give every container both probes on the health paths, requests and limits, and no root', () => {
    for (const deployment of ofKind(build, 'Deployment')) {
      const name = deployment.metadata.name;
      const pod = deployment.spec.template.spec;
      expect(deployment.spec.replicas, `${name}: the autoscaler owns the count`).toBeUndefined();
      for (const container of pod.containers) {
        expect(container.readinessProbe?.httpGet, name).toEqual({ path: '/health/ready', port: 'http' });
        expect(container.livenessProbe?.httpGet, name).toEqual({ path: '/health/live', port: 'http' });
        expect(container.lifecycle?.preStop, `${name}: leaves time to stop routing here`).toBeDefined();
      }
    }
    // What the "restricted" Pod Security Standard asks, so the namespace can enforce it.
    for (const workload of [...ofKind(build, 'Deployment'), ...ofKind(build, 'Job')]) {
      const name = workload.metadata.name;
      const pod = workload.spec.template.spec;
      expect(pod.securityContext, name).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.automountServiceAccountToken, name).toBe(false);
      expect(
        (pod.volumes ?? []).every((v: Manifest) => v.emptyDir || v.configMap),
        name,
      ).toBe(true);
      for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
        for (const bound of ['requests', 'limits']) {
          expect(Object.keys(container.resources?.[bound] ?? {}).sort(), `${name} ${bound}`).toEqual(['cpu', 'memory']);
        }
        expect(container.securityContext, name).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
      }
    }
  });

  it('take every key and URL from the Secret by name, and hold no Secret themselves', () => {
    expect(ofKind(build, 'Secret')).toEqual([]);
    const readme = readFileSync('README.md', 'utf8');
    const start = readme.indexOf('create secret generic order-flow-secrets');
    expect(start, 'the README shows how to create the Secret').toBeGreaterThan(0);
    const documented = readme.slice(start);
    for (const manifest of [...ofKind(build, 'Deployment'), ...ofKind(build, 'Job')]) {
      const pod = manifest.spec.template.spec;
      for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
        const env = (container.env ?? []) as { name: string; value?: string; valueFrom?: Manifest }[];
        for (const variable of env.filter((e) => /URL$|SECRET|_KEY$|PASSWORD/.test(e.name))) {
          if (variable.name.endsWith('_SUBGRAPH_URL')) continue;
          expect(variable.value, `${manifest.metadata.name}: ${variable.name} is never written here`).toBeUndefined();
          const ref = variable.valueFrom?.secretKeyRef;
          expect(ref, `${manifest.metadata.name}: ${variable.name}`).toEqual(
            expect.objectContaining({ name: 'order-flow-secrets', key: variable.name }),
          );
          expect(documented, `README documents ${variable.name}`).toMatch(
            new RegExp(`--from-[a-z]+=${variable.name}=`),
          );
        }
        for (const source of container.envFrom ?? []) {
          if (source.secretRef) expect(Object.keys(source.secretRef)).toEqual(['name']);
        }
      }
    }
    for (const name of DEPLOYMENTS) {
      const env = (mainContainer(named(build, 'Deployment', name)).env ?? []) as {
        name: string;
        valueFrom?: Manifest;
      }[];
      const fromSecret = env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name);
      expect(fromSecret.sort(), name).toEqual(SECRET_KEYS[name]);
    }
    for (const settings of ofKind(build, 'ConfigMap')) {
      expect(JSON.stringify(settings.data), settings.metadata.name).not.toMatch(
        /SECRET|PASSWORD|DATABASE_URL|REDIS_URL/,
      );
    }
  });

  it('deny every ingress by default, let anyone reach the gateway and each subgraph only from its callers', () => {
    const policies = ofKind(build, 'NetworkPolicy');
    const defaultDeny = policies.filter((p) => Object.keys(p.spec.podSelector).length === 0);
    expect(defaultDeny.map((p) => p.spec)).toEqual([{ podSelector: {}, policyTypes: ['Ingress'] }]);

    const policyOf = (name: string) => {
      const selecting = policies.filter((p) => p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === name);
      expect(selecting, name).toHaveLength(1);
      return selecting[0] as Manifest;
    };
    const gateway = policyOf('gateway').spec;
    expect(gateway.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: DEFAULT_PORTS.gateway }] }]);

    for (const name of [...SUBGRAPH_NAMES, 'workers'] as const) {
      const rules = policyOf(name).spec.ingress as { from: Manifest[]; ports: unknown[] }[];
      expect(rules, name).toHaveLength(1);
      const [rule] = rules as [(typeof rules)[number]];
      expect(rule.ports, name).toEqual([{ protocol: 'TCP', port: DEFAULT_PORTS[name] }]);
      const pods = rule.from.filter((peer) => !peer.namespaceSelector);
      const admitted = pods.map((peer) => {
        expect(Object.keys(peer)).toEqual(['podSelector']);
        return peer.podSelector.matchLabels['app.kubernetes.io/name'];
      });
      expect(admitted.sort(), `${name} admits only its callers`).toEqual(name === 'workers' ? [] : CALLERS[name]);
      // The one other peer is Prometheus, from its own namespace, for /metrics.
      expect(rule.from.filter((peer) => peer.namespaceSelector)).toEqual([
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
        },
      ]);
    }
  });

  it('reach each subgraph at the URL the services are given', () => {
    const settings = ofKind(build, 'ConfigMap').find((m) => m.metadata.name.startsWith('order-flow-settings'));
    for (const name of SUBGRAPH_NAMES) {
      const service = named(build, 'Service', name);
      expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': name });
      expect(settings?.data[`${name.toUpperCase()}_SUBGRAPH_URL`]).toBe(
        `http://${name}:${service.spec.ports[0].port}/graphql`,
      );
    }
  });

  it('mount the committed supergraph into the gateway as a folder it reloads from', () => {
    const configMap = named(build, 'ConfigMap', 'supergraph');
    expect(configMap.data['supergraph.graphql']).toBe(readFileSync('supergraph.graphql', 'utf8'));
    const gateway = named(build, 'Deployment', 'gateway').spec.template.spec;
    const path = envValue(gateway.containers[0], 'SUPERGRAPH_PATH') as string;
    expect(basename(path)).toBe('supergraph.graphql');
    const volume = gateway.volumes.find((v: Manifest) => v.configMap?.name === 'supergraph');
    expect(volume).toBeDefined();
    const mount = gateway.containers[0].volumeMounts.find((m: Manifest) => m.name === volume.name);
    // A subPath mount is a copy the kubelet never updates.
    expect(mount).toEqual({ name: volume.name, mountPath: dirname(path), readOnly: true });
  });

  it('scale every part on CPU and keep all but one pod of it through a disruption', () => {
    const deployments = ofKind(build, 'Deployment');
    const autoscalers = ofKind(build, 'HorizontalPodAutoscaler');
    expect(autoscalers.map((a) => a.spec.scaleTargetRef.name).sort()).toEqual([...DEPLOYMENTS].sort());
    for (const autoscaler of autoscalers) {
      const { scaleTargetRef, minReplicas, maxReplicas, metrics } = autoscaler.spec;
      expect(scaleTargetRef.apiVersion).toBe('apps/v1');
      expect(scaleTargetRef.kind).toBe('Deployment');
      expect(minReplicas).toBeLessThanOrEqual(maxReplicas);
      if (build === 'production') expect(minReplicas, scaleTargetRef.name).toBeGreaterThanOrEqual(2);
      expect(metrics.map((m: Manifest) => m.resource?.name)).toEqual(['cpu']);
    }
    const budgets = ofKind(build, 'PodDisruptionBudget');
    expect(budgets).toHaveLength(DEPLOYMENTS.length);
    for (const budget of budgets) {
      const selector = budget.spec.selector.matchLabels as Record<string, string>;
      const matched = deployments.filter((d) =>
        Object.entries(selector).every(([key, value]) => d.spec.template.metadata.labels[key] === value),
      );
      expect(
        matched.map((d) => d.metadata.name),
        budget.metadata.name,
      ).toEqual([budget.metadata.name]);
      expect(budget.spec.maxUnavailable).toBe(1);
    }
  });

  it('migrate every schema in a Job, and each subgraph schema again before its pods start', () => {
    const compose = parse(readFileSync('compose.yaml', 'utf8')) as { services: { migrate: { command: string[] } } };
    const job = named(build, 'Job', 'db-migrate');
    expect(job.spec.template.spec.containers[0].command).toEqual(compose.services.migrate.command);
    for (const name of DEPLOYMENTS.filter((d) => d !== 'gateway')) {
      const [init, ...more] = named(build, 'Deployment', name).spec.template.spec.initContainers ?? [];
      expect(more).toEqual([]);
      const scope = name === 'workers' ? [] : ['--subgraph', name];
      expect(init?.command, name).toEqual([...compose.services.migrate.command, ...scope]);
    }
  });

  const budget = DATABASE_BUDGETS[build];
  if (budget)
    it('keep every pod at its autoscaling maximum, plus one rolling, within the database budget', () => {
      const { maxConnections, reserved } = budget;
      let total = MIGRATION_JOB_CONNECTIONS;
      for (const name of [...SUBGRAPH_NAMES, 'workers']) {
        const deployment = named(build, 'Deployment', name);
        const most =
          named(build, 'HorizontalPodAutoscaler', name).spec.maxReplicas +
          deployment.spec.strategy.rollingUpdate.maxSurge;
        const perPod =
          name === 'workers' ? workersConnections() : Number(envValue(mainContainer(deployment), 'DATABASE_POOL_SIZE'));
        expect(perPod, name).toBeGreaterThan(0);
        total += perPod * most;
      }
      expect(total).toBeLessThanOrEqual(maxConnections - reserved);
    });
});

describe('the manifest check', () => {
  it('refuses a document its schema rejects, and a kind it does not know', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'broken' },
      spec: {
        selector: { matchLabels: { app: 'broken' } },
        template: {
          metadata: { labels: { app: 'broken' } },
          spec: { containers: [{ name: 'app', image: 'x', ports: [{ containerPort: 'http' }] }] },
        },
      },
    };
    expect(schemaProblems(deployment).join()).toMatch(/containerPort must be integer/);
    expect(schemaProblems({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'loose' } })).toEqual([
      'Pod loose: unknown kind v1/Pod',
    ]);
  });

  it('counts the connections of the workers process from its modules', () => {
    // Seven modules' pools (catalog 2, customer 4, order 4, pricing 4, promotion 10, review 4,
    // warehouse 4 and stock alerts 2) and the LISTEN connection: the figure the README gives.
    expect(workersConnections()).toBe(35);
  });
});
