// Outgoing AMI messages are ordered [name, value] lists: Asterisk's header order is part of the
// contract the fixtures pin down, and a Record would not keep duplicates.
export type AmiField = readonly [string, string];
export type AmiFields = AmiField[];

export const serializeAmiFields = (fields: readonly AmiField[]): string => {
  let out = '';
  for (const [name, value] of fields) out += `${name}: ${value}\r\n`;
  return `${out}\r\n`;
};

export const fieldValue = (fields: readonly AmiField[], name: string): string | undefined => {
  const lower = name.toLowerCase();
  for (const [n, v] of fields) if (n.toLowerCase() === lower) return v;
  return undefined;
};

/** An incoming action: header names are matched case-insensitively, as Asterisk does. */
export interface AmiAction {
  readonly name: string;
  readonly fields: readonly AmiField[];
  get(header: string): string | undefined;
  getAll(header: string): string[];
}

export const toAmiAction = (fields: readonly AmiField[]): AmiAction => ({
  name: fieldValue(fields, 'Action') ?? '',
  fields,
  get: (header) => fieldValue(fields, header),
  getAll: (header) => fields.filter(([n]) => n.toLowerCase() === header.toLowerCase()).map(([, v]) => v),
});

/** Minimal streaming parser for incoming actions: CRLF or LF line ends, blank line ends a message. */
export class AmiActionLineParser {
  private buffer = '';
  private current: AmiFields = [];

  push(chunk: string): AmiFields[] {
    this.buffer += chunk;
    const messages: AmiFields[] = [];
    let nl = this.buffer.indexOf('\n');
    while (nl >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line === '') {
        if (this.current.length > 0) messages.push(this.current);
        this.current = [];
      } else {
        const colon = line.indexOf(':');
        if (colon > 0) this.current.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
      }
      nl = this.buffer.indexOf('\n');
    }
    return messages;
  }
}
