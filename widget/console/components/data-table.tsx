/** The console's one table frame: a scrolling wrapper, a caption and column headers; the rows come as children. */
import type { ComponentChildren } from 'preact';

export type SortDirection = 'ascending' | 'descending';

export interface DataTableProps {
  caption: string;
  /** e.g. "sr-only" when the caption is for screen readers only. */
  captionClass?: string;
  headers: readonly string[];
  /** When given, every header is a button that sorts by its column (aria-sort on the sorted one). */
  sort?: { column: number; direction: SortDirection } | null;
  onSort?: (column: number) => void;
  children: ComponentChildren;
}

export function DataTable({ caption, captionClass, headers, sort, onSort, children }: DataTableProps) {
  return (
    // Focusable and named: a keyboard user can scroll a wide table (axe scrollable-region-focusable).
    <div class="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption class={captionClass}>{caption}</caption>
        <thead>
          <tr>
            {headers.map((h, i) => {
              const sorted = sort && sort.column === i ? sort.direction : undefined;
              return (
                <th scope="col" key={i} aria-sort={onSort ? (sorted ?? 'none') : undefined}>
                  {onSort ? (
                    // A real button: Enter and Space sort from the keyboard.
                    <button type="button" class="link sort" onClick={() => onSort(i)}>
                      {h}
                      <span aria-hidden="true">{sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : ''}</span>
                    </button>
                  ) : (
                    h
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
