// A local emulator of the OpenAI (Chat Completions, Responses), Anthropic (Messages) and
// Gemini (generateContent, streamGenerateContent) HTTP APIs, for driving the REAL provider
// SDKs in tests. Bodies and SSE events follow the SDKs' own type definitions
// (openai 6.49, @anthropic-ai/sdk 1.14, @google/genai 2.32). Loopback only.
//
// A test scripts the next response of an endpoint (usage numbers, model, behaviour); the
// emulator answers each request with the next script queued for its endpoint, in order.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

/** What the emulator does with a request. */
export type Behaviour =
  | { readonly kind: 'ok' }
  /** An error status with a provider-shaped error body (the SDKs must be told not to retry). */
  | { readonly kind: 'http-error'; readonly status: 500 | 429 }
  /** Streams: send `afterEvents` events, then destroy the socket. Non-streams: destroy it at once. */
  | { readonly kind: 'drop'; readonly afterEvents: number }
  /** Streams: send `afterEvents` events, then hang until the client goes away (or close()). */
  | { readonly kind: 'stall'; readonly afterEvents: number };

export const OK: Behaviour = { kind: 'ok' };

export type Endpoint = 'openai-chat' | 'openai-responses' | 'anthropic' | 'gemini';

/** Chat Completions usage, as the service reports it (prompt_tokens includes cached_tokens). */
export interface ChatUsageScript {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly cached_tokens?: number;
  readonly reasoning_tokens?: number;
}

/** Responses API usage (input_tokens includes cached_tokens; output_tokens includes reasoning). */
export interface ResponsesUsageScript {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cached_tokens?: number;
  readonly reasoning_tokens?: number;
}

/** The Anthropic `usage` object, as sent (input_tokens EXCLUDES cache reads and writes). */
export interface AnthropicUsageScript {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_read_input_tokens?: number;
  readonly cache_creation?: { readonly ephemeral_5m_input_tokens: number; readonly ephemeral_1h_input_tokens: number };
  readonly output_tokens_details?: { readonly thinking_tokens: number };
  readonly server_tool_use?: { readonly web_search_requests: number; readonly web_fetch_requests?: number };
  readonly service_tier?: 'standard' | 'priority' | 'batch';
  /** Compaction / server-side loops: each sampling iteration's usage (beta `usage.iterations`). */
  readonly iterations?: readonly AnthropicIteration[];
}

export interface AnthropicIteration {
  readonly type: 'compaction' | 'message';
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_read_input_tokens?: number;
  readonly cache_creation?: { readonly ephemeral_5m_input_tokens: number; readonly ephemeral_1h_input_tokens: number };
}

export interface ModalityCount {
  readonly modality: 'TEXT' | 'AUDIO' | 'IMAGE' | 'VIDEO' | 'DOCUMENT';
  readonly tokenCount: number;
}

/** The Gemini `usageMetadata`, as sent (sent verbatim on the final chunk). */
export interface GeminiUsageScript {
  readonly promptTokenCount: number;
  readonly cachedContentTokenCount?: number;
  readonly candidatesTokenCount?: number;
  readonly thoughtsTokenCount?: number;
  readonly toolUsePromptTokenCount?: number;
  readonly totalTokenCount: number;
  readonly promptTokensDetails?: readonly ModalityCount[];
  readonly cacheTokensDetails?: readonly ModalityCount[];
  readonly toolUsePromptTokensDetails?: readonly ModalityCount[];
}

interface Common {
  readonly behaviour?: Behaviour;
  /** The model reported in the response (default: the model the request named). */
  readonly model?: string;
  /** The text deltas of the answer (streams send one event per piece). */
  readonly text?: readonly string[];
}

