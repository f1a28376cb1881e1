import { useId } from 'react';
import { colorOf, flowBands, linear, linePath, niceTicks, pyramidBars } from './geometry.ts';
import { FONT, SuppressedPattern, useWidth, wrapClass, type ChartText } from './common.tsx';
import { useChartKeys } from './keyboard.tsx';

export interface Item {
  key: string;
  label: string;
  value: number | null;
  suppressed: boolean;
}

interface Labelled {
  text: ChartText;
  titleId: string;
  descId: string;
  svgRef?: React.Ref<SVGSVGElement>;
}

/** Horizontal bars, largest first (the order the API's figures give after sorting). */
export function RankingChart(props: Labelled & { items: Item[] }) {
  const { items, text } = props;
  const [wrap, width, fluid] = useWidth<HTMLDivElement>();
  const pattern = useId().replace(/:/g, '');
  const labelW = Math.min(180, Math.round(width * 0.36));
  const row = 26;
  const m = { top: 8, right: 80, bottom: 40, left: labelW + 8 };
  const height = m.top + m.bottom + items.length * row;
  const max = Math.max(0, ...items.map((i) => i.value ?? 0));
  const ticks = niceTicks(max, width < 480 ? 3 : 5);
  const x = linear([0, ticks[ticks.length - 1]!], [m.left, width - m.right]);
  // One series: the arrows walk the bars in the order drawn, top to bottom.
  const keys = useChartKeys({
    rows: 1,
    cols: items.length,
    mark: ({ col }) => ({ ...items[col]!, suppressed: items[col]!.value === null }), // drawn as confidential
    box: ({ col }) => {
      const it = items[col]!;
      return { x: m.left, y: m.top + col * row + 5, w: it.value === null ? 14 : Math.max(1, x(it.value) - m.left), h: row - 10 };
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
            <line x1={x(t)} x2={x(t)} y1={m.top} y2={height - m.bottom} stroke="#d5dbe3" />
            <text x={x(t)} y={height - m.bottom + 14} textAnchor="middle" fill="#1b1f24">
              {text.compact(t)}
            </text>
          </g>
        ))}
        <text x={(m.left + width - m.right) / 2} y={height - 6} textAnchor="middle" fill="#1b1f24" fontWeight="600">
          {text.yTitle}
        </text>
        {items.map((it, i) => {
          const yy = m.top + i * row;
          const label = it.label.length > 26 ? `${it.label.slice(0, 25)}…` : it.label;
          return (
            <g key={it.key} data-key={it.key}>
              <text x={m.left - 6} y={yy + row / 2} dy="0.32em" textAnchor="end" fill="#1b1f24">
                {label}
              </text>
              {it.value === null ? (
                <>
                  <rect x={m.left} y={yy + 5} width="14" height={row - 10} fill={`url(#${pattern})`} stroke="#4a5460" data-suppressed="true" />
                  <text x={m.left + 20} y={yy + row / 2} dy="0.32em" fill="#1b1f24">
                    {text.suppressed}
                  </text>
                </>
              ) : (
                <>
                  <rect x={m.left} y={yy + 5} width={Math.max(1, x(it.value) - m.left)} height={row - 10} fill={colorOf(0)}>
                    <title>{`${it.label}: ${text.number(it.value)}`}</title>
                  </rect>
                  <text x={x(it.value) + 4} y={yy + row / 2} dy="0.32em" fill="#1b1f24">
                    {text.number(it.value)}
                  </text>
                </>
              )}
            </g>
          );
        })}
        {keys.ring}
      </svg>
      {keys.target}
    </div>
  );
}

/** Sex × age pyramid: men left, women right, on one scale. */
export function Pyramid(props: Labelled & { groups: { key: string; label: string; male: number | null; female: number | null }[]; maleLabel: string; femaleLabel: string }) {
  const { groups, text } = props;
  const [wrap, width, fluid] = useWidth<HTMLDivElement>();
  const labelW = 70;
  const row = 28;
  const inner = width - 16;
  const height = 36 + groups.length * row + 8;
  const bars = pyramidBars(groups, inner, labelW);
  // Rows: men, women (Up/Down switch sides); columns: the age groups, youngest first.
  const keys = useChartKeys({
    rows: 2,
    cols: groups.length,
    mark: ({ row: side, col }) => {
      const g = groups[col]!;
      const value = side === 0 ? g.male : g.female;
      return { label: side === 0 ? props.maleLabel : props.femaleLabel, at: g.label, value, suppressed: value === null };
    },
    box: ({ row: side, col }) => {
      const b = bars[col]![side === 0 ? 'male' : 'female'];
      return { x: 8 + b.x, y: 30 + (groups.length - 1 - col) * row + 4, w: b.w, h: row - 8 };
    },
    size: { width, height },
    number: text.number,
  });
  return (
    <div ref={wrap} className={wrapClass(fluid)} {...keys.wrapProps(props.titleId)}>
      <svg ref={props.svgRef} xmlns="http://www.w3.org/2000/svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={props.titleId} aria-describedby={props.descId} fontFamily={FONT} fontSize="12">
        <rect width={width} height={height} fill="#ffffff" />
        <text x={8} y={18} fontWeight="600" fill="#1b1f24">
          {props.maleLabel}
        </text>
        <text x={width - 8} y={18} textAnchor="end" fontWeight="600" fill="#1b1f24">
          {props.femaleLabel}
        </text>
        {groups.map((g, i) => {
          const yy = 30 + (groups.length - 1 - i) * row;
          const b = bars[i]!;
          return (
            <g key={g.key}>
              <rect x={8 + b.male.x} y={yy + 4} width={b.male.w} height={row - 8} fill={colorOf(0)} />
              <rect x={8 + b.female.x} y={yy + 4} width={b.female.w} height={row - 8} fill={colorOf(1)} />
              <text x={8 + (inner - labelW) / 2 + labelW / 2} y={yy + row / 2} dy="0.32em" textAnchor="middle" fill="#1b1f24">
                {g.label}
              </text>
              <text x={8 + b.male.x - 4} y={yy + row / 2} dy="0.32em" textAnchor="end" fill="#1b1f24" fontSize="11">
                {g.male === null ? text.suppressed : text.compact(g.male)}
              </text>
              <text x={8 + b.female.x + b.female.w + 4} y={yy + row / 2} dy="0.32em" fill="#1b1f24" fontSize="11">
                {g.female === null ? text.suppressed : text.compact(g.female)}
              </text>
            </g>
          );
        })}
        {keys.ring}
      </svg>
      {keys.target}
    </div>
  );
}

