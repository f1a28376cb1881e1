// Prints one closing line over every vitest JSON report: "tests: N passed, N failed, N skipped".
import fs from 'node:fs';
let passed = 0, failed = 0, skipped = 0;
for (const f of process.argv.slice(2)) {
  if (!fs.existsSync(f)) continue;
  const r = JSON.parse(fs.readFileSync(f, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`(${f}) passed ${r.numPassedTests ?? 0} · failed ${r.numFailedTests ?? 0}`);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
