import type { KeyRange, TableSource } from "../data/reconcile/table-source.js";

/** Counts the rows a side hands over for streaming, to prove bisection avoided reading everything. */
export class CountingSource implements TableSource {
  rowsRead = 0;
  constructor(readonly inner: TableSource) {}
  get keyColumns() {
    return this.inner.keyColumns;
  }
  listColumns() {
    return this.inner.listColumns();
  }
  countRows() {
    return this.inner.countRows();
  }
  countKeys(range: KeyRange) {
    return this.inner.countKeys(range);
  }
  splitRange(range: KeyRange, parts: number) {
    return this.inner.splitRange(range, parts);
  }
  checksumRange(range: KeyRange, columns: readonly string[]) {
    return this.inner.checksumRange(range, columns);
  }
  async readRange(range: KeyRange, columns: readonly string[], limit: number) {
    const page = await this.inner.readRange(range, columns, limit);
    this.rowsRead += page.rows.length;
    return page;
  }
}
