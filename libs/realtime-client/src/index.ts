export { LiveRoomState } from './live-room.state';
export type { LiveRoomStatus, LiveRoomVerdict } from './live-room.state';
export { RealtimeAckError, RealtimeClient } from './realtime.client';
export type { LiveRoomWatch, RealtimeClientOptions, RealtimeSocket } from './realtime.client';
