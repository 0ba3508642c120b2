import { StringDecoder } from 'node:string_decoder';
import type { AmiMessage } from './ami-message';

/** Every Asterisk version greets with this prefix, then the AMI protocol version. */
export const AMI_BANNER_PREFIX = 'Asterisk Call Manager/';

export interface AmiFrameParserOptions {
  /**
   * Server -> client direction: the first line of a connection is the banner (no blank line after it).
   * Off for the client -> server direction (actions), which has no banner.
   */
  readonly expectBanner: boolean;
  readonly onMessage: (message: AmiMessage) => void;
  readonly onBanner?: (banner: string) => void;
}

type MutableMessage = Record<string, string>;

/**
 * Streaming AMI frame parser. Feed it TCP chunks in order with `push`; complete messages are handed to
 * `onMessage` synchronously, in wire order.
 *
 * Wire rules it implements:
 * - Lines end with CRLF; a message ends at an empty line. Runs of empty lines between messages are ignored.
 * - A header line is split at its first ':'; one space after it is dropped, the rest of the value is kept
 *   as is (inner and leading-after-the-first spaces included). `Key: ` gives ''.
 * - A line without ':' becomes a header with an empty value (Asterisk never sends one; a tolerant reader
 *   keeps the text visible instead of dropping it silently).
 * - Trailing bare LFs are trimmed from a value: Asterisk 22 answers PJSIPShowEndpoint for an unknown
 *   endpoint with `Message: Unable to retrieve endpoint 9999\n\r\n\r\n` (see fixtures/ami/errors.ami).
 *   Since only CRLF ends a line, that is one line, then the blank line: one message, no spurious extra one.
 * - A header repeated within one message has its values joined with '\n'.
 * - With `expectBanner`, the first line of the stream, and any `Asterisk Call Manager/...` line found
 *   between messages (concatenated transcripts), is reported through `onBanner` instead.
 * - A header named `__proto__` is dropped (messages are plain objects).
 *
 * Bytes are decoded with a StringDecoder, so a UTF-8 character split across chunks decodes correctly.
 */
export class AmiFrameParser {
  private readonly decoder = new StringDecoder('utf8');
  private readonly onMessage: (message: AmiMessage) => void;
  private readonly onBanner: ((banner: string) => void) | undefined;
  private readonly expectBanner: boolean;
  private bannerPending: boolean;
  // Text after the last complete line; never contains a full CRLF-terminated line.
  private rest = '';
  private current: MutableMessage | null = null;

  constructor(options: AmiFrameParserOptions) {
    this.onMessage = options.onMessage;
    this.onBanner = options.onBanner;
    this.expectBanner = options.expectBanner;
    this.bannerPending = options.expectBanner;
  }

  push(chunk: Buffer | string): void {
    const decoded = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (decoded.length === 0) return;
    const text = this.rest.length === 0 ? decoded : this.rest + decoded;
    let start = 0;
    let end = text.indexOf('\r\n', start);
    while (end !== -1) {
      this.line(text, start, end);
      start = end + 2;
      end = text.indexOf('\r\n', start);
    }
    this.rest = start === 0 ? text : text.slice(start);
  }

  /** Forget any partial line or message (a new connection starts from scratch). */
  reset(): void {
    this.decoder.end();
    this.rest = '';
    this.current = null;
    this.bannerPending = this.expectBanner;
  }

  /** True when bytes of an unfinished message are buffered. */
  get hasPartialMessage(): boolean {
    return this.current !== null || this.rest.length > 0;
  }

  private line(text: string, start: number, end: number): void {
    if (start === end) {
      const message = this.current;
      if (message !== null) {
        this.current = null;
        this.onMessage(message);
      }
      return;
    }
    if (this.current === null && this.expectBanner) {
      if (this.bannerPending || text.startsWith(AMI_BANNER_PREFIX, start)) {
        this.bannerPending = false;
        this.onBanner?.(text.slice(start, end));
        return;
      }
    }
    this.bannerPending = false;
    const colon = text.indexOf(':', start);
    let key: string;
    let value: string;
    if (colon === -1 || colon > end) {
      key = text.slice(start, end);
      value = '';
    } else {
      key = text.slice(start, colon);
      let valueStart = colon + 1;
      if (valueStart < end && text.charCodeAt(valueStart) === 32) valueStart++;
      let valueEnd = end;
      while (valueEnd > valueStart && text.charCodeAt(valueEnd - 1) === 10) valueEnd--;
      value = text.slice(valueStart, valueEnd);
    }
    if (key === '__proto__') return;
    let message = this.current;
    if (message === null) {
      message = {};
      this.current = message;
    }
    const previous = message[key];
    // Object.prototype holds no strings, so a header named `constructor` is not mistaken for a repeat.
    message[key] = typeof previous === 'string' ? previous + '\n' + value : value;
  }
}

export type AmiTranscriptItem =
  | { readonly kind: 'banner'; readonly banner: string }
  | { readonly kind: 'message'; readonly message: AmiMessage };

/** Parses a whole transcript (e.g. a recorded `.ami` file) into banners and messages, in order. */
export function parseAmiTranscript(
  data: Buffer | string,
  options: { readonly expectBanner?: boolean } = {},
): AmiTranscriptItem[] {
  const items: AmiTranscriptItem[] = [];
  const parser = new AmiFrameParser({
    expectBanner: options.expectBanner ?? true,
    onMessage: (message) => items.push({ kind: 'message', message }),
    onBanner: (banner) => items.push({ kind: 'banner', banner }),
  });
  parser.push(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  return items;
}
