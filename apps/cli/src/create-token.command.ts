import { Command } from 'commander';
import { actorOf, isPartyRole, type Principal, TokenService, validatePrincipal } from '#auth';
import { AppConfig } from '#config';
import { databaseOf, withCliContext } from './cli-context.js';
import { requirePartyOfContracts } from './contract-parties.js';

interface CreateTokenOptions {
  name: string;
  role: string;
  party?: string;
  contracts?: string;
  allContracts?: boolean;
}

/** Checks the options before any database is opened; throws with a message for the operator. */
export function tokenSpecFrom(options: CreateTokenOptions): Principal {
  if (options.contracts !== undefined && options.allContracts) {
    throw new Error('give either --contracts <ids> or --all-contracts, not both');
  }
  if (options.contracts === undefined && !options.allContracts) {
    throw new Error('give --contracts <id,id,...> (the contracts this principal may see) or --all-contracts');
  }
  const contracts = options.allContracts
    ? '*'
    : (options.contracts ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '');
  return validatePrincipal({ name: options.name, role: options.role, party: options.party, contracts });
}

/**
 * `create-token --name fokus-folkeoplysning --role provider --contracts aalborg-impact60,other`, and
 * with `--party fokus-folkeoplysning` a token that speaks for that party: with `--contracts`, each
 * contract must be registered and its terms name that party for the role (contract-parties.ts);
 * with `--all-contracts`, nothing is checked now (each action is, by the domain, when it happens).
 */
export function createTokenCommand(): Command {
  return new Command('create-token')
    .description('create a bearer token for a principal and print it once (only its SHA-256 hash is stored)')
    .requiredOption('--name <name>', 'the principal, named as the actor of the facts it records, e.g. aalborg-kommune (3-64 lowercase letters, digits, dashes)')
    .requiredOption('--role <role>', 'commissioner | provider | investor | payment-service | auditor | evaluator')
    .option(
      '--party <party>',
      "the party it speaks for, as the contracts' definitions name it for the role (commissioner, investor, provider only); absent: role-wide",
    )
    .option('--contracts <ids>', 'comma-separated contract ids the principal is scoped to')
    .option('--all-contracts', 'scope the principal to every contract, present and future')
    .action(async (options: CreateTokenOptions) => {
      const spec = tokenSpecFrom(options);
      const { party, contracts, role } = spec;
      const { token, database } = await withCliContext(async (app) => {
        if (party !== null && contracts !== '*' && isPartyRole(role)) await requirePartyOfContracts(app, { role, party, contracts });
        return { token: await app.get(TokenService).create(spec), database: databaseOf(app.get(AppConfig)) };
      });
      const scope = contracts === '*' ? 'all contracts' : `contracts ${contracts.join(', ')}`;
      const speaksFor = party === null ? 'no party (role-wide)' : `party ${party}`;
      // The token alone on stdout (TOKEN=$(... create-token ...)); the explanation on stderr.
      console.log(token);
      // Where it was recorded, so that a token the service refuses (another database) is not a mystery.
      console.error(
        `token for ${actorOf(spec)} (${scope}), speaking for ${speaksFor}; shown only now: it is not stored, only its SHA-256 hash is, in the ${database}`,
      );
      if (party !== null && contracts === '*') {
        console.error(
          `party ${party} was checked against no contract: the token acts as ${role} ${party} on whichever contracts name ${party} as their ${role}; ` +
            'each action is checked against the contract when it happens',
        );
      }
    });
}

/** `revoke-token --name fokus-folkeoplysning`: every active token of that name stops working. */
export function revokeTokenCommand(): Command {
  return new Command('revoke-token')
    .description('revoke every active token of a principal')
    .requiredOption('--name <name>', 'the principal whose tokens to revoke')
    .action(async (options: { name: string }) => {
      const { revoked, cacheMs } = await withCliContext(async (app) => ({
        revoked: await app.get(TokenService).revoke(options.name),
        cacheMs: app.get(AppConfig).TOKEN_CACHE_TTL_MS,
      }));
      if (revoked === 0) throw new Error(`no active token named ${options.name}`);
      console.log(
        `revoked ${revoked} token${revoked === 1 ? '' : 's'} of ${options.name} ` +
          `(a running service stops accepting them within its TOKEN_CACHE_TTL_MS, ${cacheMs / 1000} s with this configuration: it caches lookups that long)`,
      );
    });
}
