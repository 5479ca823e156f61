/**
 * One bench module measures one area and answers rows for the table `npm run bench` prints. To add figures
 * (payment-to-register latency by push and by polling, reconnect reconciliation time …), write a module and add
 * it to the list in run.ts.
 */
export type BenchRow = {
  area: string;
  metric: string;
  value: string;
  /** The budget, as text ("≤ 100 ms"); omitted when the row is informational. */
  budget?: string;
  /** Whether the value is within budget (or the expected result); undefined when there is no budget. */
  ok?: boolean;
};

export type BenchModule = { name: string; run(): Promise<BenchRow[]> };

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const index = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)]!;
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
