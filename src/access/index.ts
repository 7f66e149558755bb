/**
 * Who may use the web API: users with scrypt-hashed passwords, browser sessions (cookie token +
 * CSRF synchroniser token) and API keys for machines. Nothing secret is stored in clear.
 */
export {
  authenticate,
  changePassword,
  checkUsername,
  createUser,
  ensureAdmin,
  listUsers,
  type Clock,
  type EnsureAdminResult,
  type User,
} from './users.js';
export { DEFAULT_SESSION_TTL_MS, endSession, findSession, startSession, type LiveSession, type NewSession } from './sessions.js';
export { checkApiKeyName, createApiKey, findApiKey, listApiKeys, revokeApiKey, revokeApiKeyWithId, type ApiKey } from './api-keys.js';
export { addUser, removeUser, resetPassword, type AddedUser } from './manage-users.js';
export { checkPasswordRules, generatePassword, hashPassword, verifyPassword, PASSWORD_MIN_LENGTH } from './passwords.js';
export { randomToken, sha256Hex } from './tokens.js';
export { USER_ROLES, type UserRole } from '../store/index.js';
