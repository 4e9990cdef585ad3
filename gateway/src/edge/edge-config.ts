import { z } from 'zod';
import { collectSettings } from '../../../shared/config.js';
import { setting } from '../setting-schemas.js';
import { parseTrustedProxies } from './client-address.js';

type Env = Record<string, string | undefined>;

export interface EdgeSwitchConfig {
  /** EDGE=off (benchmarks only) leaves out everything but the client address and the body parser. */
  enabled: boolean;
  /** Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES, comma-separated addresses). */
  trustedProxies: ReadonlySet<string>;
}

export const edgeSwitchSettings = {
  EDGE: setting<boolean>(true, (text) =>
    text === 'on' || text === 'off' ? { value: text === 'on' } : { problem: `must be "on" or "off", got "${text}"` },
  ),
  TRUSTED_PROXIES: z.string().optional().transform(parseTrustedProxies),
};

export function readEdgeSwitchConfig(env: Env, problems: string[]): EdgeSwitchConfig {
  const values = collectSettings(env, edgeSwitchSettings, problems);
  return { enabled: values.EDGE, trustedProxies: values.TRUSTED_PROXIES };
}
