import { buildQuery, type ApiClient } from './client';
import type {
  BalanceView,
  ApiKeyInfo,
  ApiKeyList,
  CampaignList,
  CampaignPreview,
  ConsentHistory,
  Conversation,
  InboxPage,
  PasswordOnce,
  PasswordReset,
  StaffUser,
  CampaignWithStats,
  Contact,
  ContactPage,
  Health,
  ImportReport,
  InboundMessage,
  MessagePage,
  MessageStage,
  MessageState,
  MessageType,
  NewCampaign,
  OutboxMessageView,
  Overview,
  PreviewRequest,
  SandboxBalance,
  SentMessage,
  SessionInfo,
  Settings,
  SettingsUpdate,
  TagCount,
  UserList,
} from './types';

export interface ContactQuery {
  search?: string;
  tags?: string[];
  optedOut?: boolean;
  limit?: number;
  offset?: number;
}

export interface NewContact {
  phone: string;
  name?: string;
  tags?: string[];
  fields?: Record<string, string>;
}

export interface ContactPatch {
  /** null clears the name. */
  name?: string | null;
  tags?: string[];
  fields?: Record<string, string>;
}

export interface MessageQuery {
  campaignId?: number;
  state?: MessageState;
  /** What staff see (shownAs.stage); the server splits failed into failed and not delivered. */
  stage?: MessageStage;
  phone?: string;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export type CampaignAction = 'start' | 'pause' | 'resume' | 'cancel';

/** One typed function per endpoint of the HTTP API. */
export function createCafeApi(client: ApiClient) {
  const id = (value: number) => encodeURIComponent(String(value));
  return {
    health: () => client.get<Health>('/api/health'),
    auth: {
      login: (username: string, password: string) =>
        client.post<SessionInfo>('/api/auth/login', { username, password }, { expectUnauthorized: true }),
      logout: () => client.post<void>('/api/auth/logout'),
      me: () => client.get<SessionInfo>('/api/auth/me', { expectUnauthorized: true }),
    },
    overview: () => client.get<Overview>('/api/overview'),
    balance: () => client.get<BalanceView>('/api/balance'),
    contacts: {
      list: (query: ContactQuery, signal?: AbortSignal) =>
        client.get<ContactPage>('/api/contacts', {
          query: {
            search: query.search,
            tag: query.tags,
            optedOut: query.optedOut,
            limit: query.limit,
            offset: query.offset,
          },
          ...(signal ? { signal } : {}),
        }),
      get: (contactId: number) => client.get<Contact>(`/api/contacts/${id(contactId)}`),
      create: (contact: NewContact) => client.post<Contact>('/api/contacts', contact),
      update: (contactId: number, patch: ContactPatch) => client.patch<Contact>(`/api/contacts/${id(contactId)}`, patch),
      /** An opted-out contact is removed only with forgetOptOut (its opt-out goes with it). */
      remove: (contactId: number, options: { forgetOptOut?: boolean } = {}) =>
        client.delete<void>(`/api/contacts/${id(contactId)}${options.forgetOptOut === true ? '?forgetOptOut=true' : ''}`),
      optOut: (contactId: number, reason?: string) =>
        client.post<Contact>(`/api/contacts/${id(contactId)}/opt-out`, reason ? { reason } : {}),
      /** Only with the reason the customer is messaged again (e.g. "asked at the counter"). */
      optIn: (contactId: number, reason: string) => client.post<Contact>(`/api/contacts/${id(contactId)}/opt-in`, { reason }),
      consentHistory: (contactId: number) => client.get<ConsentHistory>(`/api/contacts/${id(contactId)}/consent`),
      importCsv: (csv: string | Blob, tag?: string) =>
        client
          .request<ImportReport>('POST', '/api/contacts/import', {
            body: csv,
            contentType: 'text/csv',
            query: { tag },
          })
          .then((response) => response.data),
      /** The CSV export of the contacts with any of `tags` (all contacts when none). */
      exportUrl: (tags: readonly string[] = []) => `/api/contacts/export${buildQuery({ tag: [...tags] })}`,
    },
    tags: () => client.get<TagCount[]>('/api/tags'),
    campaigns: {
      list: () => client.get<CampaignList>('/api/campaigns'),
      get: (campaignId: number) => client.get<CampaignWithStats>(`/api/campaigns/${id(campaignId)}`),
      create: (campaign: NewCampaign) => client.post<CampaignWithStats>('/api/campaigns', campaign),
      preview: (request: PreviewRequest, signal?: AbortSignal) =>
        client.post<CampaignPreview>('/api/campaigns/preview', request, signal ? { signal } : {}),
      storedPreview: (campaignId: number) => client.get<CampaignPreview>(`/api/campaigns/${id(campaignId)}/preview`),
      schedule: (campaignId: number, at: string) => client.post<CampaignWithStats>(`/api/campaigns/${id(campaignId)}/schedule`, { at }),
      act: (campaignId: number, action: CampaignAction) => client.post<CampaignWithStats>(`/api/campaigns/${id(campaignId)}/${action}`, {}),
    },
    messages: {
      list: (query: MessageQuery) => client.get<MessagePage>('/api/messages', { query: { ...query } }),
      get: (messageId: number) => client.get<OutboxMessageView>(`/api/messages/${id(messageId)}`),
      send: (phone: string, message: string, idempotencyKey?: string, type: MessageType = 'text') =>
        client.post<SentMessage>(
          '/api/messages',
          { phone, message, type },
          idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey } } : {},
        ),
    },
    inbound: (query: { limit?: number; offset?: number }) => client.get<InboxPage>('/api/inbound', { query: { ...query } }),
    conversation: (phone: string) => client.get<Conversation>('/api/inbound/conversation', { query: { phone } }),
    users: {
      list: () => client.get<UserList>('/api/users'),
      add: (username: string, role: StaffUser['role']) => client.post<PasswordOnce>('/api/users', { username, role }),
      resetPassword: (userId: number) => client.post<PasswordReset>(`/api/users/${id(userId)}/reset-password`, {}),
      remove: (userId: number) => client.delete<void>(`/api/users/${id(userId)}`),
    },
    apiKeys: {
      list: () => client.get<ApiKeyList>('/api/api-keys'),
      revoke: (keyId: number) => client.post<ApiKeyInfo>(`/api/api-keys/${id(keyId)}/revoke`, {}),
    },
    settings: {
      get: () => client.get<Settings>('/api/settings'),
      update: (update: SettingsUpdate) => client.put<Settings>('/api/settings', update),
    },
    sandbox: {
      injectInbound: (phone: string, message: string) => client.post<InboundMessage>('/api/sandbox/inbound', { phone, message }),
      /** null: unlimited. */
      setBalance: (units: number | null) => client.post<SandboxBalance>('/api/sandbox/balance', { units }),
    },
  };
}

export type CafeApi = ReturnType<typeof createCafeApi>;
