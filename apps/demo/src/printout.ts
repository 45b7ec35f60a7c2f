import { formatMinorUnits } from '#domain';
import type { Figures, PaymentEntry } from './tally.js';

/** Minor units as Danish kroner with øre (1.234.567,89), as the CLI writes them by default. */
export function dkk(minor: number): string {
  return formatMinorUnits(minor);
}

export function count(n: number): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function row(cells: Array<string | number>, widths: number[]): string {
  return cells
    .map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i])))
    .join('  ')
    .trimEnd();
}

export function participantLines(
  figures: Figures,
  dropout: Array<{ variant: string; enrolled: number; withdrawn: number }>,
  placements: { total: number; placed: number },
): string[] {
  const p = figures.participants;
  const pct = (a: number, b: number) => (b === 0 ? '-' : `${Math.round((100 * a) / b)} %`);
  return [
    'Participants by status',
    `  referred, not (yet) enrolled ${String(p.referred).padStart(5)}`,
    `  rejected at intake           ${String(p.rejected).padStart(5)}`,
    `  enrolled (active)            ${String(p.enrolled).padStart(5)}`,
    `  withdrawn (dropouts)         ${String(p.withdrawn).padStart(5)}   dropout by intake: ${dropout.map((d) => `${d.variant} ${pct(d.withdrawn, d.enrolled)} of ${d.enrolled}`).join(', ')}`,
    `  total referred               ${String(p.total).padStart(5)}`,
    `  placements ${placements.total} for ${placements.placed} placed participants (${(placements.total / Math.max(1, placements.placed)).toFixed(1)} each on average)`,
  ];
}

export function outcomeLines(figures: Figures): string[] {
  const widths = [18, 9, 16, 9, 15, 7, 15];
  const lines = ['Outcomes (DKK)', `  ${row(['', 'verified', 'amount', 'reversed', 'amount', 'capped', 'cut by caps'], widths)}`];
  for (const o of figures.outcomes) {
    lines.push(
      `  ${row([o.code, o.verified.count, dkk(o.verified.amount), o.reversed.count, dkk(-o.reversed.amount), o.capped.count, dkk(o.capped.shortfall)], widths)}`,
    );
  }
  const total = figures.outcomes.reduce(
    (t, o) => ({
      v: t.v + o.verified.count,
      va: t.va + o.verified.amount,
      r: t.r + o.reversed.count,
      ra: t.ra + o.reversed.amount,
      c: t.c + o.capped.count,
      cs: t.cs + o.capped.shortfall,
    }),
    { v: 0, va: 0, r: 0, ra: 0, c: 0, cs: 0 },
  );
  lines.push(`  ${row(['total', total.v, dkk(total.va), total.r, dkk(-total.ra), total.c, dkk(total.cs)], widths)}`);
  lines.push('  (verified: not reversed, capped ones included; reversed: amounts taken back; cut by caps: price minus amount)');
  return lines;
}

export function moneyLines(figures: Figures): string[] {
  const m = figures.money;
  const c = figures.caps;
  const w = 16;
  return [
    'Money (DKK)',
    `  triggered    ${dkk(m.triggered).padStart(w)}   verified outcomes not reversed`,
    `  confirmed    ${dkk(m.confirmed).padStart(w)}   paid, as confirmed by the payment service`,
    `  due          ${dkk(m.due).padStart(w)}   triggered, not yet paid`,
    `  to recover   ${dkk(m.toRecover).padStart(w)}   paid for outcomes reversed since`,
    `  headroom     ${dkk(c.headroom).padStart(w)}   of the contract cap of ${dkk(c.total)}; ${c.participantsAtCap} participant(s) at the cap of ${dkk(c.perParticipant)}`,
  ];
}

export function exampleLines(payments: PaymentEntry[]): string[] {
  const status = (p: PaymentEntry) =>
    p.reversed ? (p.confirmedOn ? 'reversed after payment: to recover' : 'reversed') : p.confirmedOn ? `paid ${p.confirmedOn}` : 'due';
  return [
    'Example payment identities (contract:participant:outcome:occurrence:revision)',
    ...payments.map(
      (p) => `  ${p.paymentId}\n      achieved ${p.achievedOn}, DKK ${dkk(p.amount)}${p.capReason ? ` (capped: ${p.capReason})` : ''}, ${status(p)}`,
    ),
  ];
}
