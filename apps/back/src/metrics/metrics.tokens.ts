/** The application's prom-client `Registry`: register your own counters/gauges on it. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