/**
 * Corridor: the reporting countries as an ordered chain (south to north as given), a band
 * between them as thick as each country's own figure; suppressed figures are thin and hatched.
 */
export function FlowDiagram(props: Labelled & { nodes: Item[] }) {
  const { nodes, text } = props;
  const [wrap, width, fluid] = useWidth<HTMLDivElement>();
  const pattern = useId().replace(/:/g, '');
  const vertical = width < 560;
  const maxT = vertical ? 60 : 90;
  const thick = flowBands(
    nodes.map((n) => n.value),
    maxT,
  );
  const n = Math.max(1, nodes.length);
  const height = vertical ? 40 + n * 90 : 220;
  // On a phone the chain runs down the page, labels to the right of the nodes.
  const pos = (i: number) => (vertical ? { x: maxT / 2 + 12, y: 40 + i * 90 } : { x: 60 + (i * (width - 120)) / Math.max(1, n - 1), y: 110 });
  // The arrows follow the chain, south to north, as drawn and numbered.
  const keys = useChartKeys({
    rows: 1,
    cols: nodes.length,
    mark: ({ col }) => ({ ...nodes[col]!, label: `${col + 1}. ${nodes[col]!.label}` }),
    box: ({ col }) => {
      const p = pos(col);
      const r = Math.max(6, thick[col]! / 2);
      return { x: p.x - r, y: p.y - r, w: 2 * r, h: 2 * r };
    },
    size: { width, height },
    number: text.number,
  });
  return (
    <div ref={wrap} className={wrapClass(fluid)} {...keys.wrapProps(props.titleId)}>
      <svg ref={props.svgRef} xmlns="http://www.w3.org/2000/svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={props.titleId} aria-describedby={props.descId} fontFamily={FONT} fontSize="12">
        <SuppressedPattern id={pattern} />
        <rect width={width} height={height} fill="#ffffff" />
        {nodes.map((node, i) => {
          if (i === nodes.length - 1) return null;
          const a = pos(i);
          const b = pos(i + 1);
          const t = (thick[i]! + thick[i + 1]!) / 2;
          return <path key={`l${node.key}`} d={linePath([a, b])} stroke="#56B4E9" strokeOpacity="0.55" strokeWidth={t} strokeLinecap="round" fill="none" />;
        })}
        {nodes.map((node, i) => {
          const p = pos(i);
          const r = Math.max(6, thick[i]! / 2);
          return (
            <g key={node.key} data-key={node.key}>
              <circle cx={p.x} cy={p.y} r={r} fill={node.value === null ? `url(#${pattern})` : colorOf(0)} stroke="#1b1f24" />
              <text x={vertical ? p.x + r + 8 : p.x} y={vertical ? p.y : p.y - r - 18} dy={vertical ? '-0.2em' : 0} textAnchor={vertical ? 'start' : 'middle'} fontWeight="600" fill="#1b1f24">
                {`${i + 1}. ${node.label}`}
              </text>
              <text x={vertical ? p.x + r + 8 : p.x} y={vertical ? p.y : p.y - r - 4} dy={vertical ? '1em' : 0} textAnchor={vertical ? 'start' : 'middle'} fill="#1b1f24">
                {node.value === null ? text.suppressed : text.number(node.value)}
              </text>
            </g>
          );
        })}
        {keys.ring}
      </svg>
      {keys.target}
    </div>
  );
}

/** A tile's small trend: decorative (the tile states its figure in text). */
export function Sparkline({ values, width = 140, height = 36 }: { values: (number | null)[]; width?: number; height?: number }) {
  const max = Math.max(1, ...values.map((v) => v ?? 0));
  const x = linear([0, Math.max(1, values.length - 1)], [2, width - 2]);
  const y = linear([0, max], [height - 2, 2]);
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false" className="sparkline">
      <path d={linePath(values.map((v, i) => (v === null ? null : { x: x(i), y: y(v) })))} fill="none" stroke={colorOf(0)} strokeWidth="2" />
    </svg>
  );
}
