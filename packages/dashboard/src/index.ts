/** The operator dashboard's build (the page itself lives in src/app and runs in the browser). */
export { type BuiltFile, buildDashboard, buildDashboardSync, DASHBOARD_DIST, dashboardSizes, MAX_GZIP_BYTES } from './build';
