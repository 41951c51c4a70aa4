// Column alignment as kubectl's tabwriter does it (minwidth 6, padding 3, last column unpadded).
// Widths are remembered across calls so `get -w` rows stay aligned with the header printed first.

const MIN_WIDTH = 6;
const PADDING = 3;

export class TableWriter {
  private widths: number[] = [];

  /** Formats rows (header included if wanted) into lines, widening columns as needed. */
  format(rows: readonly (readonly string[])[]): string[] {
    for (const row of rows) {
      row.forEach((cell, i) => {
        if (i === row.length - 1) return;
        const width = Math.max(MIN_WIDTH, cell.length + PADDING);
        if ((this.widths[i] ?? 0) < width) this.widths[i] = width;
      });
    }
    return rows.map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(this.widths[i])))
        .join('')
        .trimEnd(),
    );
  }
}

/** One-shot formatting of a table into a string ending with a newline. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  return new TableWriter().format(rows).join('\n') + '\n';
}
