import type { Key, ReactNode } from 'react';

/**
 * A captioned table with one header row of column headings (`scope="col"`), one row an item.
 * `cells` gives a row's cells, so each page still chooses which cell heads the row (`<th scope="row">`).
 * Nothing shows while `rows` is undefined (the page shows the query's state). With `empty`, no items
 * show that sentence instead of a table with no rows; without it the table stays, e.g. when the
 * caption counts what a filter left.
 */
export function DataTable<T>(props: {
  caption: ReactNode;
  columns: ReactNode[];
  rows: readonly T[] | undefined;
  rowKey: (row: T) => Key;
  cells: (row: T) => ReactNode;
  empty?: ReactNode;
  className?: string;
}) {
  const { rows } = props;
  if (!rows) return null;
  if (props.empty !== undefined && rows.length === 0) return <p>{props.empty}</p>;
  return (
    <div className="table-wrap">
      <table className={props.className}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c, i) => (
              // Headings are fixed per table, so their position is their identity.
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={props.rowKey(row)}>{props.cells(row)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
