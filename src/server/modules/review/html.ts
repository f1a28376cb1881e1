import { t } from '../../platform/i18n/index.ts';
import { layoutChart } from './chart.ts';
import type { IndicatorBlock, ObjectiveSection, ReportModel, SectionText, StatusChart } from './model.ts';

/** The report as one printable HTML page (A4 print CSS), drawn from the document model only. */

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `
:root{color-scheme:light}
body{font-family:"DejaVu Sans",system-ui,sans-serif;color:#1a1a1a;margin:0 auto;max-width:60rem;padding:1.5rem;line-height:1.45;font-size:14px}
h1{font-size:2rem;margin:0 0 .5rem}h2{font-size:1.45rem;border-bottom:2px solid #1f5f99;padding-bottom:.2rem;margin-top:2.5rem}
h3{font-size:1.1rem;margin-top:1.5rem}h4{font-size:1rem;margin:1.2rem 0 .2rem}
.cover{border-bottom:4px solid #1f5f99;padding:2rem 0 1rem;margin-bottom:1.5rem}.cover p{margin:.2rem 0}
.meta{color:#444;font-size:.85rem;margin:.1rem 0 .4rem}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.3rem 0 1rem}
th,td{border-bottom:1px solid #ccc;padding:.2rem .4rem;text-align:left;vertical-align:top}th{background:#eef3f8}
td.num{text-align:right;white-space:nowrap}
.status{display:inline-block;width:.7rem;height:.7rem;margin-right:.3rem;border:1px solid #888;vertical-align:middle}
dl.figures{display:grid;grid-template-columns:1fr auto;gap:.2rem 1rem}dl.figures dt{margin:0}dl.figures dd{margin:0;text-align:right;font-weight:bold}
.text{background:#f6f8fa;border-left:4px solid #1f5f99;padding:.5rem 1rem;margin:1rem 0}.text.draft{border-left-color:#b5520c}
.badge{font-size:.75rem;background:#b5520c;color:#fff;padding:.05rem .4rem;border-radius:.2rem}
sup a{text-decoration:none;color:#1f5f99}
table.citations{font-size:.75rem}
figure{margin:.5rem 0}figcaption{font-size:.85rem;color:#444}
@media print{body{max-width:none;padding:0;font-size:10pt}h2{break-before:page}.cover{break-after:page}nav.toc{break-after:page}
thead{display:table-header-group}tr,figure{break-inside:avoid}a{color:inherit}}
@page{size:A4;margin:18mm 16mm}
`;

function sectionText(l: ReportModel['language'], text: SectionText | undefined): string {
  if (!text || !text.body.trim()) return '';
  const paras = text.body
    .split(/\n\s*\n/)
    .map((p) => `<p>${esc(p.trim()).replace(/\n/g, '<br>')}</p>`)
    .join('');
  const badge = text.status === 'draft' ? `<p><span class="badge">${esc(t(l, 'review.h.draftText', { version: text.version }))}</span></p>` : '';
  return `<div class="text${text.status === 'draft' ? ' draft' : ''}">${badge}${paras}</div>`;
}

const cite = (n: number) => `<sup><a href="#cite-${n}" aria-label="${n}">[${n}]</a></sup>`;

