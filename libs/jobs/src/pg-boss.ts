// pg-boss 10 is CommonJS with `export =`; re-export it so the rest of the lib imports one name.
import PgBossModule from 'pg-boss';

export const PgBoss = PgBossModule;
export type PgBoss = PgBossModule;
