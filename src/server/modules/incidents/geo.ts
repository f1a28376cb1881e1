import { createRequire } from 'node:module';

/**
 * Where a point is, roughly enough to warn: each country's bounding box from world-atlas's
 * 110m shapes (the map's own geometry), widened by a margin so that a boat off the coast
 * counts as "near" its country. A point outside is a warning, never a refusal: IOM records
 * deaths at sea, and small islands have no 110m shape (no check then).
 */
interface Topology {
  transform: { scale: [number, number]; translate: [number, number] };
  arcs: [number, number][][];
  objects: { countries: { geometries: { id?: string; arcs: unknown }[] } };
}

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** How far outside its country's box a point may be (degrees, about 170 km at the equator). */
export const NEAR_DEGREES = 1.5;

let boxes: Map<string, BBox> | null = null;

function arcIndexes(arcs: unknown, out: number[]): void {
  if (typeof arcs === 'number') out.push(arcs < 0 ? ~arcs : arcs);
  else if (Array.isArray(arcs)) for (const a of arcs) arcIndexes(a, out);
}

/** Bounding boxes by ISO 3166-1 numeric code (decoded once, on first use). */
function boxesByNumeric(): Map<string, BBox> {
  if (boxes) return boxes;
  const topo = createRequire(import.meta.url)('world-atlas/countries-110m.json') as Topology;
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  // Arcs are delta-encoded in quantized units: decode each once.
  const decoded = topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * sx + tx, y * sy + ty] as [number, number];
    });
  });
  boxes = new Map();
  for (const g of topo.objects.countries.geometries) {
    if (!g.id) continue;
    const idx: number[] = [];
    arcIndexes(g.arcs, idx);
    const b: BBox = [180, 90, -180, -90];
    for (const i of idx) {
      for (const [lon, lat] of decoded[i] ?? []) {
        b[0] = Math.min(b[0], lon);
        b[1] = Math.min(b[1], lat);
        b[2] = Math.max(b[2], lon);
        b[3] = Math.max(b[3], lat);
      }
    }
    boxes.set(g.id.padStart(3, '0'), b);
  }
  return boxes;
}

/** true: near the country; false: clearly outside it; null: no shape to tell. */
export function nearCountry(numericCode: string | null, lat: number, lon: number): boolean | null {
  if (!numericCode) return null;
  const b = boxesByNumeric().get(numericCode.padStart(3, '0'));
  if (!b) return null;
  return lon >= b[0] - NEAR_DEGREES && lon <= b[2] + NEAR_DEGREES && lat >= b[1] - NEAR_DEGREES && lat <= b[3] + NEAR_DEGREES;
}

/** Great-circle distance in km (haversine). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const a = Math.sin(r(lat2 - lat1) / 2) ** 2 + Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lon2 - lon1) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * The Americas (UN M49 region 019: Northern America, the Caribbean, Central and South
 * America), by ISO3: the platform's region for regional totals of SDG 10.7.3.
 */
export const AMERICAS = [
  'BMU', 'CAN', 'GRL', 'SPM', 'USA',
  'AIA', 'ATG', 'ABW', 'BHS', 'BRB', 'BES', 'VGB', 'CYM', 'CUB', 'CUW', 'DMA', 'DOM', 'GRD', 'GLP', 'HTI', 'JAM', 'MTQ', 'MSR', 'PRI', 'BLM', 'KNA', 'LCA', 'MAF', 'VCT', 'SXM', 'TTO', 'TCA', 'VIR',
  'BLZ', 'CRI', 'SLV', 'GTM', 'HND', 'MEX', 'NIC', 'PAN',
  'ARG', 'BOL', 'BVT', 'BRA', 'CHL', 'COL', 'ECU', 'FLK', 'GUF', 'GUY', 'PRY', 'PER', 'SGS', 'SUR', 'URY', 'VEN',
];
