import { StringDecoder } from 'node:string_decoder';
import type { AmiMessage } from './ami-message';

/** Every Asterisk version greets with this prefix, then the AMI protocol version. */
export const AMI_BANNER_PREFIX = 'Asterisk Call Manager/';

/**
 * Limits on what one connection may send. Asterisk's longest lines are a few hundred bytes (a
 * CoreShowChannel or a VarSet with a long value); these defaults are far above that and only there so
 * that a hostile or broken peer cannot make the parser hold or rescan unbounded text.
 */
export const AMI_PARSER_LIMITS = {
  /** Characters in one line, CRLF excluded (64 KiB). */
  maxLineLength: 64 * 1024,
  /** Characters in one message, CRLFs included (1 MiB). */
  maxMessageSize: 1024 * 1024,
} as const;

/**
 * Input the parser dropped:
 * - `line-too-long`: a line over `maxLineLength`; the text up to its CRLF is skipped without being
 *   kept, and the message it was part of is dropped up to its blank line.
 * - `message-too-large`: a message over `maxMessageSize`, dropped up to its blank line.
 * - `garbage-line`: a line that is not `Name: value` (no ':', or a name with control, non-ASCII or
 *   binary characters); that line alone is dropped.
 */
export type AmiDiscardReason = 'line-too-long' | 'message-too-large' | 'garbage-line';

export interface AmiDiscard {
  readonly reason: AmiDiscardReason;
  /** Characters seen of the dropped line or message when it was dropped (a long line may go on). */
  readonly length: number;
}

export interface AmiFrameParserStats {
  readonly oversizedLines: number;
  readonly oversizedMessages: number;
  readonly garbageLines: number;
}

export interface AmiFrameParserOptions {
  /**
   * Server -> client direction: the first line of a connection is the banner (no blank line after it).
   * Off for the client -> server direction (actions), which has no banner.
   */
  readonly expectBanner: boolean;
  readonly onMessage: (message: AmiMessage) => void;
  readonly onBanner?: (banner: string) => void;
  /** Called synchronously for each drop, before any later message is delivered. */
  readonly onDiscard?: (discard: AmiDiscard) => void;
  readonly maxLineLength?: number;
  readonly maxMessageSize?: number;
}

type MutableMessage = Record<string, string>;

const CR = 13;
const LF = 10;

/**
 * Streaming AMI frame parser. Feed it TCP chunks in order with `push`; complete messages are handed to
 * `onMessage` synchronously, in wire order.
 *
 * Wire rules it implements:
 * - Lines end with CRLF; a message ends at an empty line. Runs of empty lines between messages are ignored.
 * - A header line is split at its first ':'; one space after it is dropped, the rest of the value is kept
 *   as is (inner and leading-after-the-first spaces included). `Key: ` gives ''.
 * - A line that is not `Name: value` is dropped and counted as garbage; the rest of its message is
 *   kept. Not a header: no ':', an empty name, a name starting with a space, control or non-ASCII
 *   character, and, in text that carries NUL or bytes that are not UTF-8, a name with any such character.
 * - Trailing bare LFs are trimmed from a value: Asterisk 22 answers PJSIPShowEndpoint for an unknown
 *   endpoint with `Message: Unable to retrieve endpoint 9999\n\r\n\r\n` (see fixtures/ami/errors.ami).
 *   Since only CRLF ends a line, that is one line, then the blank line: one message, no spurious extra one.
 * - A header repeated within one message has its values joined with '\n'.
 * - With `expectBanner`, the first line of the stream, and any `Asterisk Call Manager/...` line found
 *   between messages (concatenated transcripts), is reported through `onBanner` instead.
 * - A header named `__proto__` is dropped (messages are plain objects).
 * - Limits (AMI_PARSER_LIMITS): a line over `maxLineLength` or a message over `maxMessageSize` is
 *   dropped, counted and reported through `onDiscard`; parsing resumes with the next message.
 *
 * Work is linear in the bytes received: each byte is scanned a bounded number of times, and a partial
 * line is kept (at most `maxLineLength` characters) and extended without rescanning it.
 *
 * Bytes are decoded with a StringDecoder, so a UTF-8 character split across chunks decodes correctly.
 */
