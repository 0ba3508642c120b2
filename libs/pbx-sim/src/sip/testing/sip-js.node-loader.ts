import * as nodeModule from 'node:module';
import { WebSocket } from 'ws';

export type SipJsModule = typeof import('sip.js');

interface NodeModuleInternals {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
  _nodeModulePaths(directory: string): string[];
}

let cached: SipJsModule | undefined;

/**
 * Loads sip.js 0.21 (an ESM-only package) from CommonJS code, including Jest without an ESM transform,
 * and gives it the one browser API its Web transport needs: a global `WebSocket` (the `ws` package).
 *
 * Jest's own `require` refuses ESM files in node_modules (transformIgnorePatterns), so when it throws we
 * fall back to Node's real loader, which on Node >= 20.19 can `require()` ESM. A module loaded that way
 * lives in Node's main realm, not Jest's sandbox, so the shim goes on the global of sip.js's own realm.
 */
export function loadSipJs(): SipJsModule {
  if (cached) {
    return cached;
  }
  let sipJs: SipJsModule;
  try {
    sipJs = nodeModule.createRequire(__filename)('sip.js') as SipJsModule;
  } catch {
    const internals = (nodeModule as unknown as { Module: NodeModuleInternals }).Module;
    const parent = { id: __filename, filename: __filename, paths: internals._nodeModulePaths(__dirname) };
    sipJs = internals._load('sip.js', parent, false) as SipJsModule;
  }
  // The realm's own Function constructor gives that realm's globalThis (Jest's or Node's main one).
  const RealmFunction = sipJs.UserAgent.constructor as FunctionConstructor;
  const realmGlobal = new RealmFunction('return globalThis')() as { WebSocket?: unknown };
  realmGlobal.WebSocket ??= WebSocket;
  cached = sipJs;
  return sipJs;
}
