import { Command } from 'commander';
import { actorOf, type NewToken, TokenService, validatePrincipal } from '#auth';
import { AppConfig } from '#config';
import { withCliContext } from './cli-context.js';

interface CreateTokenOptions {
  name: string;
  role: string;
  contracts?: string;
  allContracts?: boolean;
}

/** Checks the options before any database is opened; throws with a message for the operator. */
export function tokenSpecFrom(options: CreateTokenOptions): NewToken {
  if (options.contracts !== undefined && options.allContracts) {
    throw new Error('give either --contracts <ids> or --all-contracts, not both');
  }
  if (options.contracts === undefined && !options.allContracts) {
    throw new Error('give --contracts <id,id,...> (the contracts this principal may see) or --all-contracts');
  }
  const contracts = options.allContracts
    ? '*'
    : (options.contracts ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
  return validatePrincipal({ name: options.name, role: options.role, contracts });
}

/** `create-token --name fokus-folkeoplysning --role provider --contracts aalborg-impact60,other` */
export function createTokenCommand(): Command {
  return new Command('create-token')
    .description('create a bearer token for a principal and print it once (only its SHA-256 hash is stored)')
    .requiredOption('--name <name>', 'the party, e.g. aalborg-kommune (3-64 lowercase letters, digits, dashes)')
    .requiredOption('--role <role>', 'commissioner | provider | investor | payment-service | auditor | evaluator')
    .option('--contracts <ids>', 'comma-separated contract ids the principal is scoped to')
    .option('--all-contracts', 'scope the principal to every contract, present and future')
    .action(async (options: CreateTokenOptions) => {
      const spec = tokenSpecFrom(options);
      const token = await withCliContext((app) => app.get(TokenService).create(spec));
      const scope = spec.contracts === '*' ? 'all contracts' : `contracts ${spec.contracts.join(', ')}`;
      // The token alone on stdout (TOKEN=$(... create-token ...)); the explanation on stderr.
      console.log(token);
      console.error(`token for ${actorOf(spec)} (${scope}); shown only now: it is not stored, only its SHA-256 hash is`);
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
