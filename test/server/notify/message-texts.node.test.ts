import { describe, expect, it } from 'vitest';
import type { PricedLine } from '../../../shared/contract/entities';
import { composeMessage, type LinkMessageFacts, type ReceiptMessageFacts } from '../../../server/src/notify/messages';
import { countSmsSegments } from '../../../server/src/notify/sms-segments';

// The demo studio's messages (and a UK studio's), with a public address as long as a real deployment's.

const US = { name: 'Demo Studio', locale: 'en-US', timeZone: 'America/New_York' };
const UK = { name: 'Camden Yoga', locale: 'en-GB', timeZone: 'Europe/London' };
const URL = 'https://frontdesk.example.com/demo-studio/i/Qk3vX9a2Lm8pR4tY6wZ1bC0d';
const EXPIRES = Date.parse('2026-11-27T21:27:00Z'); // 4:27 pm in New York, 21:27 in London

const line = (fields: Partial<PricedLine> & Pick<PricedLine, 'name' | 'kind' | 'totalCents'>): PricedLine => ({
  id: `line-${fields.name}`,
  itemId: `item-${fields.name}`,
  quantity: 1,
  unitCents: fields.totalCents,
  ...fields,
});
const vinyasa = line({ kind: 'class', name: 'Vinyasa Flow', totalCents: 2500, startsAt: '2026-11-27T23:00:00Z' });
const reformer = line({ kind: 'class', name: 'Reformer Pilates', totalCents: 4000, startsAt: '2026-11-28T14:00:00Z', seatLabel: 'R3' });
const privateSession = line({ kind: 'appointment', name: 'Private Session 60 min', totalCents: 9500, startsAt: '2026-11-27T22:00:00Z', staffName: 'Olivia' });
const socks = line({ kind: 'product', name: 'Grip Socks', totalCents: 1400 });
const bottles = line({ kind: 'product', name: 'Water Bottle', quantity: 2, unitCents: 1800, totalCents: 3600 });
const pack = line({ kind: 'package', name: '10-Class Pack', totalCents: 20000 });

const linkFacts = (lines: PricedLine[], overrides: Partial<LinkMessageFacts> = {}): LinkMessageFacts => ({
  kind: 'link',
  channel: 'sms',
  to: '+15555550101',
  studio: US,
  clientName: 'Maya Chen',
  lines,
  totalCents: lines.reduce((sum, l) => sum + l.totalCents, 0),
  currency: 'USD',
  url: URL,
  expiresAtMs: EXPIRES,
  ...overrides,
});
const sms = (facts: LinkMessageFacts | ReceiptMessageFacts) => composeMessage({ ...facts, channel: 'sms' }).text;
const oneGsmSegment = (text: string) => expect(countSmsSegments(text), text).toMatchObject({ encoding: 'gsm7', segments: 1 });

