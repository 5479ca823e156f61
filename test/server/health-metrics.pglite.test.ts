import { pgliteBackend } from '../support/server-backends';
import { healthMetricsSuite } from './suites/health-metrics-suite';

healthMetricsSuite(pgliteBackend);
