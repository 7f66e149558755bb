import type { AppDeps } from '../app-deps.js';
import { defineRoute, type Route } from '../route.js';
import { COMMON_ERRORS } from '../schemas.js';
import { readSettings, settingsPatchSchema, toSettingsView, updateSettings } from '../../settings/index.js';
import { settingsViewSchema } from './settings-schemas.js';

export function settingsRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/settings',
      tag: 'settings',
      access: 'user',
      summary: 'The settings in force (stored changes over the configuration)',
      responses: { 200: { description: 'Settings', schema: settingsViewSchema }, 401: COMMON_ERRORS[401] },
      handler: async () => toSettingsView(await readSettings(deps.db, deps.config), deps.mode),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/settings',
      tag: 'settings',
      access: 'admin',
      summary: 'Change sender id, pace, quiet hours or the opt-out line; the worker restarts with them',
      body: settingsPatchSchema,
      responses: { 200: { description: 'The settings now in force', schema: settingsViewSchema }, ...COMMON_ERRORS },
      handler: async ({ body }) => {
        const settings = await updateSettings(deps.db, deps.config, body, deps.now());
        await deps.onSettingsChanged(settings);
        return toSettingsView(settings, deps.mode);
      },
    }),
  ];
}