function indicatorTable(l: ReportModel['language'], b: IndicatorBlock): string {
  const head = (['country', 'baseline', 'latest', 'cagr', 'status'] as const).map((k) => `<th scope="col">${esc(t(l, `review.col.${k}`))}</th>`).join('');
  const rows = b.rows
    .map((r) => {
      const fig = (x: typeof r.baseline) => (x ? `${esc(x.text)} (${esc(x.period)})${cite(x.cite)}` : '—');
      return `<tr><th scope="row">${esc(r.countryName)}</th><td class="num">${fig(r.baseline)}</td><td class="num">${fig(r.latest)}</td><td class="num">${r.cagr ? esc(r.cagr) : '—'}</td><td>${esc(r.statusLabel)}</td></tr>`;
    })
    .join('');
  const name = `${esc(b.name)}${b.nameDraft ? ` <em>(${esc(t(l, 'review.draftTranslation'))})</em>` : ''}`;
  return `<h4 id="ind-${esc(b.code)}">${esc(b.code)} — ${name}</h4><p class="meta">${esc(t(l, 'review.col.unit'))}: ${esc(b.unit)} · ${esc(b.directionLabel)} · ${esc(b.provenance)}</p>
<table><caption class="meta">${esc(b.code)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function chartSvg(chart: StatusChart, id: string): string {
  if (!chart.bars.length) return '';
  const g = layoutChart(chart, 520);
  const rects = g.rects.map((r) => `<rect x="${r.x.toFixed(2)}" y="${r.y.toFixed(2)}" width="${r.w.toFixed(2)}" height="${r.h}" fill="${r.fill}"/>`).join('');
  const labels = g.labels.map((x) => `<text x="${x.x.toFixed(2)}" y="${x.y.toFixed(2)}" font-size="${x.size}" fill="${x.fill}" text-anchor="${x.anchor}">${esc(x.text)}</text>`).join('');
  const desc = chart.bars.map((b) => `${b.label}: ${b.segments.map((s) => `${chart.legend.find((x) => x.status === s.status)?.label ?? s.status} ${s.count}`).join(', ')}`).join('; ');
  return `<figure><svg role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${g.width} ${g.height.toFixed(0)}" width="100%" style="max-width:${g.width * 1.4}px" font-family="DejaVu Sans, sans-serif"><title id="${id}-t">${esc(chart.title)}</title><desc id="${id}-d">${esc(desc)}</desc>${rects}${labels}</svg><figcaption>${esc(chart.title)}</figcaption></figure>`;
}

function objective(l: ReportModel['language'], s: ObjectiveSection, text: SectionText | undefined): string {
  const parts = [`<section id="${s.key}" aria-labelledby="${s.key}-h"><h2 id="${s.key}-h">${esc(t(l, 'review.h.objective', { n: s.number }))} ${esc(s.title)}</h2>`, sectionText(l, text)];
  parts.push(`<h3>${esc(t(l, 'review.h.indicators'))}</h3>`);
  parts.push(s.indicators.length ? s.indicators.map((b) => indicatorTable(l, b)).join('') : `<p>${esc(t(l, 'review.gap.noIndicator'))}</p>`);
  if (s.chart.bars.length) parts.push(`<h3>${esc(t(l, 'review.h.chart'))}</h3>${chartSvg(s.chart, `chart-${s.number}`)}`);
  parts.push(`<h3>${esc(t(l, 'review.h.practices'))}</h3><p>${esc(t(l, 'review.practicesCount', { n: s.practices.total }))}${s.practices.countries ? ` ${esc(t(l, 'review.practicesCountries', { list: s.practices.countries }))}` : ''}</p>`);
  if (s.practices.highlighted.length) {
    parts.push(`<ul>${s.practices.highlighted.map((p) => `<li><strong>${esc(p.title)}</strong> — ${esc(p.kind)}; ${esc(p.countries)}${p.published ? `; ${esc(p.published)}` : ''}</li>`).join('')}</ul>`);
  }
  const c = s.commitments;
  parts.push(`<h3>${esc(t(l, 'review.h.commitments'))}</h3>`);
  if (!c.roadmaps.length && !c.pledges.length) parts.push(`<p>${esc(t(l, 'review.noCommitments'))}</p>`);
  if (c.roadmaps.length) {
    parts.push(`<p>${esc(t(l, 'review.actionsByStatus'))}: ${esc(c.actionsByStatus.map((x) => `${x.label} ${x.count}`).join(', ') || '—')}</p>`);
    parts.push(`<ul>${c.roadmaps.map((r) => `<li>${esc(r.title)} — ${esc(t(l, 'review.actions', { n: r.actions }))}${r.byStatus.length ? ` (${esc(r.byStatus.map((x) => `${x.label} ${x.count}`).join(', '))})` : ''}</li>`).join('')}</ul>`);
  }
  if (c.pledges.length) parts.push(`<p>${esc(t(l, 'review.h.pledges'))}:</p><ul>${c.pledges.map((p) => `<li>${esc(p.title)} — ${esc(p.countries)}; ${esc(p.statusLabel)}</li>`).join('')}</ul>`);
  parts.push(`<h3>${esc(t(l, 'review.h.gaps'))}</h3>`);
  parts.push(s.gaps.length ? `<ul>${s.gaps.map((g) => `<li>${esc(g)}</li>`).join('')}</ul>` : `<p>${esc(t(l, 'review.noGaps'))}</p>`);
  parts.push('</section>');
  return parts.join('\n');
}

