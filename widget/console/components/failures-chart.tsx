/**
 * Failures over time as uPlot lines, one per rule or location (loaded lazily, like the GPS
 * sparkline). A canvas says nothing to a screen reader, so it is aria-hidden and the view's
 * table carries the same numbers; where no canvas can be drawn the table alone stays.
 */
import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';

const COLOURS = ['#0b57d0', '#b3261e', '#146c2e', '#8b5000', '#6750a4', '#006a6a', '#984061', '#4f4f4f'];

export interface ChartSeries {
  label: string;
  counts: number[];
}

export function FailuresChart({ starts, series, width = 640, height = 220 }: { starts: string[]; series: ChartSeries[]; width?: number; height?: number }) {
  const host = useRef<HTMLDivElement>(null);
  const key = JSON.stringify([starts, series]);
  useEffect(() => {
    const el = host.current;
    if (!el || series.length === 0 || !document.createElement('canvas').getContext?.('2d')) return;
    let gone = false;
    let plot: uPlot | null = null;
    const data: uPlot.AlignedData = [starts.map((s) => Date.parse(s) / 1000), ...series.map((s) => s.counts)];
    void import('uplot')
      .then(({ default: UPlot }) => {
        if (gone || !host.current) return;
        plot = new UPlot(
          {
            width,
            height,
            scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
            series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLOURS[i % COLOURS.length], width: 1.5 }))],
          },
          data,
          el,
        );
      })
      // No chart (uPlot throws at load on a malformed navigator.language): the table stays.
      .catch(() => undefined);
    return () => {
      gone = true;
      plot?.destroy();
    };
  }, [key, width, height]);
  return <div class="failures-chart" ref={host} aria-hidden="true" />;
}