export type Script =
  | (Common & { readonly endpoint: 'openai-chat'; readonly usage: ChatUsageScript; readonly service_tier?: 'default' | 'flex' | 'priority' | 'scale' })
  | (Common & {
      readonly endpoint: 'openai-responses';
      readonly usage: ResponsesUsageScript;
      readonly service_tier?: 'default' | 'flex' | 'priority' | 'scale';
      /** `web_search_call` output items before the message (each billed per call). */
      readonly webSearchCalls?: number;
    })
  | (Common & { readonly endpoint: 'anthropic'; readonly usage: AnthropicUsageScript })
  | (Common & { readonly endpoint: 'gemini'; readonly usage: GeminiUsageScript });

/** One request the emulator received. */
export interface ServedRequest {
  readonly endpoint: Endpoint | 'unknown';
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly stream: boolean;
  /** Events written before the response ended, dropped or was abandoned. */
  eventsSent: number;
  /** How the exchange ended: the response finished, the server dropped it, or the client went away first. */
  outcome: 'pending' | 'finished' | 'dropped' | 'client-closed';
}

export interface Emulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: readonly ServedRequest[];
  /** Queues the response to the next request of `script.endpoint`. */
  script(script: Script): void;
  /** Requests served for an endpoint so far. */
  count(endpoint: Endpoint): number;
  /** Scripts still queued (a test that queued one and made no request left it here). */
  pending(): number;
  /** Forgets queued scripts (between tests). */
  reset(): void;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

const DEFAULT_TEXT = ['Hello', ' from', ' the', ' emulator', '.'] as const;

function endpointOf(method: string, path: string): { endpoint: Endpoint; model?: string; stream?: boolean } | null {
  if (method !== 'POST') return null;
  const url = new URL(path, 'http://127.0.0.1');
  if (url.pathname === '/v1/chat/completions') return { endpoint: 'openai-chat' };
  if (url.pathname === '/v1/responses') return { endpoint: 'openai-responses' };
  if (url.pathname === '/v1/messages') return { endpoint: 'anthropic' };
  const gemini = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(url.pathname);
  if (gemini !== null) {
    const stream = gemini[2] === 'streamGenerateContent';
    if (stream && url.searchParams.get('alt') !== 'sse') return null;
    return { endpoint: 'gemini', model: decodeURIComponent(gemini[1] ?? ''), stream };
  }
  return null;
}

function errorBody(endpoint: Endpoint | 'unknown', status: number, message: string): Json {
  switch (endpoint) {
    case 'anthropic':
      return {
        type: 'error',
        error: { type: status === 429 ? 'rate_limit_error' : status === 404 ? 'not_found_error' : 'api_error', message },
        request_id: 'req_emulator',
      };
    case 'gemini':
      return { error: { code: status, message, status: status === 429 ? 'RESOURCE_EXHAUSTED' : status === 404 ? 'NOT_FOUND' : 'INTERNAL' } };
    default:
      return {
        error: {
          message,
          type: status === 429 ? 'requests' : status === 404 ? 'invalid_request_error' : 'server_error',
          param: null,
          code: status === 429 ? 'rate_limit_exceeded' : null,
        },
      };
  }
}

// ------------------------------------------------------------------ OpenAI Chat Completions

function chatUsage(u: ChatUsageScript): Json {
  return {
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
    total_tokens: u.prompt_tokens + u.completion_tokens,
    prompt_tokens_details: { cached_tokens: u.cached_tokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoning_tokens ?? 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function chatCompletion(s: Extract<Script, { endpoint: 'openai-chat' }>, model: string, text: readonly string[]): Json {
  return {
    id: 'chatcmpl-emulator',
    object: 'chat.completion',
    created: 1_780_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text.join(''), refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: chatUsage(s.usage),
    service_tier: s.service_tier ?? 'default',
    system_fingerprint: 'fp_emulator',
  };
}

/** SSE `data:` lines of a Chat Completions stream (without the `[DONE]` terminator). */
function chatChunks(s: Extract<Script, { endpoint: 'openai-chat' }>, model: string, text: readonly string[], includeUsage: boolean): Json[] {
  const base = { id: 'chatcmpl-emulator', object: 'chat.completion.chunk', created: 1_780_000_000, model, service_tier: s.service_tier ?? 'default', system_fingerprint: 'fp_emulator' };
  const withUsage = (chunk: Json): Json => (includeUsage ? { ...chunk, usage: null } : chunk);
  const chunks: Json[] = [withUsage({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }] })];
  for (const piece of text) chunks.push(withUsage({ ...base, choices: [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }] }));
  chunks.push(withUsage({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] }));
  if (includeUsage) chunks.push({ ...base, choices: [], usage: chatUsage(s.usage) });
  return chunks;
}

