/** One schema step: applied once, in version order, inside a transaction (store/database.ts). */
export interface Migration {
  version: number;
  sql: string;
}
