/** Parses what staff type as tendered cash ("20", "20.5", "$20.50") into cents; null when it is not an amount. */
export function parseCashInput(text: string): number | null {
  const cleaned = text.replace(/[$,\s]/g, '');
  if (!/^\d{1,7}(\.\d{0,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Quick-tender buttons: the exact amount and the next round notes above it. */
export function quickTenders(totalCents: number): number[] {
  const amounts = new Set<number>([totalCents]);
  for (const note of [500, 1000, 2000, 5000, 10000]) {
    const rounded = Math.ceil(totalCents / note) * note;
    if (rounded > totalCents) amounts.add(rounded);
    if (amounts.size >= 4) break;
  }
  return [...amounts].sort((a, b) => a - b);
}