describe('link SMS', () => {
  it('says the studio, what it is for, when, the amount, the link and the expiry in one GSM-7 segment', () => {
    const text = sms(linkFacts([vinyasa, socks]));
    expect(text).toBe(`Demo Studio: Vinyasa Flow, Fri, Nov 27, 6:00 pm + 1 more. Pay $39.00: ${URL} (expires 4:27 pm)`);
    oneGsmSegment(text);
  });

  it("fits each of the demo studio's typical carts in one segment", () => {
    const carts = [[vinyasa], [vinyasa, socks], [reformer], [reformer, socks, bottles], [privateSession], [pack], [socks], [bottles], [pack, vinyasa, socks]];
    for (const lines of carts) {
      const text = sms(linkFacts(lines));
      oneGsmSegment(text);
      expect(text).toContain('Demo Studio: ');
      expect(text).toContain(lines[0]!.name);
      expect(text).toContain(URL);
      expect(text).toContain('(expires 4:27 pm)');
      if (lines.length > 1) expect(text).toContain(`+ ${lines.length - 1} more`);
    }
    // With a shorter address there is room for the seat, too.
    const shortUrl = 'https://fd.example/demo-studio/i/Qk3vX9a2Lm8pR4tY6wZ1bC0d';
    expect(sms(linkFacts([reformer, socks], { url: shortUrl }))).toBe(
      `Demo Studio: Reformer Pilates, seat R3, Sat, Nov 28, 9:00 am + 1 more. Pay $54.00: ${shortUrl} (expires 4:27 pm)`,
    );
    expect(sms(linkFacts([reformer, socks]))).toContain('Reformer Pilates, Sat, Nov 28, 9:00 am + 1 more. Pay $54.00:');
    expect(sms(linkFacts([bottles]))).toContain('2 x Water Bottle. Pay $36.00:');
  });

  it('drops detail before the link, the amount and the expiry when the words are long', () => {
    const longStudio = { ...US, name: 'The Riverside Community Yoga and Movement Collective' };
    const wordy = line({
      kind: 'class',
      name: 'Restorative Yin Yoga with Sound Bath and Guided Meditation',
      totalCents: 3200,
      startsAt: '2026-11-28T15:00:00Z',
      seatLabel: 'Mat 14',
    });
    const texts = [
      sms(linkFacts([wordy, socks])),
      sms(linkFacts([wordy, socks], { studio: longStudio })),
      sms(linkFacts([wordy], { url: `${URL}${'x'.repeat(30)}` })),
    ];
    for (const text of texts) {
      oneGsmSegment(text);
      expect(text).toMatch(/Pay \$\d+\.\d\d: https:\/\/\S+ \(expires 4:27 pm\)$/);
    }
    // The seat and the day go first, then the line's name is cut, and only then left out.
    expect(texts[0]).toBe(`Demo Studio: Restorative Yin Yoga with Sound... + 1 more. Pay $46.00: ${URL} (expires 4:27 pm)`);
    expect(texts[1]).toBe(`The Riverside Community Yoga and Movement Collective: Pay $46.00: ${URL} (expires 4:27 pm)`);
    expect(texts[2]).toBe(`Demo Studio: Restorative... Pay $32.00: ${URL}${'x'.repeat(30)} (expires 4:27 pm)`);
    // An address too long for any wording still goes whole, in the barest words.
    const huge = sms(linkFacts([wordy], { url: `${URL}${'x'.repeat(200)}` }));
    expect(huge).toBe(`Demo Studio: Pay $32.00: ${URL}${'x'.repeat(200)} (expires 4:27 pm)`);
  });

  it('keeps a name with typographic punctuation in GSM-7 instead of halving the room', () => {
    const text = sms(linkFacts([line({ kind: 'class', name: 'Zoë’s “Power” Flow — Level 2', totalCents: 2500, startsAt: '2026-11-27T23:00:00Z' })]));
    expect(text).toContain('Zoe\'s "Power" Flow - Level 2');
    oneGsmSegment(text);
  });

  it("writes a UK studio's money, day and time its own way", () => {
    const text = sms(linkFacts([vinyasa, socks], { studio: UK, currency: 'GBP', to: '+447700900123' }));
    expect(text).toBe(`Camden Yoga: Vinyasa Flow, Fri 27 Nov, 23:00 + 1 more. Pay £39.00: ${URL} (expires 21:27)`);
    oneGsmSegment(text);
  });
});

const receiptFacts = (overrides: Partial<ReceiptMessageFacts> = {}): ReceiptMessageFacts => ({
  kind: 'receipt',
  channel: 'sms',
  to: '+15555550103',
  studio: US,
  clientName: 'Alex Kim',
  lines: [reformer, socks],
  totalCents: 5400,
  currency: 'USD',
  receiptNumber: 'S-42',
  receiptUrl: 'https://frontdesk.example.com/demo-studio/r/rcp_Qk3vX9a2Lm8pR4tY6wZ1bC',
  paidAtMs: Date.parse('2026-11-27T21:20:00Z'),
  card: { brand: 'visa', last4: '4242' },
  ...overrides,
});

