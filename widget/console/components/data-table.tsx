/** The console's one table frame: a scrolling wrapper, a caption and column headers; the rows come as children. */
import type { ComponentChildren } from 'preact';

export interface DataTableProps {
  caption: string;
  /** e.g. "sr-only" when the caption is for screen readers only. */
  captionClass?: string;
  headers: readonly string[];
  children: ComponentChildren;
}

export function DataTable({ caption, captionClass, headers, children }: DataTableProps) {
  return (
    // Focusable and named: a keyboard user can scroll a wide table (axe scrollable-region-focusable).
    <div class="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption class={captionClass}>{caption}</caption>
        <thead>
          <tr>
            {headers.map((h, i) => (
              <th scope="col" key={i}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
