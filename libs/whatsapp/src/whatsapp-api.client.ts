import type { GraphErrorResponse, GraphSendMessageRequest, GraphSendMessageResponse } from './graph-api.types';

export interface WhatsAppEndpoint {
  /** `https://graph.facebook.com` or the sandbox's address. */
  apiUrl: string;
  /** `v23.0` */
  apiVersion: string;
  phoneNumberId: string;
  accessToken: string;
}

/** The Graph API answered with an error (HTTP 4xx/5xx), or could not be reached at all (`httpStatus` 0). */
export class WhatsAppApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number | undefined,
    message: string,
    readonly subcode?: number,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'WhatsAppApiError';
  }
}

/** Sends one message through the WhatsApp Cloud API; returns its `wamid`. */
export async function sendWhatsAppMessage(
  endpoint: WhatsAppEndpoint,
  body: GraphSendMessageRequest,
  timeoutMs = 10_000,
): Promise<{ providerMessageId: string; response: GraphSendMessageResponse }> {
  const url = `${endpoint.apiUrl.replace(/\/$/, '')}/${endpoint.apiVersion}/${encodeURIComponent(endpoint.phoneNumberId)}/messages`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new WhatsAppApiError(0, undefined, `WhatsApp API unreachable: ${(error as Error).message}`);
  }
  const text = await response.text();
  const json = parseJson(text);
  if (!response.ok) {
    const error = (json as GraphErrorResponse | undefined)?.error;
    throw new WhatsAppApiError(
      response.status,
      error?.code,
      error?.message ?? `WhatsApp API answered HTTP ${response.status}`,
      error?.error_subcode,
      error?.error_data?.details,
    );
  }
  const providerMessageId = (json as GraphSendMessageResponse | undefined)?.messages?.[0]?.id;
  if (!providerMessageId) {
    throw new WhatsAppApiError(response.status, undefined, 'WhatsApp API answered without a message id');
  }
  return { providerMessageId, response: json as GraphSendMessageResponse };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
