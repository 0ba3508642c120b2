/**
 * One AMI message (event, response or action) as header name -> value, in wire order.
 * Header names keep Asterisk's spelling (`CallerIDNum`, `ActionID`). A header that repeats within
 * one message (e.g. several `Variable:` lines in an Originate) has its values joined with '\n'.
 */
export type AmiMessage = Readonly<Record<string, string>>;

/** Fields to send: a list value becomes one header line per element. */
export type AmiOutgoingFields = Readonly<Record<string, string | number | boolean | readonly string[]>>;