// ------------------------------------------------------------------ OpenAI Responses

function responsesUsage(u: ResponsesUsageScript): Json {
  return {
    input_tokens: u.input_tokens,
    input_tokens_details: { cached_tokens: u.cached_tokens ?? 0, cache_write_tokens: 0 },
    output_tokens: u.output_tokens,
    output_tokens_details: { reasoning_tokens: u.reasoning_tokens ?? 0 },
    total_tokens: u.input_tokens + u.output_tokens,
  };
}

function webSearchItem(index: number, status: 'in_progress' | 'completed'): Json {
  return { id: `ws_emulator_${index}`, type: 'web_search_call', status, action: { type: 'search', query: `query ${index}` } };
}

function messageItem(text: string, status: 'in_progress' | 'completed'): Json {
  return {
    id: 'msg_emulator',
    type: 'message',
    role: 'assistant',
    status,
    content: status === 'completed' ? [{ type: 'output_text', text, annotations: [], logprobs: [] }] : [],
  };
}

function responseObject(
  s: Extract<Script, { endpoint: 'openai-responses' }>,
  model: string,
  text: readonly string[],
  status: 'in_progress' | 'completed',
  request: Json,
): Json {
  const searches = s.webSearchCalls ?? 0;
  const output: Json[] = [];
  if (status === 'completed') {
    for (let i = 0; i < searches; i++) output.push(webSearchItem(i, 'completed'));
    output.push(messageItem(text.join(''), 'completed'));
  }
  return {
    id: 'resp_emulator',
    object: 'response',
    created_at: 1_780_000_000,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: typeof request['max_output_tokens'] === 'number' ? request['max_output_tokens'] : null,
    metadata: {},
    model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: status === 'completed' ? (s.service_tier ?? 'default') : (typeof request['service_tier'] === 'string' ? request['service_tier'] : 'auto'),
    store: true,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: searches > 0 ? [{ type: 'web_search', search_context_size: 'medium', user_location: null }] : [],
    top_p: 1,
    truncation: 'disabled',
    usage: status === 'completed' ? responsesUsage(s.usage) : null,
    user: null,
  };
}

