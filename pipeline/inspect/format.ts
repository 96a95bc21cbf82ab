// The inspection as a person reads it: per file what it is, what a load would do, the checklist, and a
// short profile of each column. Phones are already masked in the profiles.

import { basename } from 'node:path';
import { failures, type Inspection } from './inspect.ts';

const MARK = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;

export function formatInspection(inspection: Inspection): string {
  const results = inspection.files;
  const out: string[] = [];
  for (const f of results) {
    const what = [f.source ?? 'no known ledger', f.encoding, f.lineEndings.verdict !== 'none' ? f.lineEndings.verdict : null, f.headerRow ? `header on line ${f.headerRow}` : null, `${f.rows} rows`]
      .filter(Boolean)
      .join(', ');
    out.push(`${basename(f.file)} — ${what}`);
    for (const c of f.checks) out.push(`  ${MARK[c.level]}  ${c.name}: ${c.detail}`);
    if (f.columns.length) out.push('  columns:');
    for (const c of f.columns) {
      if (!c.label.trim() && c.values === c.empty) continue;
      const label = c.label.replace(/\s+/g, ' ').trim() || '(no label)';
      const top = c.top.map((t) => `${t.value.replace(/\s+/g, ' ')} ×${t.count}`).join(', ');
      const forms = c.forms ? ` · forms: ${Object.entries(c.forms).map(([k, n]) => `${k} ${n}`).join(', ')}` : '';
      out.push(`    ${label}${c.key ? ` → ${c.key}` : ''}${c.kind ? ` [${c.kind}]` : ''}: empty ${c.empty}, distinct ${c.distinct}${c.distinctIsLowerBound ? '+' : ''}${top ? `, top ${top}` : ''}${forms}`);
      // What the load will repair to read the cells: `full-width 3 (e.g. ０１０-****-５６７８)`.
      const repaired = Object.entries(c.repaired ?? {});
      if (repaired.length) {
        out.push(`      read after a repair: ${repaired.map(([k, r]) => `${k} ${r.cells} (e.g. ${r.examples.map((e) => e.replace(/\s+/g, ' ')).join(' | ')})`).join('; ')}`);
      }
    }
    out.push('');
  }
  if (inspection.sources.length) out.push('What a load of these files would do:');
  for (const p of inspection.sources) {
    const from = p.files.length === 1 ? basename(p.files[0]!) : `${p.files.length} files`;
    out.push(`  ${p.source} (${from}, ${p.rows} rows): load ${p.loaded} · merge ${p.merged} · review ${p.review} · reject ${p.rejected} · skip ${p.skipped}`);
    for (const c of p.checks) out.push(`    ${MARK[c.level]}  ${c.name}: ${c.detail}`);
  }
  if (inspection.sources.length) out.push('');
  const fails = failures(inspection).length;
  out.push(fails ? `${fails} file(s) or source(s) would fail to load: see FAIL lines above` : `${results.length} file(s) inspected; nothing would fail to load`);
  return out.join('\n');
}
