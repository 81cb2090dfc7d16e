// One JSON line per event: easy to ship to a SIEM on premises, no dependency.
export type TLogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface TLogger {
  debug: (msg: string, fields?: Record<string, unknown>) => void;
  info: (msg: string, fields?: Record<string, unknown>) => void;
  warn: (msg: string, fields?: Record<string, unknown>) => void;
  error: (msg: string, fields?: Record<string, unknown>) => void;
  child: (fields: Record<string, unknown>) => TLogger;
}

const ORDER: Record<TLogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** @example const log = createLogger({ base: { app: 'risk' } }); log.info('scored', { ms: 12 }); */
export function createLogger({
  base = {},
  level = 'info',
  write = (line: string) => process.stdout.write(`${line}\n`),
}: {
  base?: Record<string, unknown>;
  level?: TLogLevel;
  write?: (line: string) => void;
} = {}): TLogger {
  const emit = (lvl: TLogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    write(JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...base, ...fields }));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ base: { ...base, ...fields }, level, write }),
  };
}