export function renderHtml(model: ReportModel, texts: Map<string, SectionText>): string {
  const l = model.language;
  const toc = [
    `<li><a href="#summary">${esc(t(l, 'review.h.summary'))}</a></li>`,
    ...model.sections.map((s) => `<li><a href="#${s.key}">${esc(t(l, 'review.h.objective', { n: s.number }))} ${esc(s.title)}</a></li>`),
    `<li><a href="#annex">${esc(t(l, 'review.h.annex'))}</a></li>`,
    `<li><a href="#citations">${esc(t(l, 'review.h.citations'))}</a></li>`,
  ].join('');
  const summary = `<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">${esc(t(l, 'review.h.summary'))}</h2>${sectionText(l, texts.get('summary'))}<dl class="figures">${model.summary.map((f) => `<dt>${esc(f.label)}</dt><dd>${esc(f.value)}</dd>`).join('')}</dl></section>`;
  const annex = `<section id="annex" aria-labelledby="annex-h"><h2 id="annex-h">${esc(t(l, 'review.h.annex'))}</h2>${sectionText(l, texts.get('annex'))}
<h3>${esc(t(l, 'review.h.sources'))}</h3><ul>${model.annex.sources.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>
<h3>${esc(t(l, 'review.h.method'))}</h3>${model.annex.method.map((s) => `<p>${esc(s)}</p>`).join('')}
<h3>${esc(t(l, 'review.h.suppression'))}</h3><p>${esc(model.annex.suppression)}</p></section>`;
  const citeHead = (['n', 'what', 'revision', 'origin', 'source'] as const).map((k) => `<th scope="col">${esc(t(l, `review.colCite.${k}`))}</th>`).join('');
  const citations = `<section id="citations" aria-labelledby="citations-h"><h2 id="citations-h">${esc(t(l, 'review.h.citations'))}</h2>${
    model.citations.length
      ? `<p>${esc(model.citationsIntro)}</p><table class="citations"><thead><tr>${citeHead}</tr></thead><tbody>${model.citations
          .map((c) => `<tr id="cite-${c.n}"><td>${c.n}</td><td>${esc(c.what)}</td><td>${esc(c.revision)}</td><td>${esc(c.origin)}</td><td>${esc(c.source)}</td></tr>`)
          .join('')}</tbody></table>`
      : `<p>${esc(t(l, 'review.noCitations'))}</p>`
  }</section>`;
  return `<!doctype html>
<html lang="${l}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(model.title)}</title><style>${CSS}</style></head>
<body><header class="cover"><p>${esc(model.subtitle)}</p><h1>${esc(model.title)}</h1>
<p>${esc(t(l, 'review.cover.scope'))}: ${esc(model.scopeText)}</p><p>${esc(t(l, 'review.cover.period'))}: ${esc(model.periodText)}</p><p>${esc(t(l, 'review.cover.asOf'))}: ${esc(model.asOfText)}</p></header>
<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">${esc(t(l, 'review.h.contents'))}</h2><ol>${toc}</ol></nav>
<main>${summary}
${model.sections.map((s) => objective(l, s, texts.get(s.key))).join('\n')}
${annex}
${citations}</main></body></html>`;
}
