import type { Migration } from './migration.js';
import { coreMigrations } from './migrations-core.js';
import { faceMigrations } from './migrations-faces.js';

export type { Migration } from './migration.js';

// Append only: a released migration is never edited, a change is a new version, added to the
// end of migrations-faces.ts (or a new file for a new area), in order.
export const migrations: Migration[] = [...coreMigrations, ...faceMigrations];
