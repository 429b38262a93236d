import { describe, expect, it } from 'vitest';
import { isLoopback, ownOrigins, readConfig } from '../../server/config.ts';

describe('readConfig()', () => {
  it('uses the defaults', () => {
    expect(readConfig({}, {})).toEqual({
      ok: true,
      config: { port: 3000, host: '127.0.0.1', dataDir: './data', rulesFile: 'rules/gestures.yaml', allowedOrigins: null, rateLimit: { burst: 60, perSecond: 5 }, checkpoints: { every: 1000, minutes: 60 } },
    });
  });
  it('reads the environment; flags win', () => {
    const env = { PORT: '4000', HOST: 'localhost', DATA_DIR: '/var/mg', RULES_FILE: '/etc/mg.yaml', ALLOWED_ORIGINS: 'https://desk.example.com, http://127.0.0.1:4000', WEBHOOK_URL: 'https://hooks.example.com/x', RATE_LIMIT: '10/1' };
    const r = readConfig({ port: '5000' }, env);
    expect(r).toEqual({
      ok: true,
      config: {
        port: 5000,
        host: 'localhost',
        dataDir: '/var/mg',
        rulesFile: '/etc/mg.yaml',
        allowedOrigins: ['https://desk.example.com', 'http://127.0.0.1:4000'],
        webhookUrl: 'https://hooks.example.com/x',
        rateLimit: { burst: 10, perSecond: 1 },
        checkpoints: { every: 1000, minutes: 60 },
      },
    });
    expect(readConfig({ 'rate-limit': 'off' }, {})).toMatchObject({ ok: true, config: { rateLimit: false } });
  });
  it('names every bad setting and where it came from', () => {
    const r = readConfig({ host: 'bad host' }, { PORT: '-1', ALLOWED_ORIGINS: 'https://ok.example.com,https://x.example.com/path', WEBHOOK_URL: 'nope' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(4);
    expect(r.problems[0]).toMatch(/^PORT: "-1"/);
    expect(r.problems[1]).toMatch(/^--host: "bad host"/);
    expect(r.problems[2]).toMatch(/^ALLOWED_ORIGINS: "https:\/\/x.example.com\/path"/);
    expect(r.problems[3]).toMatch(/^WEBHOOK_URL: "nope"/);
  });
  it('knows loopback hosts and a server’s own origins', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '192.168.1.5', 'desk.example.com', '::'].some(isLoopback)).toBe(false);
    expect(ownOrigins('127.0.0.1', 3000)).toEqual(['http://127.0.0.1:3000', 'http://localhost:3000']);
    expect(ownOrigins('desk.example.com', 80)).toEqual(['http://desk.example.com']);
    expect(ownOrigins('desk.example.com', 8080)).toEqual(['http://desk.example.com:8080']);
    expect(ownOrigins('::1', 3000)[0]).toBe('http://[::1]:3000');
  });
});
