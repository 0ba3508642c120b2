import { AmiFields } from '../ami/ami-wire';

export const CHANNEL_STATE_DESC: Record<number, string> = {
  0: 'Down',
  1: 'Rsrvd',
  2: 'OffHook',
  3: 'Dialing',
  4: 'Ring',
  5: 'Ringing',
  6: 'Up',
  7: 'Busy',
};

export interface SimChannel {
  name: string;
  state: number;
  callerNum: string;
  callerName: string;
  connectedNum: string;
  connectedName: string;
  context: string;
  exten: string;
  priority: number;
  uniqueid: string;
  linkedid: string;
  application: string;
  applicationData: string;
  bridgeId: string;
  /** Simulated epoch ms. */
  createdAt: number;
  type: 'Local' | 'PJSIP';
  /** Endpoint for PJSIP channels. */
  endpoint?: string;
}

export const UNKNOWN = '<unknown>';

/** The standard channel snapshot block; `prefix` gives `Dest*`, `LocalOne*`, `Spyer*`... */
export const channelBlock = (ch: SimChannel, prefix = '', override: Partial<SimChannel> = {}): AmiFields => {
  const c = { ...ch, ...override };
  return [
    [`${prefix}Channel`, c.name],
    [`${prefix}ChannelState`, String(c.state)],
    [`${prefix}ChannelStateDesc`, CHANNEL_STATE_DESC[c.state] ?? 'Unknown'],
    [`${prefix}CallerIDNum`, c.callerNum],
    [`${prefix}CallerIDName`, c.callerName],
    [`${prefix}ConnectedLineNum`, c.connectedNum],
    [`${prefix}ConnectedLineName`, c.connectedName],
    [`${prefix}Language`, 'en'],
    [`${prefix}AccountCode`, ''],
    [`${prefix}Context`, c.context],
    [`${prefix}Exten`, c.exten],
    [`${prefix}Priority`, String(c.priority)],
    [`${prefix}Uniqueid`, c.uniqueid],
    [`${prefix}Linkedid`, c.linkedid],
  ];
};

export const formatDuration = (seconds: number): string => {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
};
