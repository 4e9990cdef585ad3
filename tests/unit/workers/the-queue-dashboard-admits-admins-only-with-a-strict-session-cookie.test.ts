import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/config.js';
import {
  clearedSessionCookieHeader,
  isSameOriginRequest,
  mayUseDashboard,
  SESSION_COOKIE,
  sessionCookieHeader,
  sessionIdFromCookies,
} from '../../../workers/src/queue-dashboard/admission.js';
import { loadQueueDashboardSettings } from '../../../workers/src/queue-dashboard/dashboard-settings.js';

const ID = 'q'.repeat(43);

describe('who may use the queue dashboard', () => {
  it('is an admin, whatever other roles they hold', () => {
    expect(mayUseDashboard({ subject: 'staff-1', roles: ['admin'] })).toBe(true);
    expect(mayUseDashboard({ subject: 'staff-1', roles: ['support', 'admin'] })).toBe(true);
  });

  it('is nobody else: other staff, customers, services and the anonymous', () => {
    for (const role of ['support', 'warehouse_admin', 'order_admin', 'customer', 'service'] as const) {
      expect(mayUseDashboard({ subject: 'someone', roles: [role] }), role).toBe(false);
    }
    expect(mayUseDashboard({ subject: null, roles: ['admin'] })).toBe(false);
    expect(mayUseDashboard({ subject: 'staff-1', roles: [] })).toBe(false);
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, Secure, SameSite=Strict and kept to the dashboard path for its lifetime', () => {
    const header = sessionCookieHeader(ID, 900);
    const [pair, ...attributes] = header.split('; ');
    expect(pair).toBe(`${SESSION_COOKIE}=${ID}`);
    expect(attributes.sort()).toEqual(['HttpOnly', 'Max-Age=900', 'Path=/admin/queues', 'SameSite=Strict', 'Secure']);
  });

  it('is dropped at sign-out by the same name, path and attributes with no value and no time left', () => {
    const [pair, ...attributes] = clearedSessionCookieHeader().split('; ');
    expect(pair).toBe(`${SESSION_COOKIE}=`);
    expect(attributes.sort()).toEqual(['HttpOnly', 'Max-Age=0', 'Path=/admin/queues', 'SameSite=Strict', 'Secure']);
  });

  it('is read back from a Cookie header among others', () => {
    expect(sessionIdFromCookies(`theme=dark; ${SESSION_COOKIE}=${ID}; x=1`)).toBe(ID);
  });

  it('is ignored when missing or not shaped like a session id', () => {
    expect(sessionIdFromCookies(undefined)).toBeUndefined();
    expect(sessionIdFromCookies('theme=dark')).toBeUndefined();
    expect(sessionIdFromCookies(`${SESSION_COOKIE}=short`)).toBeUndefined();
    expect(sessionIdFromCookies(`${SESSION_COOKIE}=${'q'.repeat(42)};`)).toBeUndefined();
    expect(sessionIdFromCookies(`${SESSION_COOKIE}=${'q'.repeat(42)}"`)).toBeUndefined();
  });
});

describe('a sign-in POST', () => {
  it('is taken from the dashboard’s own page, or from a client that names no page', () => {
    expect(isSameOriginRequest('http://127.0.0.1:4010', '127.0.0.1:4010')).toBe(true);
    expect(isSameOriginRequest('https://Ops.Example.com', 'ops.example.com')).toBe(true);
    expect(isSameOriginRequest(undefined, '127.0.0.1:4010')).toBe(true);
  });

  it('is refused from any other site, a sandboxed page or without a Host', () => {
    expect(isSameOriginRequest('https://evil.example', 'ops.example.com')).toBe(false);
    expect(isSameOriginRequest('http://127.0.0.1:4011', '127.0.0.1:4010')).toBe(false);
    expect(isSameOriginRequest('null', 'ops.example.com')).toBe(false);
    expect(isSameOriginRequest('https://ops.example.com', undefined)).toBe(false);
  });
});

describe('QUEUE_DASHBOARD_SESSION_SECONDS', () => {
  it('defaults to 15 minutes', () => {
    expect(loadQueueDashboardSettings({})).toEqual({ sessionSeconds: 900 });
    expect(loadQueueDashboardSettings({ QUEUE_DASHBOARD_SESSION_SECONDS: '' })).toEqual({ sessionSeconds: 900 });
  });

  it('takes whole seconds up to a day', () => {
    expect(loadQueueDashboardSettings({ QUEUE_DASHBOARD_SESSION_SECONDS: '3600' })).toEqual({ sessionSeconds: 3600 });
  });

  it('names the variable when it is out of range or not a number', () => {
    const problemsOf = (value: string) => {
      try {
        loadQueueDashboardSettings({ QUEUE_DASHBOARD_SESSION_SECONDS: value });
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      throw new Error(`${value} was taken`);
    };
    expect(problemsOf('0')).toEqual(['QUEUE_DASHBOARD_SESSION_SECONDS must be between 1 and 86400 seconds']);
    expect(problemsOf('86401')).toEqual(['QUEUE_DASHBOARD_SESSION_SECONDS must be between 1 and 86400 seconds']);
    expect(problemsOf('1.5')).toEqual(['QUEUE_DASHBOARD_SESSION_SECONDS must be a whole number of seconds']);
    expect(problemsOf('soon')).toEqual(['QUEUE_DASHBOARD_SESSION_SECONDS must be a whole number of seconds']);
  });
});
