import { kindOfDbType, sourceSql, withDuckDb, describeSource, type LoadedTable } from '../analytics/read-table';
import { timestampExpr } from '../forecast/date-expr';
import { ident } from '../util/duckdb';

/** Columns that make a table a transaction log: who bought, when, for how much. */
export interface RfmColumns {
  customer: string;
  date: string;
  /** Monetary value per row; when absent, quantity x price is used. */
  amount?: string;
  quantity?: string;
  price?: string;
  /** Order/invoice id: frequency counts distinct orders rather than rows. */
  invoice?: string;
}

export interface RfmTable {
  customers: string[];
  /** Days since the customer's last purchase, counted from the last date in the data. */
  recency: Float64Array;
  /** Number of orders (distinct invoices, else rows). */
  frequency: Float64Array;
  /** Total spend. */
  monetary: Float64Array;
  asOf: string;
  columns: RfmColumns;
}

const pick = (
  schema: Array<{ name: string; dbType: string }>,
  re: RegExp,
  ok: (t: string) => boolean,
): string | undefined => schema.find((c) => re.test(c.name) && ok(c.dbType))?.name;

/** Finds customer/date/amount columns by name and type; null when the table does not look like transactions. */
export function detectRfmColumns(schema: Array<{ name: string; dbType: string }>): RfmColumns | null {
  const isNum = (t: string): boolean => kindOfDbType(t) === 'numeric';
  const customer = pick(
    schema,
    /customer|client|user|member|account|buyer|shopper|cust/i,
    (t) => kindOfDbType(t) !== 'datetime',
  );
  const date =
    pick(schema, /date|time|day|timestamp/i, (t) => kindOfDbType(t) !== 'boolean') ??
    schema.find((c) => kindOfDbType(c.dbType) === 'datetime')?.name;
  const amount = pick(schema, /amount|revenue|total|spend|sales|payment|monetary|value/i, isNum);
  const quantity = pick(schema, /quantity|qty|units/i, isNum);
  const price = pick(schema, /price|cost/i, isNum);
  const invoice = pick(schema, /invoice|order|transaction|receipt|basket/i, (t) => kindOfDbType(t) !== 'datetime');
  if (!customer || !date) return null;
  if (amount) return { customer, date, amount, invoice: invoice !== customer ? invoice : undefined };
  if (quantity && price)
    return { customer, date, quantity, price, invoice: invoice !== customer ? invoice : undefined };
  return null;
}

/** Aggregates transactions to one row per customer in DuckDB. Null when customers rarely repeat. */
export async function loadRfm(path: string): Promise<RfmTable | null> {
  return withDuckDb(async (conn) => {
    const schema = await describeSource(conn, path);
    const cols = detectRfmColumns(schema);
    if (!cols) return null;
    const src = sourceSql(path);
    const dateType = schema.find((c) => c.name === cols.date)!.dbType;
    let ts: string;
    try {
      ts = await timestampExpr(conn, path, cols.date, dateType);
    } catch {
      return null;
    }
    const cust = `CAST(${ident(cols.customer)} AS VARCHAR)`;
    const money = cols.amount
      ? `CAST(${ident(cols.amount)} AS DOUBLE)`
      : `CAST(${ident(cols.quantity!)} AS DOUBLE) * CAST(${ident(cols.price!)} AS DOUBLE)`;
    const freq = cols.invoice ? `count(DISTINCT ${ident(cols.invoice)})` : 'count(*)';
    const base = `SELECT ${cust} AS cust, ${ts} AS ts, ${money} AS money${cols.invoice ? `, ${ident(cols.invoice)}` : ''} FROM ${src} WHERE ${ident(cols.customer)} IS NOT NULL AND ${ts} IS NOT NULL`;
    const stats = (
      await conn.runAndReadAll(`SELECT count(*), count(DISTINCT cust), max(ts)::VARCHAR FROM (${base})`)
    ).getRowsJS()[0];
    const [rows, distinct] = [Number(stats[0]), Number(stats[1])];
    // Transactions repeat customers; a table with one row per person is not a transaction log.
    if (rows === 0 || distinct > 0.8 * rows || distinct < 3) return null;
    const sql = `WITH t AS (${base}) SELECT cust, CAST(date_diff('day', max(ts), (SELECT max(ts) FROM t)) AS DOUBLE) AS r, CAST(${freq} AS DOUBLE) AS f, CAST(coalesce(sum(money), 0) AS DOUBLE) AS m FROM t GROUP BY cust ORDER BY cust`;
    const out = (await conn.runAndReadAll(sql)).getColumnsJS();
    return {
      customers: out[0].map(String),
      recency: Float64Array.from(out[1], Number),
      frequency: Float64Array.from(out[2], Number),
      monetary: Float64Array.from(out[3], Number),
      asOf: String(stats[2]).slice(0, 10),
      columns: cols,
    };
  });
}

/** Quintile scores 1..5 by rank (5 = best: most recent, most frequent, highest spend). */
export function quintileScores(values: Float64Array, higherIsBetter: boolean): Int32Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    higherIsBetter ? values[a] - values[b] : values[b] - values[a],
  );
  const scores = new Int32Array(n);
  let i = 0;
  while (i < n) {
    // Ties share the score of their average rank.
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const s = 1 + Math.min(4, Math.floor((5 * ((i + j) / 2 + 0.5)) / n));
    for (let k = i; k <= j; k++) scores[order[k]] = s;
    i = j + 1;
  }
  return scores;
}

/** The three RFM features as a table, in the order the segmentation model was fitted on. */
export function rfmTable(r: RfmTable): LoadedTable {
  return {
    rows: r.customers.length,
    columns: [
      { name: 'recency_days', kind: 'numeric', dbType: 'DOUBLE', values: r.recency },
      { name: 'frequency', kind: 'numeric', dbType: 'DOUBLE', values: r.frequency },
      { name: 'monetary', kind: 'numeric', dbType: 'DOUBLE', values: r.monetary },
    ],
  };
}
