/** Name this service gives itself on the bus (`appId` of what it publishes, `source` of its alerts). */
export const BUS_APP_ID = 'callcenter-live';