describe('receipt SMS', () => {
  it('says paid, the amount, the receipt number and its page in one segment', () => {
    const text = sms(receiptFacts());
    expect(text).toBe('Demo Studio: paid $54.00, thank you. Receipt S-42: https://frontdesk.example.com/demo-studio/r/rcp_Qk3vX9a2Lm8pR4tY6wZ1bC');
    oneGsmSegment(text);
    oneGsmSegment(sms(receiptFacts({ studio: { ...US, name: 'The Riverside Community Yoga and Movement Collective of Springfield' } })));
  });
});

describe('emails', () => {
  it('list each line with its booking day, time and seat, the total and the expiry, in text and HTML', () => {
    const email = composeMessage({ ...linkFacts([reformer, vinyasa, bottles]), channel: 'email', to: 'maya.chen@example.com' });
    expect(email.subject).toBe('Demo Studio: your payment link for $101.00');
    expect(email.text).toBe(
      [
        'Hi Maya,',
        '',
        'Demo Studio sent you a payment link for $101.00:',
        '- Reformer Pilates: $40.00',
        '  Sat, Nov 28, 9:00 AM, seat R3',
        '- Vinyasa Flow: $25.00',
        '  Fri, Nov 27, 6:00 PM',
        '- 2 × Water Bottle: $36.00',
        'Total: $101.00',
        '',
        `Pay here: ${URL}`,
        'The link expires at 4:27 PM.',
      ].join('\n'),
    );
    expect(email.html).toContain('<li>Reformer Pilates: $40.00<br><span style="color:#555">Sat, Nov 28, 9:00 AM, seat R3</span></li>');
    expect(email.html).toContain('<li>2 × Water Bottle: $36.00</li>');
    expect(email.html).toContain('Total: <strong>$101.00</strong>');
    expect(email.html).toContain(`<a href="${URL}">Pay $101.00</a><br>The link expires at 4:27 PM.`);
    expect(email.html).toContain('<html lang="en-US">');
  });

  it('escape what comes from data in the HTML and leave the text as typed', () => {
    const email = composeMessage({
      ...linkFacts([line({ kind: 'product', name: '<img src=x onerror=alert(1)> & "Socks"', totalCents: 100 })]),
      channel: 'email',
      studio: { ...US, name: 'Tom & Jerry’s <Studio>' },
      clientName: '<b>Eve</b> Smith',
      url: 'https://x.example/i/a"onmouseover="b',
    });
    expect(email.html).not.toMatch(/<img|<b>|<Studio>|"onmouseover/);
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Socks&quot;');
    expect(email.html).toContain('Tom &amp; Jerry’s &lt;Studio&gt;');
    expect(email.html).toContain('href="https://x.example/i/a&quot;onmouseover=&quot;b"');
    expect(email.text).toContain('- <img src=x onerror=alert(1)> & "Socks": $1.00');
    expect(email.text.startsWith('Hi <b>Eve</b>,')).toBe(true);
  });

  it("write a UK studio's email in pounds, day-month and 24-hour time", () => {
    const email = composeMessage({ ...linkFacts([reformer], { studio: UK, currency: 'GBP' }), channel: 'email' });
    expect(email.text).toContain('- Reformer Pilates: £40.00\n  Sat 28 Nov, 14:00, seat R3');
    expect(email.text).toContain('The link expires at 21:27.');
    expect(email.html).toContain('<html lang="en-GB">');
  });

  it('a receipt email has the lines, the total, the card, when it was paid and the receipt page', () => {
    const email = composeMessage({ ...receiptFacts(), channel: 'email', to: 'alex@example.com' });
    expect(email.subject).toBe('Your receipt from Demo Studio');
    expect(email.text).toContain('Thank you: we received $54.00.');
    expect(email.text).toContain('- Reformer Pilates: $40.00\n  Sat, Nov 28, 9:00 AM, seat R3');
    expect(email.text).toContain('Paid Nov 27, 2026, 4:20 PM with Visa •• 4242.');
    expect(email.text).toContain('Receipt S-42: https://frontdesk.example.com/demo-studio/r/rcp_Qk3vX9a2Lm8pR4tY6wZ1bC');
    expect(email.html).toContain('<a href="https://frontdesk.example.com/demo-studio/r/rcp_Qk3vX9a2Lm8pR4tY6wZ1bC">Receipt S-42</a>');
  });
});
