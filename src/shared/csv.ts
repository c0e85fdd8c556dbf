/**
 * CSV for spreadsheets: RFC 4180 quoting, and a leading apostrophe on cells that a spreadsheet would
 * otherwise run as a formula (=, +, -, @, tab, carriage return).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (values: readonly unknown[]) => `${values.map(csvCell).join(',')}\r\n`;

/**
 * Sends CSV as a download named `<name>-<date>.csv`, never cached (it holds a tenant's records).
 * Typed structurally so this module stays free of HTTP imports.
 */
export function sendCsv<R extends CsvReply>(reply: R, name: string, body: unknown): R {
  const stamp = new Date().toISOString().slice(0, 10);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-${stamp}.csv"`)
    .header('cache-control', 'no-store')
    .send(body);
}

interface CsvReply {
  type(contentType: string): this;
  header(name: string, value: string): this;
  send(body: unknown): this;
}
