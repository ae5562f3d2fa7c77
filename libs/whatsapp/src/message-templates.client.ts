import type { GraphMessageTemplate, GraphPagedResponse } from './graph-api.types';
import { WhatsAppApiError } from './whatsapp-api.client';

/** Every message template of a WhatsApp Business Account, following the Graph API's pages. */
export async function listMessageTemplates(
  endpoint: { apiUrl: string; apiVersion: string; accessToken: string },
  wabaId: string,
  timeoutMs = 10_000,
): Promise<GraphMessageTemplate[]> {
  const templates: GraphMessageTemplate[] = [];
  const first = `${endpoint.apiUrl.replace(/\/$/, '')}/${endpoint.apiVersion}/${encodeURIComponent(wabaId)}/message_templates?limit=100`;
  const origin = new URL(first).origin;
  let next: string | undefined = first;
  for (let page = 0; next && page < 1_000; page += 1) {
    // The bearer token goes to the configured Graph API host only, whatever a page says comes next.
    const target = new URL(next, first);
    if (target.origin !== origin) {
      throw new WhatsAppApiError(0, undefined, `WhatsApp's next page of templates is at ${target.origin}, not at ${origin}: not followed`);
    }
    next = target.toString();
    let response: Response;
    try {
      response = await fetch(next, { headers: { authorization: `Bearer ${endpoint.accessToken}` }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new WhatsAppApiError(0, undefined, `WhatsApp API unreachable: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => undefined)) as
      | (GraphPagedResponse<GraphMessageTemplate> & { error?: { code: number; message: string } })
      | undefined;
    if (!response.ok || !body) {
      throw new WhatsAppApiError(response.status, body?.error?.code, body?.error?.message ?? `WhatsApp API answered HTTP ${response.status}`);
    }
    templates.push(...body.data);
    next = body.paging?.next;
  }
  return templates;
}
