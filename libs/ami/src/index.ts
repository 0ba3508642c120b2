export type { AmiMessage, AmiOutgoingFields } from './ami-message';
export { AMI_BANNER_PREFIX, AmiFrameParser, parseAmiTranscript } from './ami-frame.parser';
export type { AmiFrameParserOptions, AmiTranscriptItem } from './ami-frame.parser';
export { AmiSerializeError, amiMessageToFields, serializeAmi } from './ami-frame.serializer';
export { AMI_CLIENT_DEFAULTS, AmiClient } from './ami-client';
export type {
  AmiActionOptions,
  AmiActionResult,
  AmiClientOptions,
  AmiClientStats,
  AmiClientStatus,
  AmiConnectedInfo,
  AmiLogger,
  AmiReconnectOptions,
  AmiUnsubscribe,
} from './ami-client';
export {
  AmiActionError,
  AmiAuthenticationError,
  AmiConnectionClosedError,
  AmiTimeoutError,
} from './ami-client.errors';
export { decodeAmiEvent } from './events/ami-events';
export type { AmiEvent, AmiEventType, ContactStatusEvent, DeviceStateChangeEvent } from './events/ami-events';
