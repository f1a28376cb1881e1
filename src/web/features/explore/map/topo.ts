/**
 * The map's geometry: a small TopoJSON decoder (world-atlas countries-110m, quantized) and
 * a Mercator projection clipped to the Americas. Only the countries of the Americas are
 * drawn; world-atlas keys countries by ISO 3166-1 numeric code, AMERICAS maps those to
 * alpha-3 (the platform's codes).
 */
export interface Topology {
  type: 'Topology';
  transform?: { scale: [number, number]; translate: [number, number] };
  arcs: [number, number][][];
  objects: Record<string, { type: 'GeometryCollection'; geometries: TopoGeometry[] }>;
}
export interface TopoGeometry {
  type: 'Polygon' | 'MultiPolygon' | null;
  id?: string;
  arcs?: number[][] | number[][][];
}

/** ISO 3166-1 numeric → alpha-3, the countries and territories of the Americas in world-atlas 110m. */
export const AMERICAS: Record<string, string> = {
  '032': 'ARG', '044': 'BHS', '068': 'BOL', '076': 'BRA', '084': 'BLZ', '124': 'CAN', '152': 'CHL', '170': 'COL',
  '188': 'CRI', '192': 'CUB', '214': 'DOM', '218': 'ECU', '222': 'SLV', '238': 'FLK', '304': 'GRL', '320': 'GTM',
  '328': 'GUY', '332': 'HTI', '340': 'HND', '388': 'JAM', '484': 'MEX', '558': 'NIC', '591': 'PAN', '600': 'PRY',
  '604': 'PER', '630': 'PRI', '740': 'SUR', '780': 'TTO', '840': 'USA', '858': 'URY', '862': 'VEN', '250': 'FRA',
};

/** Decodes arcs (delta-encoded, quantized) into longitude/latitude points. */
export function decodeArcs(topo: Topology): [number, number][][] {
  const t = topo.transform;
  return topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      if (!t) return [dx, dy] as [number, number];
      x += dx;
      y += dy;
      return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]] as [number, number];
    });
  });
}

/** The rings of a geometry as lists of [lon, lat]; a negative arc index runs backwards (~i). */
export function rings(geom: TopoGeometry, arcs: [number, number][][]): [number, number][][] {
  const ring = (idx: number[]) => {
    const out: [number, number][] = [];
    for (const i of idx) {
      const a = i >= 0 ? arcs[i]! : [...arcs[~i]!].reverse();
      out.push(...(out.length ? a.slice(1) : a));
    }
    return out;
  };
  if (geom.type === 'Polygon') return (geom.arcs as number[][]).map(ring);
  if (geom.type === 'MultiPolygon') return (geom.arcs as number[][][]).flatMap((poly) => poly.map(ring));
  return [];
}

/** Mercator, fitted to a longitude/latitude box, into a width × height frame. */
export function mercator(box: { west: number; east: number; south: number; north: number }, width: number, height: number) {
  const rad = Math.PI / 180;
  const my = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (Math.max(-85, Math.min(85, lat)) * rad) / 2));
  const x0 = box.west * rad;
  const x1 = box.east * rad;
  const y0 = my(box.north);
  const y1 = my(box.south);
  const k = Math.min(width / (x1 - x0), height / (y0 - y1));
  return ([lon, lat]: [number, number]): [number, number] => [(lon * rad - x0) * k, (y0 - my(lat)) * k];
}

export const AMERICAS_BOX = { west: -170, east: -30, south: -56, north: 72 };

/** SVG path of rings, dropping rings outside the Americas box (overseas parts of FRA, antimeridian pieces). */
export function ringsPath(rs: [number, number][][], project: (p: [number, number]) => [number, number]): string {
  let d = '';
  for (const r of rs) {
    const inside = r.some(([lon, lat]) => lon >= AMERICAS_BOX.west && lon <= AMERICAS_BOX.east && lat >= AMERICAS_BOX.south && lat <= AMERICAS_BOX.north);
    const crosses = r.some(([lon]) => lon > 0);
    if (!inside || crosses) continue;
    r.forEach((p, i) => {
      const [x, y] = project(p);
      d += `${i ? 'L' : 'M'}${Math.round(x * 10) / 10},${Math.round(y * 10) / 10}`;
    });
    d += 'Z';
  }
  return d;
}

/** The box around a drawn path (its points' extent), for the keyboard's focus ring (charts/keyboard.tsx). */
export function pathBox(d: string): { x: number; y: number; w: number; h: number } {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [, xs, ys] of d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)) {
    const x = Number(xs);
    const y = Number(ys);
    [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  }
  return x0 <= x1 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : { x: 0, y: 0, w: 0, h: 0 };
}
