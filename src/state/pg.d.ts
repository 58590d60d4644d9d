// The slice of `pg` (8.x) the PostgreSQL state backend uses: @types/pg is not a dependency of this project.
declare module 'pg' {
  export interface PoolConfig {
    connectionString?: string;
    connectionTimeoutMillis?: number;
    max?: number;
  }
  export interface QueryResult<R> {
    rows: R[];
    rowCount: number | null;
  }
  export class Pool {
    constructor(config?: PoolConfig);
    query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
    end(): Promise<void>;
    on(event: 'error', listener: (err: Error) => void): this;
  }
  const pg: { Pool: typeof Pool };
  export default pg;
}
