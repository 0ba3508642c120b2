export * from './scenario/demo-topology';
export * from './sip/sip-registrar.port';
