export type { AmiMessage, AmiOutgoingFields } from './ami-message';
export { AMI_BANNER_PREFIX, AMI_PARSER_LIMITS, AmiFrameParser, parseAmiTranscript } from './ami-frame.parser';
export type {
  AmiDiscard,
  AmiDiscardReason,
  AmiFrameParserOptions,
  AmiFrameParserStats,
  AmiTranscriptItem,
} from './ami-frame.parser';
export { AmiSerializeError, amiMessageToFields, serializeAmi } from './ami-frame.serializer';
export { AMI_CLIENT_DEFAULTS, AmiClient } from './ami-client';
export type {
  AmiActionOptions,
  AmiActionResult,
  AmiClientOptions,
  AmiClientStats,
  AmiClientStatus,
  AmiConnectedInfo,
  AmiInputDiscard,
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
export { decodeAmiEvent, isAmiEvent } from './events/ami-events';
export type {
  AgentCalledEvent,
  AgentCompleteEvent,
  AgentConnectEvent,
  AgentRingNoAnswerEvent,
  AgentsEvent,
  AmiChannelSnapshot,
  AmiEvent,
  AmiEventOf,
  AmiEventType,
  AmiQueueAgentFields,
  AmiQueueMemberFields,
  AttendedTransferEvent,
  BlindTransferEvent,
  BridgeEnterEvent,
  BridgeLeaveEvent,
  ContactListEvent,
  ContactStatusDetailEvent,
  ContactStatusEvent,
  CoreShowChannelEvent,
  DeviceStateChangeEvent,
  DialBeginEvent,
  DialEndEvent,
  EndpointListEvent,
  FullyBootedEvent,
  HangupEvent,
  HoldEvent,
  NewchannelEvent,
  NewstateEvent,
  OriginateResponseEvent,
  PeerStatusEvent,
  QueueCallerAbandonEvent,
  QueueCallerJoinEvent,
  QueueCallerLeaveEvent,
  QueueEntryEvent,
  QueueMemberAddedEvent,
  QueueMemberEvent,
  QueueMemberPauseEvent,
  QueueMemberPenaltyEvent,
  QueueMemberRemovedEvent,
  QueueMemberStatusEvent,
  UnholdEvent,
} from './events/ami-events';
// Every action builder and answer classifier is public: features send actions only through them.
export * from './actions/ami-actions';
