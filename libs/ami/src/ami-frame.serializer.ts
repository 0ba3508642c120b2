import type { AmiMessage, AmiOutgoingFields } from './ami-message';

export class AmiSerializeError extends Error {
  override readonly name = 'AmiSerializeError';
}

// A CR or LF in a name or value would end the header early and let the rest be read as new headers.
const LINE_BREAK = /[\r\n]/;

function checkName(name: string): void {
  if (name.length === 0 || LINE_BREAK.test(name) || name.includes(':')) {
    throw new AmiSerializeError(`Invalid AMI header name ${JSON.stringify(name)}`);
  }
}

function checkValue(name: string, value: string): void {
  if (LINE_BREAK.test(value)) {
    throw new AmiSerializeError(`AMI header ${name} has a CR or LF in its value`);
  }
}

function scalar(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/**
 * One AMI message on the wire: `Name: value` CRLF lines in field order, then the blank line.
 * A list value becomes one line per element (e.g. several `Variable:` lines for Originate).
 * Throws AmiSerializeError when a name or value contains CR/LF (header injection) or a name is empty or has ':'.
 */
export function serializeAmi(fields: AmiOutgoingFields): string {
  let out = '';
  for (const name of Object.keys(fields)) {
    checkName(name);
    const value = fields[name];
    if (typeof value === 'object') {
      for (const item of value) {
        const text = scalar(item);
        checkValue(name, text);
        out += `${name}: ${text}\r\n`;
      }
    } else {
      const text = scalar(value);
      checkValue(name, text);
      out += `${name}: ${text}\r\n`;
    }
  }
  return out + '\r\n';
}

/**
 * Turns a parsed message back into fields for `serializeAmi`: values the parser joined with '\n'
 * (repeated headers) become lists again.
 */
export function amiMessageToFields(message: AmiMessage): AmiOutgoingFields {
  const fields: Record<string, string | readonly string[]> = {};
  for (const name of Object.keys(message)) {
    const value = message[name];
    fields[name] = value.includes('\n') ? value.split('\n') : value;
  }
  return fields;
}