/** [event type, data] of a Responses API stream. */
function responsesEvents(s: Extract<Script, { endpoint: 'openai-responses' }>, model: string, text: readonly string[], request: Json): Array<[string, Json]> {
  const events: Array<[string, Json]> = [];
  const push = (type: string, data: Json): void => {
    events.push([type, { type, sequence_number: events.length, ...data }]);
  };
  push('response.created', { response: responseObject(s, model, text, 'in_progress', request) });
  push('response.in_progress', { response: responseObject(s, model, text, 'in_progress', request) });
  const searches = s.webSearchCalls ?? 0;
  for (let i = 0; i < searches; i++) {
    push('response.output_item.added', { output_index: i, item: webSearchItem(i, 'in_progress') });
    push('response.web_search_call.in_progress', { output_index: i, item_id: `ws_emulator_${i}` });
    push('response.web_search_call.searching', { output_index: i, item_id: `ws_emulator_${i}` });
    push('response.web_search_call.completed', { output_index: i, item_id: `ws_emulator_${i}` });
    push('response.output_item.done', { output_index: i, item: webSearchItem(i, 'completed') });
  }
  const index = searches;
  push('response.output_item.added', { output_index: index, item: messageItem('', 'in_progress') });
  push('response.content_part.added', { item_id: 'msg_emulator', output_index: index, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
  for (const piece of text) push('response.output_text.delta', { item_id: 'msg_emulator', output_index: index, content_index: 0, delta: piece, logprobs: [] });
  push('response.output_text.done', { item_id: 'msg_emulator', output_index: index, content_index: 0, text: text.join(''), logprobs: [] });
  push('response.content_part.done', { item_id: 'msg_emulator', output_index: index, content_index: 0, part: { type: 'output_text', text: text.join(''), annotations: [], logprobs: [] } });
  push('response.output_item.done', { output_index: index, item: messageItem(text.join(''), 'completed') });
  push('response.completed', { response: responseObject(s, model, text, 'completed', request) });
  return events;
}

// ------------------------------------------------------------------ Anthropic Messages

function anthropicUsage(u: AnthropicUsageScript, outputTokens: number): Json {
  const writes = u.cache_creation === undefined ? 0 : u.cache_creation.ephemeral_5m_input_tokens + u.cache_creation.ephemeral_1h_input_tokens;
  const usage: Json = {
    input_tokens: u.input_tokens,
    cache_creation_input_tokens: writes,
    cache_read_input_tokens: u.cache_read_input_tokens ?? 0,
    cache_creation: u.cache_creation ?? { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: u.output_tokens_details ?? null,
    server_tool_use: u.server_tool_use === undefined ? null : { web_fetch_requests: 0, ...u.server_tool_use },
    service_tier: u.service_tier ?? 'standard',
    inference_geo: null,
    speed: null,
  };
  if (u.iterations !== undefined) usage['iterations'] = u.iterations.map((it) => anthropicIteration(it));
  return usage;
}

function anthropicIteration(it: AnthropicIteration): Json {
  const writes = it.cache_creation === undefined ? 0 : it.cache_creation.ephemeral_5m_input_tokens + it.cache_creation.ephemeral_1h_input_tokens;
  return {
    type: it.type,
    input_tokens: it.input_tokens,
    output_tokens: it.output_tokens,
    cache_read_input_tokens: it.cache_read_input_tokens ?? 0,
    cache_creation_input_tokens: writes,
    cache_creation: it.cache_creation ?? { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    ...(it.type === 'message' ? { model: null } : {}),
  };
}

function anthropicMessage(s: Extract<Script, { endpoint: 'anthropic' }>, model: string, text: readonly string[], final: boolean): Json {
  return {
    id: 'msg_emulator',
    type: 'message',
    role: 'assistant',
    model,
    // The API omits `citations` on a text block without citations (the AI SDK's schema refuses null).
    content: final ? [{ type: 'text', text: text.join('') }] : [],
    stop_reason: final ? 'end_turn' : null,
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    // message_start reports the input side and the first output token; message_delta the final counts.
    usage: final ? anthropicUsage(s.usage, s.usage.output_tokens) : startUsage(s.usage),
  };
}

/** message_start's usage: the input side in full, output only begun (thinking and searches not yet counted). */
function startUsage(u: AnthropicUsageScript): Json {
  const usage = anthropicUsage(u, Math.min(1, u.output_tokens));
  if (u.output_tokens_details !== undefined) usage['output_tokens_details'] = { thinking_tokens: 0 };
  if (u.server_tool_use !== undefined) usage['server_tool_use'] = { web_search_requests: 0, web_fetch_requests: 0 };
  delete usage['iterations'];
  return usage;
}

function anthropicEvents(s: Extract<Script, { endpoint: 'anthropic' }>, model: string, text: readonly string[]): Array<[string, Json]> {
  const u = s.usage;
  const writes = u.cache_creation === undefined ? 0 : u.cache_creation.ephemeral_5m_input_tokens + u.cache_creation.ephemeral_1h_input_tokens;
  const deltaUsage: Json = {
    // Cumulative counts, as the API sends them in message_delta.
    input_tokens: u.input_tokens,
    cache_creation_input_tokens: writes,
    cache_read_input_tokens: u.cache_read_input_tokens ?? 0,
    output_tokens: u.output_tokens,
    output_tokens_details: u.output_tokens_details ?? null,
    server_tool_use: u.server_tool_use === undefined ? null : { web_fetch_requests: 0, ...u.server_tool_use },
  };
  if (u.iterations !== undefined) deltaUsage['iterations'] = u.iterations.map((it) => anthropicIteration(it));
  const events: Array<[string, Json]> = [
    ['message_start', { type: 'message_start', message: anthropicMessage(s, model, text, false) }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ['ping', { type: 'ping' }],
  ];
  for (const piece of text) events.push(['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } }]);
  events.push(['content_block_stop', { type: 'content_block_stop', index: 0 }]);
  events.push([
    'message_delta',
    { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null, stop_details: null, container: null }, usage: deltaUsage },
  ]);
  events.push(['message_stop', { type: 'message_stop' }]);
  return events;
}

// ------------------------------------------------------------------ Gemini

function geminiResponse(model: string, parts: Json[], finish: boolean, usageMetadata: Json | null): Json {
  const candidate: Json = { content: { role: 'model', parts }, index: 0 };
  if (finish) candidate['finishReason'] = 'STOP';
  const response: Json = { candidates: [candidate], modelVersion: model, responseId: 'gemini-emulator' };
  if (usageMetadata !== null) response['usageMetadata'] = usageMetadata;
  return response;
}

function geminiUsage(u: GeminiUsageScript): Json {
  const usage: Json = {};
  for (const [key, value] of Object.entries(u)) if (value !== undefined) usage[key] = value;
  return usage;
}

/**
 * Gemini stream chunks: intermediate chunks carry a running usageMetadata (the prompt and the
 * candidates so far), as the service sends them; the last one carries the final counts.
 */
function geminiChunks(s: Extract<Script, { endpoint: 'gemini' }>, model: string, text: readonly string[]): Json[] {
  const chunks: Json[] = [];
  text.forEach((piece, index) => {
    const last = index === text.length - 1;
    if (last) {
      chunks.push(geminiResponse(model, [{ text: piece }], true, geminiUsage(s.usage)));
    } else {
      const soFar = index + 1;
      chunks.push(
        geminiResponse(model, [{ text: piece }], false, {
          promptTokenCount: s.usage.promptTokenCount,
          candidatesTokenCount: soFar,
          totalTokenCount: s.usage.promptTokenCount + soFar,
          ...(s.usage.promptTokensDetails === undefined ? {} : { promptTokensDetails: s.usage.promptTokensDetails }),
        }),
      );
    }
  });
  return chunks;
}

// ------------------------------------------------------------------ the server

export async function startEmulator(): Promise<Emulator> {
  const queues = new Map<Endpoint, Script[]>();
  const requests: ServedRequest[] = [];
  const sockets = new Set<Socket>();
  const stalled = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: Json = {};
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        body = text.length === 0 ? {} : (JSON.parse(text) as Json);
      } catch {
        body = {};
      }
      handle(req, res, body);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function handle(req: http.IncomingMessage, res: http.ServerResponse, body: Json): void {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const route = endpointOf(method, path);
    const stream = route?.endpoint === 'gemini' ? route.stream === true : body['stream'] === true;
    const served: ServedRequest = { endpoint: route?.endpoint ?? 'unknown', method, path, body, stream, eventsSent: 0, outcome: 'pending' };
    requests.push(served);
    res.on('close', () => {
      stalled.delete(res);
      if (served.outcome === 'pending') served.outcome = res.writableFinished ? 'finished' : 'client-closed';
    });
    res.on('finish', () => {
      if (served.outcome === 'pending') served.outcome = 'finished';
    });
    const sendJson = (status: number, json: Json): void => {
      const text = JSON.stringify(json);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-request-id': 'req_emulator', 'request-id': 'req_emulator' });
      res.end(text);
    };
    if (route === null) {
      sendJson(404, errorBody('unknown', 404, `The emulator does not serve ${method} ${path}.`));
      return;
    }
    const script = queues.get(route.endpoint)?.shift();
    if (script === undefined) {
      sendJson(500, errorBody(route.endpoint, 500, `No response scripted for ${route.endpoint} (${method} ${path}).`));
      return;
    }
    const behaviour = script.behaviour ?? OK;
    const requestedModel = route.model ?? (typeof body['model'] === 'string' ? body['model'] : 'unknown-model');
    const model = script.model ?? requestedModel;
    const text = script.text ?? DEFAULT_TEXT;

    if (behaviour.kind === 'http-error') {
      const message = behaviour.status === 429 ? 'Rate limit reached (emulated).' : 'The server had an error while processing your request (emulated).';
      const json = errorBody(route.endpoint, behaviour.status, message);
      const text = JSON.stringify(json);
      res.writeHead(behaviour.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'retry-after': '0', 'x-should-retry': 'false' });
      res.end(text);
      return;
    }

    if (!stream) {
      if (behaviour.kind === 'drop') {
        served.outcome = 'dropped';
        req.socket.destroy();
        return;
      }
      if (behaviour.kind === 'stall') {
        stalled.add(res);
        return;
      }
      switch (script.endpoint) {
        case 'openai-chat':
          sendJson(200, chatCompletion(script, model, text));
          return;
        case 'openai-responses':
          sendJson(200, responseObject(script, model, text, 'completed', body));
          return;
        case 'anthropic':
          sendJson(200, anthropicMessage(script, model, text, true));
          return;
        case 'gemini':
          sendJson(200, geminiResponse(model, [{ text: text.join('') }], true, geminiUsage(script.usage)));
          return;
      }
    }

    // Streams: a list of SSE frames.
    let frames: string[];
    switch (script.endpoint) {
      case 'openai-chat': {
        const options = body['stream_options'];
        const includeUsage = typeof options === 'object' && options !== null && (options as Json)['include_usage'] === true;
        frames = chatChunks(script, model, text, includeUsage).map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`);
        frames.push('data: [DONE]\n\n');
        break;
      }
      case 'openai-responses':
        frames = responsesEvents(script, model, text, body).map(([type, data]) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
        break;
      case 'anthropic':
        frames = anthropicEvents(script, model, text).map(([type, data]) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
        break;
      case 'gemini':
        frames = geminiChunks(script, model, text).map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`);
        break;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-request-id': 'req_emulator' });
    res.flushHeaders();
    const limit = behaviour.kind === 'ok' ? frames.length : Math.min(behaviour.afterEvents, frames.length);
    let index = 0;
    const next = (): void => {
      if (res.destroyed) return;
      if (index < limit) {
        const frame = frames[index] ?? '';
        index += 1;
        served.eventsSent = index;
        res.write(frame, () => setImmediate(next));
        return;
      }
      if (behaviour.kind === 'ok') {
        res.end();
      } else if (behaviour.kind === 'drop') {
        served.outcome = 'dropped';
        // Let the written events reach the client before the connection is cut.
        setTimeout(() => res.socket?.destroy(), 20);
      } else {
        stalled.add(res);
      }
    };
    next();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    requests,
    script(script: Script): void {
      const queue = queues.get(script.endpoint) ?? [];
      queue.push(script);
      queues.set(script.endpoint, queue);
    },
    count(endpoint: Endpoint): number {
      return requests.filter((request) => request.endpoint === endpoint).length;
    },
    pending(): number {
      let total = 0;
      for (const queue of queues.values()) total += queue.length;
      return total;
    },
    reset(): void {
      queues.clear();
    },
    async close(): Promise<void> {
      for (const res of stalled) res.destroy();
      stalled.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
