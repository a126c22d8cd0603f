/**
 * `COPY … FROM STDIN` over node-postgres without pg-copy-streams: a hand-rolled Submittable.
 * pg hands a query object that has `submit(connection)` the protocol messages; on CopyInResponse
 * we send the data with `connection.sendCopyFromChunk` and finish with `endCopyFrom`, then wait
 * for CommandComplete ("COPY n") and ReadyForQuery. Used as the storage ceiling of the sensors bench.
 */
import type pg from 'pg';

type Connection = {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
};

/**
 * Run `sql` (a `COPY table (…) FROM STDIN` statement) and stream `chunks` of COPY text format
 * into it; resolves with the row count PostgreSQL reports.
 *
 * @example
 * await copyFrom(client, 'COPY t (a, b) FROM STDIN', [Buffer.from('1\tx\n2\ty\n')]); // → 2
 */
export function copyFrom(client: pg.ClientBase, sql: string, chunks: Iterable<Buffer>): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    const submittable = {
      submit(connection: Connection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: Connection) {
        try {
          for (const chunk of chunks) connection.sendCopyFromChunk(chunk);
          connection.endCopyFrom();
        } catch (error) {
          connection.sendCopyFail((error as Error).message);
        }
      },
      handleCommandComplete(message: { text?: string; command?: string; rowCount?: number }) {
        rows = message.rowCount ?? Number(/\d+$/.exec(message.text ?? '')?.[0] ?? 0);
      },
      handleReadyForQuery() {
        resolve(rows);
      },
      // pg detaches the query on an error: ReadyForQuery will not reach it.
      handleError(error: Error) {
        reject(error);
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyData() {},
    };
    (client as unknown as { query(q: unknown): void }).query(submittable);
  });
}
