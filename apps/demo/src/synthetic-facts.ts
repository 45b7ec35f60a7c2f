import { createHash } from 'node:crypto';
import { fromEpochDay, isoWeekOf, parseCivilDate, type PlacementKind, toEpochDay } from '#domain';
import { Prng } from './prng.js';

// A year of synthetic facts for an IMPACT60-like contract (docs/rules.md §1): citizens referred over
// the first three months, most enrolled, a circular path through ~2.3 placements with gaps, some
// dropouts (fewer after the thorough intake), payslips each month, the benefit register (DREAM)
// about eight weeks late, a few register corrections, one misreported start date corrected, and
// one payslip revoked. Everything is drawn from a seeded generator: the same seed, the same facts.

/** One line of an import file; `citizen` is replaced by that citizen's pseudonym when it is known. */
export interface FactLine {
  commandId: string;
  type: string;
  citizen?: number;
  data: Record<string, unknown>;
}

export interface SyntheticReferral {
  citizen: number;
  /** Synthetic, with a real date part: never printed, never stored (only its pseudonym is). */
  cpr: string;
  referredOn: string;
  intakeVariant: 'thorough' | 'standard';
  intakeOutcome: 'accepted' | 'rejected';
}

export interface WeekPlan {
  index: number;
  monday: string;
  sunday: string;
  /** Citizens referred this week (sent one by one: each answer gives the pseudonym). */
  referrals: SyntheticReferral[];
  /** The provider's weekly file: enrolments, placements, payslips (first week of a month), withdrawals. */
  provider: FactLine[];
  /** The commissioner's weekly DREAM extract: benefit weeks from DREAM_LAG_WEEKS ago, and corrections. */
  register: FactLine[];
  /** Set in the week that holds the 1st of a month: the payment run's date. */
  paymentRun: string | null;
}

export interface DemoPlan {
  seed: number;
  start: string;
  end: string;
  weeks: WeekPlan[];
  /** What was generated, for the printed description (the printed results come from the service). */
  generated: {
    citizens: number;
    placements: number;
    placedCitizens: number;
    payslips: number;
    benefitWeeks: number;
    registerCorrections: number;
    placementCorrections: number;
    revokedPayslips: number;
  };
}

export const DREAM_LAG_WEEKS = 8;

interface Placement {
  id: string;
  employerRef: string;
  kind: PlacementKind;
  hoursPerWeek: number;
  start: number;
  /** Inclusive; undefined: still open at the end of the year. */
  end?: number;
  endReason?: string;
  /** The start date first reported, when the provider got it wrong (corrected later). */
  reportedStart?: number;
}

interface Citizen {
  index: number;
  referral: SyntheticReferral;
  enrolledOn?: number;
  withdrawnOn?: number;
  withdrawalReason?: string;
  placements: Placement[];
  /** Benefit paid in week w of the simulation (the truth the register will report). */
  benefitPaid: boolean[];
}

