import { useId } from 'react';
import { bands, colorOf, dashOf, linePath, linear, niceTicks, stack } from './geometry.ts';
import { FONT, SuppressedPattern, useWidth, wrapClass, type ChartText, type Series } from './common.tsx';
import { useChartKeys } from './keyboard.tsx';

/**
 * Values over time, as lines or as stacked bars. Suppressed cells break a line (with a
 * hollow marker on the axis) and take no height in a stack (hatched marker): never zero.
 */
export function TimeChart(props: {
  kind: 'line' | 'bars';
  xLabels: string[];
  series: Series[];
  text: ChartText;
  titleId: string;
  descId: string;
  svgRef?: React.Ref<SVGSVGElement>;
}) {
  const { kind, xLabels, series, text } = props;
  const [wrap, width, fluid] = useWidth<HTMLDivElement>();
  const pattern = useId().replace(/:/g, '');
  const height = Math.round(Math.min(420, Math.max(260, width * 0.55)));
  // On a phone the y-axis title sits above the plot, not turned along the axis: there the
  // tick labels ("250 mil") reach the left edge and the turned title overlapped them (issue 21).
  const phone = width < 480;
  const m = { top: phone ? 30 : 16, right: 16, bottom: 58, left: phone ? 54 : 72 };
  const stacked = kind === 'bars' ? stack(series.map((s) => s.values)) : null;
  const max = stacked
    ? Math.max(0, ...stacked.flatMap((row) => row.map((c) => c.y1)))
    : Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const ticks = niceTicks(max, 5);
  const top = ticks[ticks.length - 1]!;
  const y = linear([0, top], [height - m.bottom, m.top]);
  const n = xLabels.length;
  const band = bands(n, [m.left, width - m.right], kind === 'bars' ? 0.25 : 0);
  const cx = (i: number) => band.start(i) + band.width / 2;
  // Label every k-th period so labels never overlap (about 70 px each).
  const every = Math.max(1, Math.ceil((n * 70) / Math.max(1, width - m.left - m.right)));
  // Left/Right along the periods, Up/Down between series. Every cell is reachable, also where
  // no mark is drawn (a line of more than 40 periods, a cell without a figure).
  const keys = useChartKeys({
    rows: series.length,
    cols: n,
    mark: ({ row, col }) => {
      const s = series[row]!;
      return { label: s.label, at: xLabels[col], value: s.values[col] ?? null, suppressed: !!s.suppressed[col] };
    },
    box: ({ row, col }) => {
      const v = series[row]!.values[col] ?? null;
      if (v !== null && stacked) {
        const c = stacked[row]![col]!;
        return { x: band.start(col), y: y(c.y1), w: Math.max(1, band.width), h: Math.max(0, y(c.y0) - y(c.y1)) };
      }
      if (v !== null) return { x: cx(col) - 3, y: y(v) - 3, w: 6, h: 6 };
      if (series[row]!.suppressed[col]) return { x: cx(col) - 4, y: y(0) - 10 - (row % 3) * 6, w: 8, h: 8 };
      return { x: cx(col) - 3, y: y(0) - 3, w: 6, h: 6 };
    },
    size: { width, height },
    number: text.number,
  });

  return (
    <div ref={wrap} className={wrapClass(fluid)} {...keys.wrapProps(props.titleId)}>
      <svg ref={props.svgRef} xmlns="http://www.w3.org/2000/svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={props.titleId} aria-describedby={props.descId} fontFamily={FONT} fontSize="12">
        <SuppressedPattern id={pattern} />
        <rect width={width} height={height} fill="#ffffff" />
        {ticks.map((t) => (
          <g key={t}>
            <line x1={m.left} x2={width - m.right} y1={y(t)} y2={y(t)} stroke="#d5dbe3" />
            <text x={m.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fill="#1b1f24">
              {text.compact(t)}
            </text>
          </g>
        ))}
        {xLabels.map((l, i) =>
          i % every === 0 ? (
            <text key={l} x={cx(i)} y={height - m.bottom + 16} textAnchor="middle" fill="#1b1f24">
              {l}
            </text>
          ) : null,
        )}
        <text x={(m.left + width - m.right) / 2} y={height - 12} textAnchor="middle" fill="#1b1f24" fontWeight="600">
          {text.xTitle}
        </text>
        <text
          data-testid="y-title"
          transform={phone ? `translate(4 14)` : `translate(14 ${(m.top + height - m.bottom) / 2}) rotate(-90)`}
          textAnchor={phone ? 'start' : 'middle'}
          fill="#1b1f24"
          fontWeight="600"
        >
          {text.yTitle}
        </text>
        <line x1={m.left} x2={width - m.right} y1={y(0)} y2={y(0)} stroke="#1b1f24" />
        {stacked
          ? series.map((s, si) => (
              <g key={s.key} fill={colorOf(si)}>
                {stacked[si]!.map((c, i) =>
                  s.values[i] === null ? null : (
                    <rect key={i} x={band.start(i)} width={Math.max(1, band.width)} y={y(c.y1)} height={Math.max(0, y(c.y0) - y(c.y1))}>
                      <title>{`${s.label}, ${xLabels[i]}: ${text.number(s.values[i]!)}`}</title>
                    </rect>
                  ),
                )}
              </g>
            ))
          : series.map((s, si) => (
              <g key={s.key}>
                <path d={linePath(s.values.map((v, i) => (v === null ? null : { x: cx(i), y: y(v) })))} fill="none" stroke={colorOf(si)} strokeWidth="2.5" strokeDasharray={dashOf(si)} />
                {n <= 40
                  ? s.values.map((v, i) =>
                      v === null ? null : (
                        <circle key={i} cx={cx(i)} cy={y(v)} r="3" fill={colorOf(si)}>
                          <title>{`${s.label}, ${xLabels[i]}: ${text.number(v)}`}</title>
                        </circle>
                      ),
                    )
                  : null}
              </g>
            ))}
        {/* Suppressed cells: a hatched marker on the axis, labelled. */}
        {series.map((s, si) =>
          s.suppressed.map((sup, i) =>
            sup ? (
              <rect key={`${s.key}-${i}`} x={cx(i) - 4} y={y(0) - 10 - (si % 3) * 6} width="8" height="8" fill={`url(#${pattern})`} stroke={colorOf(si)} data-suppressed="true">
                <title>{`${s.label}, ${xLabels[i]}: ${text.suppressed}`}</title>
              </rect>
            ) : null,
          ),
        )}
        {keys.ring}
      </svg>
      {keys.target}
    </div>
  );
}
