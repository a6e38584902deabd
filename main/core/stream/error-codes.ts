/**
 * The stream's own values of `FeedError.code`, for failures the system names no code for. Every
 * other code is the system's or TLS library's (`ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`,
 * `DEPTH_ZERO_SELF_SIGNED_CERT`, `CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`…). The edges
 * put kind + code (+ status, + the status's nextRetryAt / stallLimitMs) into words; they never
 * parse `message`.
 */

/** kind 'network': the proxy answered 407 (it wants credentials). */
export const PROXY_AUTH_REQUIRED = 'PROXY_AUTH_REQUIRED'
/** kind 'network': the proxy refused to relay (any other status to CONNECT). */
export const PROXY_REFUSED = 'PROXY_REFUSED'
/** kind 'stalled': the server accepted the connection and never answered. */
export const STALL_NO_RESPONSE = 'NO_RESPONSE'
/** kind 'stalled': the open stream sent nothing for longer than the silence limit. */
export const STALL_SILENT = 'SILENT'
/** kind 'ended': the server paused the feed (SSE `event: pause`); it reconnects at nextRetryAt. */
export const SERVER_PAUSE = 'SERVER_PAUSE'
/** kind 'invalid': a server pause was ignored (its time is not a number, or more than 24 h away); the stream goes on. */
export const PAUSE_IGNORED = 'PAUSE_IGNORED'
/** kind 'invalid': a binary WebSocket message was dropped (an event is text); the stream goes on. */
export const DROPPED_BINARY = 'DROPPED_BINARY'
/** kind 'invalid': a gotify `/stream` text that is no gotify message was dropped. */
export const DROPPED_NOT_A_MESSAGE = 'DROPPED_NOT_A_MESSAGE'
/** kind 'invalid': a Socket.IO event whose arguments cannot be written as JSON was dropped. */
export const DROPPED_UNSERIALISABLE = 'DROPPED_UNSERIALISABLE'
