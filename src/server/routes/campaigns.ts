import * as z from 'zod';
import {
  campaignStats,
  cancelCampaign,
  createCampaign,
  listCampaigns,
  pauseCampaign,
  previewCampaign,
  previewTemplate,
  quietHoursHoldUntil,
  resumeCampaign,
  scheduleCampaign,
  startCampaign,
  type AudiencePreview,
  type CampaignStats,
} from '../../campaigns/index.js';
import type { AppDeps } from '../app-deps.js';
import { blamingField, invalidField } from '../errors.js';
import { defineRoute, type Route } from '../route.js';
import { COMMON_ERRORS, errorBodySchema, idParams, isoDateTimeSchema } from '../schemas.js';
import { readSettings } from '../../settings/index.js';
import {
  campaignListSchema,
  campaignWithStatsSchema,
  createCampaignBody,
  noBody,
  previewCampaignBody,
  previewSchema,
} from './campaign-schemas.js';

/**
 * The campaign as the API contract names it (audienceTags) with its statistics, and until when
 * quiet hours hold its messages (null when they do not).
 */
export function toCampaignWithStats(stats: CampaignStats, quietHoursUntil: string | null) {
  return { ...stats, campaign: { ...stats.campaign, audienceTags: stats.campaign.tags }, quietHoursUntil };
}

export async function campaignWithStats(deps: Pick<AppDeps, 'db' | 'config' | 'now'>, id: number) {
  const stats = await campaignStats(deps.db, id);
  const { quietHours } = await readSettings(deps.db, deps.config);
  return toCampaignWithStats(stats, quietHoursHoldUntil(stats.campaign, quietHours, deps.now()));
}

function previewView(preview: AudiencePreview) {
  return {
    recipients: preview.recipients,
    excluded: preview.excluded,
    tooLong: preview.tooLong,
    byEncoding: preview.byEncoding,
    segments: preview.segments,
    samples: preview.samples,
  };
}

const notFoundResponse = { description: 'No such campaign', schema: errorBodySchema };
const conflictResponse = { description: 'Not possible in the campaign’s current state', schema: errorBodySchema };

export function campaignRoutes(deps: AppDeps): Route[] {
  const transitionRoute = (action: 'start' | 'pause' | 'resume' | 'cancel', summary: string) =>
    defineRoute({
      method: 'POST',
      url: `/api/campaigns/:id/${action}`,
      tag: 'campaigns',
      access: 'user',
      summary,
      params: idParams,
      body: noBody,
      responses: {
        200: { description: 'The campaign now', schema: campaignWithStatsSchema },
        ...COMMON_ERRORS,
        404: notFoundResponse,
        409: conflictResponse,
      },
      handler: async ({ params }) => {
        const transition = { start: startCampaign, pause: pauseCampaign, resume: resumeCampaign, cancel: cancelCampaign }[action];
        await transition(deps.db, params.id, { now: deps.now });
        return campaignWithStats(deps, params.id);
      },
    });

  return [
    defineRoute({
      method: 'GET',
      url: '/api/campaigns',
      tag: 'campaigns',
      access: 'user',
      summary: 'Every campaign with its statistics, newest first',
      responses: { 200: { description: 'Campaigns', schema: campaignListSchema }, 401: COMMON_ERRORS[401] },
      handler: async () => {
        const items = [];
        for (const campaign of await listCampaigns(deps.db)) items.push(await campaignWithStats(deps, campaign.id));
        return { items };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/campaigns',
      tag: 'campaigns',
      access: 'user',
      summary: 'Create a campaign (draft, or scheduled when scheduledAt is given)',
      description:
        'Template placeholders: {{name}}, {{first_name}}, {{phone}}, custom fields, {{field|fallback}}. An unknown one is a 400.',
      body: createCampaignBody,
      responses: { 201: { description: 'Created', schema: campaignWithStatsSchema }, ...COMMON_ERRORS },
      handler: async ({ body }, _request, reply) => {
        const now = deps.now();
        const scheduledAt = body.scheduledAt === undefined ? undefined : new Date(body.scheduledAt);
        if (scheduledAt !== undefined && scheduledAt.getTime() <= now.getTime()) {
          throw invalidField('scheduledAt', 'must be in the future; to send now, create the campaign and start it', body.scheduledAt);
        }
        const settings = await readSettings(deps.db, deps.config);
        const campaign = await blamingField('template', () =>
          createCampaign(
            deps.db,
            {
              name: body.name,
              template: body.template,
              type: body.type,
              tags: body.tags,
              transactional: body.transactional,
              ...(scheduledAt === undefined ? {} : { scheduledAt }),
            },
            {
              optOutText: settings.optOutText,
              now: deps.now,
              defaultCountry: deps.config.defaultCountry,
              maxSegments: deps.config.maxSegments,
            },
          ),
        );
        reply.code(201);
        return campaignWithStats(deps, campaign.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/campaigns/preview',
      tag: 'campaigns',
      access: 'user',
      summary: 'Live preview for the composer: recipients, exclusions, encodings, segments and rendered samples',
      body: previewCampaignBody,
      responses: {
        200: { description: 'Preview', schema: previewSchema },
        ...COMMON_ERRORS,
        404: { description: 'No such contact', schema: errorBodySchema },
      },
      handler: async ({ body }) => {
        const settings = await readSettings(deps.db, deps.config);
        const preview = await blamingField('template', () =>
          previewTemplate(
            deps.db,
            {
              template: body.template,
              type: body.type,
              tags: body.tags,
              transactional: body.transactional,
              ...(body.contactId === undefined ? {} : { contactId: body.contactId }),
            },
            { optOutText: settings.optOutText, defaultCountry: deps.config.defaultCountry, maxSegments: deps.config.maxSegments },
          ),
        );
        return previewView(preview);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/campaigns/:id',
      tag: 'campaigns',
      access: 'user',
      summary: 'One campaign with its statistics',
      params: idParams,
      responses: { 200: { description: 'The campaign', schema: campaignWithStatsSchema }, ...COMMON_ERRORS, 404: notFoundResponse },
      handler: async ({ params }) => campaignWithStats(deps, params.id),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/campaigns/:id/preview',
      tag: 'campaigns',
      access: 'user',
      summary: 'What the stored campaign would send now',
      params: idParams,
      responses: { 200: { description: 'Preview', schema: previewSchema }, ...COMMON_ERRORS, 404: notFoundResponse },
      handler: async ({ params }) =>
        previewView(
          await previewCampaign(deps.db, params.id, { defaultCountry: deps.config.defaultCountry, maxSegments: deps.config.maxSegments }),
        ),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/campaigns/:id/schedule',
      tag: 'campaigns',
      access: 'user',
      summary: 'Schedule (or re-schedule) a draft or scheduled campaign',
      params: idParams,
      body: z.strictObject({ at: isoDateTimeSchema }),
      responses: {
        200: { description: 'The campaign now', schema: campaignWithStatsSchema },
        ...COMMON_ERRORS,
        404: notFoundResponse,
        409: conflictResponse,
      },
      handler: async ({ params, body }) => {
        await blamingField('at', () => scheduleCampaign(deps.db, params.id, new Date(body.at), { now: deps.now }));
        return campaignWithStats(deps, params.id);
      },
    }),
    transitionRoute('start', 'Start sending now (draft or scheduled)'),
    transitionRoute('pause', 'Pause a running campaign (messages already on their way finish)'),
    transitionRoute('resume', 'Resume a paused campaign'),
    transitionRoute('cancel', 'Cancel: messages still queued are not sent'),
  ];
}
