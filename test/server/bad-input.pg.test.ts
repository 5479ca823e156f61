import { onPostgres } from '../support/server-backends';
import { badInputMatrixSuite } from './suites/bad-input-matrix-suite';
import { badInputSuite } from './suites/bad-input-suite';

await onPostgres('bad input', badInputSuite);
await onPostgres('bad-input matrix', badInputMatrixSuite);
