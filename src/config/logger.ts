// Structured logging for the bot: one JSON line per event, a static message plus fields. Secrets and
// customer text never reach a log line: fields whose name looks sensitive are redacted, and any string
// equal to (or containing) a registered secret is masked, whatever its field name.

/** Severity of a log line, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Field names whose values are never written (matched case-insensitively, anywhere in the name). */
const sensitiveNames =
  /token|secret|password|passwd|authorization|cookie|private|key$|^body$|^text$|email|subject/i;

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines all carry `fields` (one per job, per delivery, per request). */
  child(fields: LogFields): Logger;
  /** A logger that also masks `secrets` (ones known only once the bot opened its data folder). */
  masking(secrets: string[]): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; defaults to stderr. */
  write?: (line: string) => void;
  /** Values to mask wherever they appear (tokens, webhook secrets, private keys). */
  secrets?: string[];
  /** Clock for the `time` field (tests pin it). */
  now?: () => number;
}

function redactValue(value: unknown, secrets: string[], depth: number): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const secret of secrets)
      if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join('[redacted]');
    return out;
  }
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactValue(value.message, secrets, depth + 1),
      code: (value as { code?: unknown }).code,
    };
  }
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, depth + 1));
  return redactFields(value as LogFields, secrets, depth + 1);
}

function redactFields(fields: LogFields, secrets: string[], depth = 0): LogFields {
  const out: LogFields = {};
  for (const [name, value] of Object.entries(fields)) {
    out[name] =
      sensitiveNames.test(name) && value !== undefined ? '[redacted]' : redactValue(value, secrets, depth);
  }
  return out;
}

/** Creates a JSON-lines logger that masks secrets and sensitive fields. */
export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const threshold = levelRank[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const secrets = (options.secrets ?? []).filter((secret) => secret.length > 0);
  const now = options.now ?? Date.now;
  const emit = (level: LogLevel, message: string, fields?: LogFields) => {
    if (levelRank[level] < threshold) return;
    const line = {
      time: new Date(now()).toISOString(),
      level,
      msg: message,
      ...redactFields({ ...bound, ...fields }, secrets),
    };
    write(JSON.stringify(line));
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
    masking: (more) => createLogger({ ...options, secrets: [...secrets, ...more] }, bound),
  };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = createLogger({ write: () => {} });
