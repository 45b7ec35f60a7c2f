import { createHash } from 'node:crypto';
import { Command } from 'commander';
import { formatMinorUnits } from '#domain';
import { localeOption } from './locale.option.js';
import { consoleOutput, exitWith, type Output, reach, refusalOfText, serviceOf, type ServiceOptions, tokenOption, urlOption } from './service-client.js';

// The payment service's confirmations from the command line (docs/rules.md §7 "No money paid
// twice"): a payment made, or a payment to recover that came back. Each posts to the running
// service's route, as the payment service's own system would.

export interface PaymentConfirmationOptions extends ServiceOptions {
  contract: string;
  payment: string;
  reference: string;
  /** The day the money moved (YYYY-MM-DD). */
  on: string;
  /** How amounts are written (formatMinorUnits); da-DK when absent. */
  locale?: string;
}

export const PAYMENT_EXIT = { ok: 0, failed: 2 } as const;

const ROUTES = {
  confirm: { path: 'confirmation', dateField: 'confirmedOn', did: 'paid' },
  recover: { path: 'recovery', dateField: 'recoveredOn', did: 'recovered' },
} as const;

interface RecordedEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Posts the confirmation or recovery and prints what was recorded. Returns the exit code, for tests and scripts. */
export async function runPaymentConfirmation(kind: keyof typeof ROUTES, options: PaymentConfirmationOptions, output: Output = consoleOutput): Promise<number> {
  const route = ROUTES[kind];
  try {
    const { base, token } = serviceOf(options);
    const target = new URL(`contracts/${encodeURIComponent(options.contract)}/payments/${encodeURIComponent(options.payment)}/${route.path}`, base);
    const response = await reach(base, target, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey(kind, options) },
      body: JSON.stringify({ reference: options.reference, [route.dateField]: options.on }),
    });
    const text = await response.text();
    if (response.status !== 201) throw refusalOfText(response.status, text);
    const { events } = JSON.parse(text) as { events: RecordedEvent[] };
    if (events.length === 0) output.out(`${options.payment}: already ${route.did} under reference ${options.reference}; nothing recorded`);
    for (const event of events) output.out(describe(event, options.locale));
    return PAYMENT_EXIT.ok;
  } catch (error) {
    output.err(`${kind} failed: ${error instanceof Error ? error.message : String(error)}`);
    return PAYMENT_EXIT.failed;
  }
}

/** The same confirmation sent again (a retry after a timeout) is the same request: its key is made of what it says. */
function idempotencyKey(kind: string, options: PaymentConfirmationOptions): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([kind, options.contract, options.payment, options.reference, options.on]))
    .digest('hex');
  return `cli-${kind}-${digest}`;
}

function describe({ type, data }: RecordedEvent, locale?: string): string {
  const amount = formatMinorUnits(Number(data.amount), locale);
  switch (type) {
    case 'SettlementAdjusted':
      return (
        `recorded ${type}: ${String(data.causePaymentId)} was netted by the agreed settlement ${String(data.settlementPaymentId)}, ` +
        `so ${String(data.paymentId)} is a new amount to settle: ${amount} (${Number(data.amount) < 0 ? 'to recover' : 'to pay'})`
      );
    default:
      return `recorded ${type}: ${String(data.paymentId)}, ${amount}`;
  }
}

function paymentCommand(kind: keyof typeof ROUTES, description: string, exit: (code: number) => void): Command {
  return new Command(kind)
    .description(description)
    .requiredOption('--contract <id>', 'the contract')
    .requiredOption(
      '--payment <paymentId>',
      'the payment identity (contract:participant:OUTCOME:occurrence:revision, contract:settlement:n, contract:adjustment:n)',
    )
    .requiredOption('--reference <reference>', "the payment system's reference")
    .requiredOption('--on <date>', 'the day the money moved (YYYY-MM-DD)')
    .addOption(urlOption())
    .addOption(tokenOption('the payment service'))
    .addOption(localeOption())
    .action(async (options: PaymentConfirmationOptions) => {
      exit(await runPaymentConfirmation(kind, options));
    });
}

/** `payment confirm|recover --contract C --payment P --reference R --on D` */
export function paymentCommands(exit: (code: number) => void = exitWith): Command {
  return new Command('payment')
    .description("the payment service's word on the money, sent to a running service; exit code 0 recorded (or already), 2 not")
    .addCommand(paymentCommand('confirm', 'confirm that a payment identity was paid (an outcome, an agreed settlement, an adjustment)', exit))
    .addCommand(paymentCommand('recover', 'confirm that the money of a payment to recover came back', exit));
}
