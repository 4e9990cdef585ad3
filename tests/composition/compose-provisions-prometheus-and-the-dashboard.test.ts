import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envPrefix, SUBGRAPH_NAMES } from '../../shared/services.js';
import { DASHBOARD_PATH, dashboardQueries } from '../support/dashboard-metrics.js';

interface ComposeService {
  image?: string;
  environment?: Record<string, string>;
  volumes?: string[];
}

const compose = parse(readFileSync('compose.yaml', 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const prometheus = parse(readFileSync('deploy/prometheus/prometheus.yml', 'utf8')) as {
  scrape_configs: { job_name: string; dns_sd_configs: { names: string[]; port: number }[] }[];
};

/** `./host/path:/container/path:ro` → its parts. */
const mountsOf = (service: string) =>
  (compose.services[service]?.volumes ?? [])
    .map((volume) => volume.split(':'))
    .filter(([host]) => host?.startsWith('./'))
    .map(([host = '', container = '', mode]) => ({ host, container, mode }));

/** The port a service listens on, from its `<NAME>_PORT` variable in compose.yaml. */
const portOf = (service: string) => {
  const variable =
    service === 'gateway' || service === 'workers'
      ? `${service.toUpperCase()}_PORT`
      : `${envPrefix(service as (typeof SUBGRAPH_NAMES)[number])}_PORT`;
  return Number(compose.services[service]?.environment?.[variable]);
};

describe('compose.yaml with Prometheus and Grafana', () => {
  it('pins their images and mounts every provisioning file read-only, each of which exists', () => {
    for (const service of ['prometheus', 'grafana']) {
      expect(compose.services[service]?.image).toMatch(/:v?\d+\.\d+\.\d+$/);
      const mounts = mountsOf(service);
      expect(mounts.length).toBeGreaterThan(0);
      for (const mount of mounts) {
        expect(existsSync(mount.host), `${service} mounts ${mount.host}`).toBe(true);
        expect(mount.mode).toBe('ro');
      }
    }
    expect(
      mountsOf('grafana')
        .map((mount) => mount.host)
        .sort(),
    ).toEqual(
      [
        './deploy/grafana/dashboards',
        './deploy/grafana/provisioning/dashboards',
        './deploy/grafana/provisioning/datasources',
      ].sort(),
    );
    expect(statSync('deploy/grafana/dashboards').isDirectory()).toBe(true);
    expect(existsSync(DASHBOARD_PATH)).toBe(true);
  });

  it('scrapes the gateway, every subgraph and the workers at the port each listens on', () => {
    const services = ['gateway', ...SUBGRAPH_NAMES, 'workers'];
    const scraped = Object.fromEntries(
      prometheus.scrape_configs.flatMap((job) =>
        job.dns_sd_configs.flatMap((sd) => sd.names.map((name) => [name, sd.port])),
      ),
    );
    expect(Object.keys(scraped).sort()).toEqual([...services].sort());
    for (const service of services) {
      expect(portOf(service), service).toBeGreaterThan(0);
      expect(scraped[service], service).toBe(portOf(service));
    }
  });

  it('gives Grafana the Prometheus datasource the dashboard asks for, and loads the dashboard from its mount', () => {
    const datasources = parse(readFileSync('deploy/grafana/provisioning/datasources/prometheus.yaml', 'utf8')) as {
      datasources: { uid: string; url: string }[];
    };
    const dashboard = JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8')) as {
      panels: { datasource?: { uid: string }; targets?: { datasource?: { uid: string } }[] }[];
    };
    const uids = new Set(
      dashboard.panels.flatMap((panel) => [
        ...(panel.datasource ? [panel.datasource.uid] : []),
        ...(panel.targets ?? []).flatMap((target) => (target.datasource ? [target.datasource.uid] : [])),
      ]),
    );
    expect([...uids]).toEqual([datasources.datasources[0]?.uid]);
    expect(datasources.datasources[0]?.url).toBe('http://prometheus:9090');

    const providers = parse(readFileSync('deploy/grafana/provisioning/dashboards/dashboards.yaml', 'utf8')) as {
      providers: { options: { path: string } }[];
    };
    const dashboardsMount = mountsOf('grafana').find((mount) => mount.host === './deploy/grafana/dashboards');
    expect(providers.providers[0]?.options.path).toBe(dashboardsMount?.container);
    expect(dashboardQueries().length).toBeGreaterThan(10);
  });
});
