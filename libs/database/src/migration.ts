/** One schema change. `id` is unique and never changes once released; the SQL never changes either. */
export interface Migration {
  id: string;
  sql: string;
}