const WITHDRAWAL_REASONS = ['moved to another municipality', 'long-term illness', 'declined to continue', 'started own business', 'no longer eligible'];
const END_REASONS = ['temporary contract ended', 'trial period not passed', 'employer downsized', 'moved on to another job'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function syntheticCpr(rng: Prng, used: Set<string>): string {
  for (;;) {
    const birth = fromEpochDay(rng.int(toEpochDay('1962-01-01'), toEpochDay('1999-12-31')));
    const { year, month, day } = parseCivilDate(birth);
    // Born in the 1900s: the serial number's first digit is 0-3 (the CPR office's century rule).
    const cpr = `${pad(day)}${pad(month)}${pad(year % 100)}-${rng.int(0, 3)}${pad(rng.int(0, 999), 3)}`;
    if (!used.has(cpr)) {
      used.add(cpr);
      return cpr;
    }
  }
}

export function generateDemoPlan(options: { seed: number; citizens: number; weeks: number; start: string }): DemoPlan {
  const rng = new Prng(options.seed);
  const start = toEpochDay(options.start);
  const end = start + options.weeks * 7 - 1;
  const mondayOf = (week: number): number => start + week * 7;
  const weekOfDay = (day: number): number => Math.floor((day - start) / 7);
  const usedCprs = new Set<string>();

  // ---- the citizens' year ----
  const citizens: Citizen[] = [];
  for (let index = 0; index < options.citizens; index++) {
    const referralWeek = Math.min(11, Math.floor((index / options.citizens) * 12 + rng.next() * 1.5));
    const intakeVariant = rng.chance(0.55) ? 'thorough' : 'standard';
    const accepted = !rng.chance(0.07);
    const referredOn = mondayOf(referralWeek) + rng.int(0, 4);
    const citizen: Citizen = {
      index,
      referral: {
        citizen: index,
        cpr: syntheticCpr(rng, usedCprs),
        referredOn: fromEpochDay(referredOn),
        intakeVariant,
        intakeOutcome: accepted ? 'accepted' : 'rejected',
      },
      placements: [],
      benefitPaid: [],
    };
    citizens.push(citizen);
    if (!accepted) continue;

    const enrolledOn = referredOn + rng.int(5, 14);
    citizen.enrolledOn = enrolledOn;
    // IMPACT60: dropout fell to under a third after the more thorough intake.
    if (rng.chance(intakeVariant === 'thorough' ? 0.09 : 0.3)) {
      const withdrawnOn = enrolledOn + rng.int(21, 320);
      if (withdrawnOn <= end) {
        citizen.withdrawnOn = withdrawnOn;
        citizen.withdrawalReason = rng.pick(WITHDRAWAL_REASONS);
      }
    }
    // The circular path: about 2.3 employment relationships before a lasting one.
    if (rng.chance(0.85)) {
      const count = rng.weighted([
        [1, 0.2],
        [2, 0.32],
        [3, 0.28],
        [4, 0.2],
      ] as const);
      let day = enrolledOn + rng.int(10, 49);
      for (let k = 1; k <= count; k++) {
        const last = k === count;
        if (day > end || (citizen.withdrawnOn !== undefined && day >= citizen.withdrawnOn)) break;
        const kind = rng.weighted<PlacementKind>([
          ['ordinary', 0.66],
          ['flexjob', 0.2],
          ['education', 0.14],
        ]);
        const hoursPerWeek =
          kind === 'ordinary' ? (rng.chance(0.12) ? rng.int(8, 15) : rng.int(16, 37)) : kind === 'flexjob' ? rng.int(10, 25) : rng.int(15, 30);
        const weeks = last ? rng.int(16, 48) : rng.int(3, 11);
        const placement: Placement = {
          id: `P${k}`,
          employerRef: `employer-${pad(rng.int(1, 64), 3)}`,
          kind,
          hoursPerWeek,
          start: day,
          end: day + weeks * 7 - 1 - rng.int(0, 3),
          endReason: rng.pick(END_REASONS),
        };
        if (citizen.withdrawnOn !== undefined && placement.end! >= citizen.withdrawnOn) {
          placement.end = citizen.withdrawnOn - 1;
          placement.endReason = 'participant withdrew';
        }
        if (placement.end! > end) {
          placement.end = undefined;
          placement.endReason = undefined;
        }
        citizen.placements.push(placement);
        if (placement.end === undefined) break;
        day = placement.end + 1 + rng.int(7, 42);
      }
    }
    // The register's truth: a benefit is paid in a week not mostly covered by a placement of 16+ hours.
    for (let week = 0; week < options.weeks; week++) {
      const monday = mondayOf(week);
      const covered = [0, 1, 2, 3, 4].filter((d) =>
        citizen.placements.some((p) => p.hoursPerWeek >= 16 && p.start <= monday + d && (p.end === undefined || monday + d <= p.end)),
      ).length;
      citizen.benefitPaid.push(covered < 3 || rng.chance(0.02));
    }
  }

  // One provider got a start date wrong (a week early) and corrects it later.
  const misreported = citizens
    .flatMap((c) => c.placements.map((p) => ({ c, p })))
    .find(({ c, p }) => p.kind === 'ordinary' && p.hoursPerWeek >= 16 && weekOfDay(p.start) > 8 && weekOfDay(p.start) < 24 && p.start - 7 >= c.enrolledOn!);
  if (misreported) misreported.p.reportedStart = misreported.p.start - 7;
  const correctionWeek = 30;

  // ---- the weekly deliveries ----
  const weeks: WeekPlan[] = [];
  const sent = new Map<number, Map<number, boolean>>(); // citizen -> simulation week -> benefitPaid as last recorded
  const evidenceSent: Array<{ citizen: number; placement: Placement; evidenceId: string; week: number }> = [];
  const generated = {
    citizens: citizens.length,
    placements: 0,
    placedCitizens: 0,
    payslips: 0,
    benefitWeeks: 0,
    registerCorrections: 0,
    placementCorrections: 0,
    revokedPayslips: 0,
  };
  generated.placements = citizens.reduce((n, c) => n + c.placements.length, 0);
  generated.placedCitizens = citizens.filter((c) => c.placements.length > 0).length;
  let revoked = false;

  for (let week = 0; week < options.weeks; week++) {
    const monday = mondayOf(week);
    const sunday = monday + 6;
    const inWeek = (day: number | undefined): day is number => day !== undefined && day >= monday && day <= sunday;
    const plan: WeekPlan = {
      index: week,
      monday: fromEpochDay(monday),
      sunday: fromEpochDay(sunday),
      referrals: [],
      provider: [],
      register: [],
      paymentRun: null,
    };

    // Referrals (commissioner) and the provider's file, in date order.
    const dated: Array<{ day: number; order: number; line: FactLine }> = [];
    for (const c of citizens) {
      const referredOn = toEpochDay(c.referral.referredOn);
      if (inWeek(referredOn)) plan.referrals.push(c.referral);
      const id = `c${pad(c.index, 3)}`;
      if (inWeek(c.enrolledOn)) {
        dated.push({
          day: c.enrolledOn,
          order: 0,
          line: { commandId: `fokus:${id}:enrol`, type: 'EnrolParticipant', citizen: c.index, data: { enrolledOn: fromEpochDay(c.enrolledOn) } },
        });
      }
      for (const p of c.placements) {
        if (inWeek(p.start)) {
          dated.push({
            day: p.start,
            order: 1,
            line: {
              commandId: `fokus:${id}:${p.id}:start`,
              type: 'StartPlacement',
              citizen: c.index,
              data: {
                placementId: p.id,
                employerRef: p.employerRef,
                kind: p.kind,
                hoursPerWeek: p.hoursPerWeek,
                startDate: fromEpochDay(p.reportedStart ?? p.start),
              },
            },
          });
        }
        if (inWeek(p.end)) {
          dated.push({
            day: p.end,
            order: 2,
            line: {
              commandId: `fokus:${id}:${p.id}:end`,
              type: 'EndPlacement',
              citizen: c.index,
              data: { placementId: p.id, endDate: fromEpochDay(p.end), reason: p.endReason },
            },
          });
        }
      }
      if (inWeek(c.withdrawnOn)) {
        dated.push({
          day: c.withdrawnOn,
          order: 3,
          line: {
            commandId: `fokus:${id}:withdraw`,
            type: 'WithdrawParticipant',
            citizen: c.index,
            data: { withdrawnOn: fromEpochDay(c.withdrawnOn), reason: c.withdrawalReason },
          },
        });
      }
    }
    dated.sort((a, b) => a.day - b.day || a.order - b.order);
    plan.provider.push(...dated.map((d) => d.line));

    // Payslips for the month just ended, in the week that holds the 1st of the next month.
    const first = [0, 1, 2, 3, 4, 5, 6].map((d) => monday + d).find((day) => parseCivilDate(fromEpochDay(day)).day === 1);
    if (first !== undefined && week > 0) {
      plan.paymentRun = fromEpochDay(first);
      const monthEnd = first - 1;
      const { year, month } = parseCivilDate(fromEpochDay(monthEnd));
      const monthStart = toEpochDay(`${year}-${pad(month)}-01`);
      for (const c of citizens) {
        for (const p of c.placements) {
          if (p.start > monthEnd || (p.end !== undefined && p.end < monthStart)) continue;
          if (rng.chance(0.03)) continue; // a payslip that never arrives
          const evidenceId = `${p.id}-${year}-${pad(month)}`;
          const from = Math.max(p.start, monthStart);
          const to = Math.min(p.end ?? monthEnd, monthEnd);
          plan.provider.push({
            commandId: `fokus:c${pad(c.index, 3)}:${evidenceId}:payslip`,
            type: 'RecordPayrollEvidence',
            citizen: c.index,
            data: {
              placementId: p.id,
              evidenceId,
              periodFrom: fromEpochDay(from),
              periodTo: fromEpochDay(to),
              source: 'eIndkomst',
              documentSha256: sha256(`payslip ${c.index} ${evidenceId}`),
            },
          });
          evidenceSent.push({ citizen: c.index, placement: p, evidenceId, week });
          generated.payslips += 1;
        }
      }
    }

    if (week === correctionWeek && misreported) {
      plan.provider.push({
        commandId: `fokus:c${pad(misreported.c.index, 3)}:${misreported.p.id}:correct-start`,
        type: 'CorrectPlacement',
        citizen: misreported.c.index,
        data: { placementId: misreported.p.id, startDate: fromEpochDay(misreported.p.start), reason: 'start date misreported' },
      });
      generated.placementCorrections += 1;
    }

    // A payslip found to belong to another employee: the first payslip of someone's first qualifying placement.
    if (week === 36 && !revoked) {
      const victim = evidenceSent.find(
        ({ placement: p }) => p.kind !== 'education' && p.hoursPerWeek >= 16 && p.start >= start + 4 * 7 && p.reportedStart === undefined,
      );
      if (victim) {
        plan.provider.push({
          commandId: `fokus:c${pad(victim.citizen, 3)}:${victim.evidenceId}:revoke`,
          type: 'RevokePayrollEvidence',
          citizen: victim.citizen,
          data: { evidenceId: victim.evidenceId, reason: 'payslip belonged to another employee' },
        });
        revoked = true;
        generated.revokedPayslips += 1;
      }
    }

    // The DREAM extract: the week DREAM_LAG_WEEKS ago, for everyone enrolled that whole week.
    const extract = `DREAM ${isoWeekOf(fromEpochDay(monday))}`;
    const reported = week - DREAM_LAG_WEEKS;
    if (reported >= 0) {
      const reportedMonday = mondayOf(reported);
      const isoWeek = isoWeekOf(fromEpochDay(reportedMonday));
      for (const c of citizens) {
        if (c.enrolledOn === undefined || reportedMonday < c.enrolledOn) continue;
        if (c.withdrawnOn !== undefined && reportedMonday + 6 >= c.withdrawnOn) continue;
        const benefitPaid = c.benefitPaid[reported];
        plan.register.push({
          commandId: `dream:${isoWeek}:c${pad(c.index, 3)}`,
          type: 'RecordBenefitWeek',
          citizen: c.index,
          data: { week: isoWeek, benefitPaid, source: extract },
        });
        if (!sent.has(c.index)) sent.set(c.index, new Map());
        sent.get(c.index)!.set(reported, benefitPaid);
        generated.benefitWeeks += 1;
      }
    }

    // Register corrections: a week recorded as benefit-free turns out to have been paid after all.
    if (week === 40 || week === 47) {
      const targets = longStreaks(sent, 26).slice(0, 2);
      const others = [...sent.keys()].filter((i) => !targets.some((t) => t.citizen === i));
      const random = rng.pick(others);
      const randomWeek = [...(sent.get(random) ?? new Map<number, boolean>()).entries()].filter(([, paid]) => !paid).map(([w]) => w);
      if (randomWeek.length > 0) targets.push({ citizen: random, from: rng.pick(randomWeek), length: 1 });
      for (const target of targets) {
        const flipped = target.from + Math.floor(target.length / 2);
        const isoWeek = isoWeekOf(fromEpochDay(mondayOf(flipped)));
        plan.register.push({
          commandId: `dream-correction:${isoWeek}:c${pad(target.citizen, 3)}`,
          type: 'RecordBenefitWeek',
          citizen: target.citizen,
          data: { week: isoWeek, benefitPaid: true, source: `${extract} correction` },
        });
        sent.get(target.citizen)!.set(flipped, true);
        generated.registerCorrections += 1;
      }
    }
    weeks.push(plan);
  }
  return { seed: options.seed, start: fromEpochDay(start), end: fromEpochDay(end), weeks, generated };
}

/** Citizens with a run of at least `length` consecutive weeks recorded as benefit-free, longest first. */
function longStreaks(sent: Map<number, Map<number, boolean>>, length: number): Array<{ citizen: number; from: number; length: number }> {
  const runs: Array<{ citizen: number; from: number; length: number }> = [];
  for (const [citizen, weeks] of sent) {
    const ordered = [...weeks.keys()].sort((a, b) => a - b);
    let best = { from: 0, length: 0 };
    let from = -1;
    let previous = -2;
    for (const week of ordered) {
      if (weeks.get(week)) {
        from = -1;
      } else {
        if (from < 0 || week !== previous + 1) from = week;
        if (week - from + 1 > best.length) best = { from, length: week - from + 1 };
      }
      previous = week;
    }
    if (best.length >= length) runs.push({ citizen, ...best });
  }
  return runs.sort((a, b) => b.length - a.length || a.citizen - b.citizen);
}