export class AmiFrameParser {
  private readonly decoder = new StringDecoder('utf8');
  private readonly onMessage: (message: AmiMessage) => void;
  private readonly onBanner: ((banner: string) => void) | undefined;
  private readonly onDiscard: ((discard: AmiDiscard) => void) | undefined;
  private readonly expectBanner: boolean;
  private readonly maxLineLength: number;
  private readonly maxMessageSize: number;
  private bannerPending: boolean;
  // The unfinished last line (no CRLF yet), at most maxLineLength (+1 for a trailing CR) characters.
  private partial = '';
  // Whether `partial` ends with CR, tracked so that checking it never flattens a long concatenation.
  private partialEndsWithCr = false;
  // Skipping the rest of a line over the limit, up to its CRLF.
  private skippingLine = false;
  private skippedLength = 0;
  private skipEndsWithCr = false;
  // Skipping the rest of a dropped message, up to its blank line.
  private skippingMessage = false;
  private current: MutableMessage | null = null;
  private messageSize = 0;
  // Position of the next ':' in the text being scanned, so lines without one never rescan ahead.
  private colonAt = -1;
  private counts = { oversizedLines: 0, oversizedMessages: 0, garbageLines: 0 };
  // Whether the text being scanned carries binary (then header names are checked in full).
  private binary = false;

  constructor(options: AmiFrameParserOptions) {
    this.onMessage = options.onMessage;
    this.onBanner = options.onBanner;
    this.onDiscard = options.onDiscard;
    this.expectBanner = options.expectBanner;
    this.bannerPending = options.expectBanner;
    this.maxLineLength = options.maxLineLength ?? AMI_PARSER_LIMITS.maxLineLength;
    this.maxMessageSize = options.maxMessageSize ?? AMI_PARSER_LIMITS.maxMessageSize;
  }

  /** What was dropped since this parser was created (reset() keeps the counts). */
  get stats(): AmiFrameParserStats {
    return { ...this.counts };
  }

  push(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (text.length === 0) return;
    let start = 0;
    if (this.skippingLine) {
      start = this.skipLine(text);
      if (start === -1) return;
    } else if (this.partial.length > 0) {
      start = this.finishPartial(text);
      if (start === -1) return;
    }
    this.colonAt = -1;
    this.binary = looksBinary(text);
    const max = this.maxLineLength;
    let end = text.indexOf('\r\n', start);
    while (end !== -1) {
      if (end - start > max) this.lineTooLong(end - start);
      else this.line(text, start, end);
      start = end + 2;
      end = text.indexOf('\r\n', start);
    }
    if (start < text.length)
      this.keepPartial(start === 0 ? text : text.slice(start), text.charCodeAt(text.length - 1) === CR);
  }

  /** Forget any partial line or message (a new connection starts from scratch). */
  reset(): void {
    this.decoder.end();
    this.partial = '';
    this.partialEndsWithCr = false;
    this.skippingLine = false;
    this.skippedLength = 0;
    this.skipEndsWithCr = false;
    this.skippingMessage = false;
    this.current = null;
    this.messageSize = 0;
    this.bannerPending = this.expectBanner;
  }

  /** True when bytes of an unfinished message are buffered or being skipped. */
  get hasPartialMessage(): boolean {
    return this.current !== null || this.partial.length > 0 || this.skippingLine || this.skippingMessage;
  }

  // Skips the rest of an oversized line; returns where the text after its CRLF starts, or -1.
  private skipLine(text: string): number {
    let next: number;
    if (this.skipEndsWithCr && text.charCodeAt(0) === LF) {
      next = 1;
    } else {
      const end = text.indexOf('\r\n');
      if (end === -1) {
        this.skippedLength += text.length;
        this.skipEndsWithCr = text.charCodeAt(text.length - 1) === CR;
        return -1;
      }
      next = end + 2;
    }
    this.skippingLine = false;
    this.skippedLength = 0;
    this.skipEndsWithCr = false;
    return next;
  }

