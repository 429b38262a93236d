/**
 * A tiny uPlot line for a tile: 24 hourly counts. uPlot draws on a canvas, so the chart is
 * hidden from screen readers; the tile's table says the same numbers. Where no canvas can be
 * drawn (a test DOM, an old browser) the table alone stays.
 */
import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';

const HOUR_S = 3600;

export function Sparkline({ values, label, width = 220, height = 44 }: { values: number[]; label: string; width?: number; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const now = Math.floor(Date.now() / 1000 / HOUR_S) * HOUR_S;
  const data: uPlot.AlignedData = [values.map((_, i) => now - (values.length - 1 - i) * HOUR_S), values];
  useEffect(() => {
    if (plot.current) {
      plot.current.setData(data);
      return;
    }
    const el = host.current;
    if (!el || !document.createElement('canvas').getContext?.('2d')) return;
    let gone = false;
    void import('uplot')
      .then(({ default: UPlot }) => {
        if (gone || !host.current) return;
        plot.current = new UPlot(
          {
            width,
            height,
            legend: { show: false },
            cursor: { show: false },
            select: { show: false, left: 0, top: 0, width: 0, height: 0 },
            axes: [{ show: false }, { show: false }],
            scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
            series: [{}, { stroke: '#0b57d0', fill: 'rgba(11,87,208,.12)', width: 1.5, points: { show: false } }],
          },
          data,
          el,
        );
      })
      // No chart: the table is there. (uPlot throws at load on a malformed navigator.language such
      // as "en-US@posix"; loaded lazily, that costs the sparkline, never the console.)
      .catch(() => undefined);
    return () => {
      gone = true;
    };
  }, [values.join(',')]);
  useEffect(
    () => () => {
      plot.current?.destroy();
      plot.current = null;
    },
    [],
  );
  return <div class="spark" ref={host} aria-hidden="true" title={label} />;
}
