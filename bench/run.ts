import { benchPractices } from './practices.ts';
import { benchObservatory } from './observatory.ts';
import { benchObservatoryImport } from './observatory-import.ts';
import { benchObservatoryQueries } from './observatory-query.ts';
import { benchExplore } from './explore.ts';
import { benchFileStore } from './file-store.ts';
import { benchIncidents } from './incidents.ts';
import { benchIndicators } from './indicators.ts';
import { benchCases } from './cases.ts';
import { benchBackup } from './backup.ts';
import { benchReviewReport } from './review-report.ts';
import { benchLoad } from './load.ts';
import { benchSuppression } from './suppression.ts';
import { benchCooperation } from './cooperation.ts';
import { printTable, writeResults, type Figure } from './lib.ts';

/**
 * `npm run bench`: every benchmark, printed as one table beside its reference (raw SQL on
 * the same data), and written to bench/results/latest.json.
 */
const figures: Figure[] = [];
figures.push(...(await benchPractices()));
figures.push(...(await benchObservatory()));
figures.push(...(await benchObservatoryImport()));
figures.push(...(await benchObservatoryQueries()));
figures.push(...(await benchExplore()));
figures.push(...(await benchFileStore()));
figures.push(...(await benchIncidents()));
figures.push(...(await benchIndicators()));
figures.push(...(await benchCases()));
figures.push(...(await benchBackup()));
figures.push(...(await benchReviewReport()));
figures.push(...(await benchLoad()));
figures.push(...(await benchSuppression()));
figures.push(...(await benchCooperation()));
console.log('');
printTable(figures);
writeResults(figures);
console.log('\nwritten to bench/results/latest.json');
process.exit(0);
