import { Dispatcher, request } from 'undici';
import type { GraphErrorResponse, GraphMarkReadRequest, GraphSendMessageRequest, GraphSendMessageResponse, GraphSuccessResponse } from './graph-api.types';

export interface WhatsAppEndpoint {
  /** `https://graph.facebook.com` or the sandbox's address. */
  apiUrl: string;
  /** `v23.0` */
  apiVersion: string;
  phoneNumberId: string;
  accessToken: string;
}

/**
 * The Graph API answered with an error (HTTP 4xx/5xx), or gave no answer (`httpStatus` 0). With no answer,
 * `outcomeUnknown` says whether the request may still have reached WhatsApp (a timeout, a dropped connection) as
 * opposed to never having left (connection refused, name not resolved).
 */
export class WhatsAppApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number | undefined,
    message: string,
    readonly subcode?: number,
    readonly details?: string,
    readonly outcomeUnknown = false,
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
  headers: Record<string, string> = {},
): Promise<{ providerMessageId: string; response: GraphSendMessageResponse }> {
  const url = `${endpoint.apiUrl.replace(/\/$/, '')}/${endpoint.apiVersion}/${encodeURIComponent(endpoint.phoneNumberId)}/messages`;
  // undici's request, not fetch: the same client underneath without the web-streams layer, whose cost on every
  // call shows in the dispatcher's CPU under load (docs/benchmarks.md).
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${endpoint.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = describeFetchFailure(error);
    throw new WhatsAppApiError(0, undefined, `WhatsApp API gave no answer: ${reason.text}`, undefined, undefined, !reason.neverSent);
  }
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    // The answer was cut off mid-body: WhatsApp may well have taken the message.
    throw new WhatsAppApiError(0, undefined, `WhatsApp API answer cut off: ${describeFetchFailure(error).text}`, undefined, undefined, true);
  }
  const json = parseJson(text);
  if (response.statusCode < 200 || response.statusCode > 299) {
    const error = (json as GraphErrorResponse | undefined)?.error;
    throw new WhatsAppApiError(
      response.statusCode,
      error?.code,
      error?.message ?? `WhatsApp API answered HTTP ${response.statusCode}`,
      error?.error_subcode,
      error?.error_data?.details,
    );
  }
  const providerMessageId = (json as GraphSendMessageResponse | undefined)?.messages?.[0]?.id;
  if (!providerMessageId) {
    throw new WhatsAppApiError(response.statusCode, undefined, 'WhatsApp API answered without a message id');
  }
  return { providerMessageId, response: json as GraphSendMessageResponse };
}

/**
 * Marks a customer's message read (its blue ticks), and with `typingIndicator` shows them a reply is being typed: a
 * status update on the same `/messages` edge as a send (Meta's MarkMessageRequestPayload).
 */
export async function markMessageRead(
  endpoint: WhatsAppEndpoint,
  read: { messageId: string; typingIndicator?: boolean },
  timeoutMs = 10_000,
): Promise<void> {
  const url = `${endpoint.apiUrl.replace(/\/$/, '')}/${endpoint.apiVersion}/${encodeURIComponent(endpoint.phoneNumberId)}/messages`;
  const body: GraphMarkReadRequest = {
    messaging_product: 'whatsapp',
    status: 'read',
    message_id: read.messageId,
    ...(read.typingIndicator ? { typing_indicator: { type: 'text' } } : {}),
  };
  let response: Dispatcher.ResponseData;
  let text: string;
  try {
    response = await request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.body.text();
  } catch (error) {
    throw new WhatsAppApiError(0, undefined, `WhatsApp API gave no answer: ${describeFetchFailure(error).text}`);
  }
  const json = parseJson(text);
  if (response.statusCode < 200 || response.statusCode > 299) {
    const error = (json as GraphErrorResponse | undefined)?.error;
    throw new WhatsAppApiError(
      response.statusCode,
      error?.code,
      error?.message ?? `WhatsApp API answered HTTP ${response.statusCode}`,
      error?.error_subcode,
      error?.error_data?.details,
    );
  }
  if ((json as Partial<GraphSuccessResponse> | undefined)?.success !== true) {
    throw new WhatsAppApiError(response.statusCode, undefined, 'WhatsApp API did not confirm the read receipt');
  }
}

/** Errors that prove the request never left this machine, so trying again cannot send twice. */
const neverSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Duck-typed: errors may come from another realm (as under jest); the code is on the error or on its cause. */
function describeFetchFailure(error: unknown): { text: string; neverSent: boolean } {
  const { name, message, code: ownCode, cause } = (error ?? {}) as { name?: string; message?: string; code?: unknown; cause?: { code?: string } };
  if (name === 'TimeoutError') return { text: 'timed out', neverSent: false };
  const code = typeof ownCode === 'string' ? ownCode : cause?.code;
  return { text: code ? `${message ?? 'request failed'} (${code})` : (message ?? String(error)), neverSent: code !== undefined && neverSentCodes.has(code) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
