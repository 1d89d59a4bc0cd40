// The shape of one alert format: a file per format (alertmanager-format.ts, grafana-format.ts,
// generic-format.ts), listed once in formats.ts. A new monitoring system is one file plus one line.
import type { Alert, AlertFormatName } from './alert.ts';

export interface AlertFormat {
  name: AlertFormatName;
  /** The environment variable that holds this endpoint's bearer token (without it, the endpoint is off). */
  tokenVariable: string;
  /** JSON Schema of the body (ajv, every error reported). */
  schema: Record<string, unknown>;
  /** The alerts of a body the schema accepted. */
  alerts(payload: unknown): Alert[];
}
