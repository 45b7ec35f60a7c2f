import type { ImportReport } from '#contracts';
import type { OutcomeVerified } from '#domain';

export type ParticipantStatus = 'referred' | 'rejected' | 'enrolled' | 'withdrawn';

export interface PaymentEntry extends Pick<
  OutcomeVerified['data'],
  'paymentId' | 'participantId' | 'outcomeCode' | 'occurrence' | 'revision' | 'achievedOn' | 'price' | 'amount' | 'capReason'
> {
  /** Simulation week in which the fact that verified it was sent. */
  verifiedWeek: number;
  reversed: boolean;
  confirmedOn: string | null;
}

export interface OutcomeFigures {
  code: string;
  verified: { count: number; amount: number };
  capped: { count: number; amount: number; shortfall: number };
  reversed: { count: number; amount: number };
}

export interface Figures {
  participants: Record<ParticipantStatus, number> & { total: number };
  outcomes: OutcomeFigures[];
  money: { triggered: number; confirmed: number; due: number; toRecover: number };
  caps: { total: number; used: number; headroom: number; perParticipant: number; participantsAtCap: number };
}

interface SentLine {
  type: string;
  data: Record<string, unknown>;
}

/**
 * The contract's figures as the service's answers told them: every referral answer, and every
 * import report (its rejected lines, its outcome events). Nothing here is computed from the
 * generated facts themselves.
 */
export class Tally {
  readonly participants = new Map<string, { variant: string; status: ParticipantStatus }>();
  readonly payments = new Map<string, PaymentEntry>();
  readonly placements = new Map<string, number>();
  readonly rejected: Array<{ file: string; line: number; error: string; message: string }> = [];
  lines = 0;
  duplicates = 0;
  events = 0;
  version = 0;

  constructor(
    private readonly prices: ReadonlyMap<string, number>,
    private readonly caps: { perParticipant: number; total: number },
  ) {}

  referral(participantId: string, variant: string, intakeOutcome: string, events: number): void {
    this.participants.set(participantId, { variant, status: intakeOutcome === 'accepted' ? 'referred' : 'rejected' });
    this.events += events;
  }

  report(file: string, lines: SentLine[], report: ImportReport, week: number): void {
    this.lines += report.lines;
    this.duplicates += report.duplicates;
    this.events += report.recorded;
    this.version = Math.max(this.version, report.version);
    const rejected = new Set(report.rejected.map((r) => r.line));
    for (const r of report.rejected) this.rejected.push({ file, line: r.line, error: r.error, message: r.message });
    lines.forEach((line, index) => {
      if (rejected.has(index + 1)) return;
      const participantId = line.data.participantId as string;
      const participant = this.participants.get(participantId);
      if (line.type === 'EnrolParticipant' && participant) participant.status = 'enrolled';
      if (line.type === 'WithdrawParticipant' && participant) participant.status = 'withdrawn';
      if (line.type === 'StartPlacement') this.placements.set(participantId, (this.placements.get(participantId) ?? 0) + 1);
      if (line.type === 'ConfirmPayment') {
        const entry = this.payments.get(line.data.paymentId as string);
        if (entry) entry.confirmedOn = line.data.confirmedOn as string;
      }
    });
    for (const event of report.outcomes.events) {
      if (event.type === 'OutcomeVerified') {
        this.payments.set(event.paymentId, {
          paymentId: event.paymentId,
          participantId: event.participantId,
          outcomeCode: event.outcomeCode,
          occurrence: event.occurrence,
          revision: event.revision,
          achievedOn: event.achievedOn ?? '',
          price: this.prices.get(event.outcomeCode) ?? event.amount,
          amount: event.amount,
          capReason: event.capReason ?? null,
          verifiedWeek: week,
          reversed: false,
          confirmedOn: null,
        });
      } else {
        const entry = this.payments.get(event.paymentId);
        if (entry) entry.reversed = true;
      }
    }
  }

  /** Verified, not reversed, not yet confirmed, with something to pay, verified at least `weeksAgo` weeks before `week`. */
  payable(week: number, weeksAgo: number): PaymentEntry[] {
    return [...this.payments.values()].filter((p) => !p.reversed && p.confirmedOn === null && p.amount > 0 && p.verifiedWeek <= week - weeksAgo);
  }

  figures(): Figures {
    const participants = { total: 0, referred: 0, rejected: 0, enrolled: 0, withdrawn: 0 };
    for (const p of this.participants.values()) {
      participants.total += 1;
      participants[p.status] += 1;
    }
    const outcomes: OutcomeFigures[] = [...this.prices.keys()].map((code) => ({
      code,
      verified: { count: 0, amount: 0 },
      capped: { count: 0, amount: 0, shortfall: 0 },
      reversed: { count: 0, amount: 0 },
    }));
    const money = { triggered: 0, confirmed: 0, due: 0, toRecover: 0 };
    const perParticipant = new Map<string, number>();
    for (const p of this.payments.values()) {
      const figures = outcomes.find((o) => o.code === p.outcomeCode)!;
      if (p.confirmedOn !== null) money.confirmed += p.amount;
      if (p.reversed) {
        figures.reversed.count += 1;
        figures.reversed.amount += p.amount;
        if (p.confirmedOn !== null) money.toRecover += p.amount;
        continue;
      }
      figures.verified.count += 1;
      figures.verified.amount += p.amount;
      if (p.capReason !== null) {
        figures.capped.count += 1;
        figures.capped.amount += p.amount;
        figures.capped.shortfall += p.price - p.amount;
      }
      money.triggered += p.amount;
      if (p.confirmedOn === null) money.due += p.amount;
      perParticipant.set(p.participantId, (perParticipant.get(p.participantId) ?? 0) + p.amount);
    }
    return {
      participants,
      outcomes,
      money,
      caps: {
        total: this.caps.total,
        used: money.triggered,
        headroom: this.caps.total - money.triggered,
        perParticipant: this.caps.perParticipant,
        participantsAtCap: [...perParticipant.values()].filter((amount) => amount >= this.caps.perParticipant).length,
      },
    };
  }

  /** Dropout by intake variant: withdrawn over ever enrolled. */
  dropoutByVariant(): Array<{ variant: string; enrolled: number; withdrawn: number }> {
    const rows = new Map<string, { variant: string; enrolled: number; withdrawn: number }>();
    for (const p of this.participants.values()) {
      if (p.status !== 'enrolled' && p.status !== 'withdrawn') continue;
      const row = rows.get(p.variant) ?? { variant: p.variant, enrolled: 0, withdrawn: 0 };
      row.enrolled += 1;
      if (p.status === 'withdrawn') row.withdrawn += 1;
      rows.set(p.variant, row);
    }
    return [...rows.values()].sort((a, b) => a.variant.localeCompare(b.variant));
  }
}
