import { startMultiNodeCluster, type MultiNodeCluster } from '../support/multi-node';
import { openPgTestCluster } from '../support/pg-test-server';
import type { BenchRow } from './bench-module';

/**
 * Runs `measure` on `count` server processes on a fresh database of the machine's PostgreSQL, and tears it all
 * down after; without PostgreSQL the bench answers one "skipped" row instead.
 */
export async function onPgNodes(area: string, count: number, measure: (nodes: MultiNodeCluster) => Promise<BenchRow[]>): Promise<BenchRow[]> {
  const { cluster: pg, reason } = await openPgTestCluster();
  if (!pg) return [{ area, metric: 'run', value: `skipped: ${reason}` }];
  try {
    const nodes = await startMultiNodeCluster(pg, { nodes: count });
    try {
      return await measure(nodes);
    } finally {
      await nodes.close();
    }
  } finally {
    await pg.dispose();
  }
}