  // Completes the kept partial line with the start of `text`; returns where the rest starts, or -1.
  private finishPartial(text: string): number {
    if (this.partialEndsWithCr && text.charCodeAt(0) === LF) {
      const line = this.partial;
      this.partial = '';
      this.partialEndsWithCr = false;
      this.colonAt = -1;
      this.binary = looksBinary(line);
      this.line(line, 0, line.length - 1);
      return 1;
    }
    const end = text.indexOf('\r\n');
    if (end === -1) {
      // Only `text` is inspected: reading the joined string would copy the whole partial line again.
      this.keepPartial(this.partial + text, text.charCodeAt(text.length - 1) === CR);
      return -1;
    }
    const length = this.partial.length + end;
    if (length > this.maxLineLength) {
      this.partial = '';
      this.partialEndsWithCr = false;
      this.lineTooLong(length);
    } else {
      const line = this.partial + text.slice(0, end);
      this.partial = '';
      this.partialEndsWithCr = false;
      this.colonAt = -1;
      this.binary = looksBinary(line);
      this.line(line, 0, line.length);
    }
    return end + 2;
  }

  private keepPartial(partial: string, endsWithCr: boolean): void {
    const lineLength = endsWithCr ? partial.length - 1 : partial.length;
    if (lineLength > this.maxLineLength) {
      this.partial = '';
      this.partialEndsWithCr = false;
      this.skippingLine = true;
      this.skippedLength = partial.length;
      this.skipEndsWithCr = endsWithCr;
      this.lineTooLong(lineLength);
      return;
    }
    this.partial = partial;
    this.partialEndsWithCr = endsWithCr;
  }

  private lineTooLong(length: number): void {
    this.counts.oversizedLines++;
    // The line belonged to a message already started: what is left of it would be a misleading
    // partial message, so it goes too.
    if (this.current !== null) {
      this.current = null;
      this.skippingMessage = true;
    }
    this.messageSize = 0;
    this.onDiscard?.({ reason: 'line-too-long', length });
  }

  private garbage(length: number): void {
    this.counts.garbageLines++;
    this.onDiscard?.({ reason: 'garbage-line', length });
  }

  private line(text: string, start: number, end: number): void {
    if (start === end) {
      const message = this.current;
      this.messageSize = 0;
      if (message !== null) {
        this.current = null;
        this.onMessage(message);
      }
      this.skippingMessage = false;
      return;
    }
    if (this.skippingMessage) return;
    if (this.current === null && this.expectBanner) {
      if (this.bannerPending || text.startsWith(AMI_BANNER_PREFIX, start)) {
        this.bannerPending = false;
        this.onBanner?.(text.slice(start, end));
        return;
      }
    }
    this.bannerPending = false;
    let colon = this.colonAt;
    if (colon < start) {
      colon = text.indexOf(':', start);
      if (colon === -1) colon = text.length;
      this.colonAt = colon;
    }
    // Every name is checked by its first character; the whole name only in text that carries binary
    // (see `binary`), which keeps a per-character loop off the path of ordinary traffic.
    const first = text.charCodeAt(start);
    if (
      colon >= end ||
      colon === start ||
      first < 0x21 ||
      first > 0x7e ||
      (this.binary && !isHeaderName(text, start, colon))
    ) {
      this.garbage(end - start);
      return;
    }
    const key = text.slice(start, colon);
    this.messageSize += end - start + 2;
    if (this.messageSize > this.maxMessageSize) {
      this.counts.oversizedMessages++;
      this.current = null;
      this.skippingMessage = true;
      this.onDiscard?.({ reason: 'message-too-large', length: this.messageSize });
      this.messageSize = 0;
      return;
    }
    let valueStart = colon + 1;
    if (valueStart < end && text.charCodeAt(valueStart) === 32) valueStart++;
    let valueEnd = end;
    while (valueEnd > valueStart && text.charCodeAt(valueEnd - 1) === LF) valueEnd--;
    const value = text.slice(valueStart, valueEnd);
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

// AMI header names are printable ASCII (`Event`, `Cause-txt`, `ChanVariable(PJSIP/1001)`); binary noise
// or a stray text line almost never is, so this is what tells a header from garbage.
function isHeaderName(text: string, start: number, colon: number): boolean {
  for (let i = start; i < colon; i++) {
    const code = text.charCodeAt(i);
    // Spaces inside a name are tolerated (the first character is checked by the caller).
    if ((code < 0x21 || code > 0x7e) && code !== 0x20) return false;
  }
  return true;
}

// NUL and U+FFFD (what the decoder makes of bytes that are not UTF-8) never occur in Asterisk's
// output; two native single-character searches per chunk find them at memory speed.
function looksBinary(text: string): boolean {
  return text.indexOf('\uFFFD') !== -1 || text.indexOf('\0') !== -1;
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
