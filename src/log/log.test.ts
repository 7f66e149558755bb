import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.js';
import { createLogger, resolveLogLevel } from './index.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes JSON lines, with credentials blanked wherever they sit', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream });
    logger.info({ token: 'abc123', request: { authorization: 'Bearer abc123' }, key: new Secret('abc123') }, 'called the gateway');
    const line = JSON.parse(out.text()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, msg: 'called the gateway', token: '[redacted]', request: { authorization: '[redacted]' } });
    expect(out.text()).not.toContain('abc123');
  });

  it('writes readable lines for a person when pretty, still without credentials', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream, pretty: true, level: 'debug' });
    logger.warn({ token: 'abc123', batch: 7 }, 'slowing down');
    logger.debug('detail');
    const text = out.text();
    expect(text).toMatch(/^\[\d{2}:\d{2}:\d{2}\] WARN: slowing down\n/);
    expect(text).toContain('batch: 7');
    expect(text).toContain('DEBUG: detail');
    expect(text).not.toContain('abc123');
    expect(text).not.toContain('{"level"');
  });
});

describe('resolveLogLevel', () => {
  it('takes LOG_LEVEL when set, else the command default; --verbose asks for at least info', () => {
    expect(resolveLogLevel(undefined, 'warn')).toBe('warn');
    expect(resolveLogLevel('error', 'warn')).toBe('error');
    expect(resolveLogLevel(undefined, 'warn', true)).toBe('info');
    expect(resolveLogLevel('error', 'warn', true)).toBe('info');
    expect(resolveLogLevel('silent', 'warn', true)).toBe('info');
    expect(resolveLogLevel('debug', 'warn', true)).toBe('debug');
    expect(resolveLogLevel('trace', 'info', true)).toBe('trace');
  });
});
