// tables
export * from './tables/evidence-rows.js';
export * from './tables/evidence-definitions.js';
export * from './tables/employment-spells.js';
export * from './tables/contract-evidence.js';

// figures
export * from './figures/wilson-interval.js';
export * from './figures/kaplan-meier.js';
export * from './figures/cell-suppression.js';
export * from './figures/evidence-figures.js';
export * from './figures/dropout.figure.js';
export * from './figures/funnel.figure.js';
export * from './figures/jobs-before-lasting.figure.js';
export * from './figures/time-to-event.figure.js';
export * from './figures/money-by-month.figure.js';
export * from './figures/participant-paths.js';
export * from './figures/contract-figures.js';

// package
export * from './package/export-pseudonyms.js';
export * from './package/date-coarsening.js';
export * from './package/package-metadata.js';
export * from './package/evidence-resources.js';
export * from './package/datapackage-descriptor.js';
export * from './package/package-readme.js';
export * from './package/evidence-package.writer.js';

// report
export * from './report/report-charts.js';
export * from './report/chart-svg.js';
export * from './report/evidence-report.js';
export * from './report/report-threads.js';
