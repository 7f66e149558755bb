/**
 * The web side of cafe-sms: the JSON API under /api (described by /api/openapi.json) and the
 * dashboard (web/dist) at /. `buildApp` makes the fastify app without listening (tests use
 * `app.inject()`); `listen` puts it on a socket; `createWorkerRunner` runs the outbox worker beside it.
 *
 * Access: browsers sign in for an httpOnly, SameSite=Strict session cookie and echo the session's
 * CSRF token in X-CSRF-Token on every write; machines send `Authorization: Bearer <api key>`.
 * Passwords are scrypt hashes, session tokens and API keys SHA-256 digests: nothing usable as a
 * credential is stored, logged or put in a URL. Every error answers {statusCode, code, message, field?}.
 */
export { buildApp, type BuildAppOptions } from './build-app.js';
export { listen, type ListeningServer } from './listen.js';
export type { Mode, WorkerView } from './app-deps.js';
export { SESSION_COOKIE, CSRF_HEADER } from './auth/authenticate.js';
export type { Principal } from './auth/principal.js';
export { HTTP_STATUS_BY_CODE, toApiError, type ApiErrorBody } from './errors.js';
export { formatQuietHours, readSettings, updateSettings, type Settings, type SettingsPatch } from '../settings/index.js';
export { DEFAULT_WEB_ROOT } from './static-files.js';
export { createWorkerRunner, type WorkerRunner, type WorkerRunnerOptions } from './worker-runner.js';
