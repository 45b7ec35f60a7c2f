import { Controller, Get } from '@nestjs/common';
import { CurrentPrincipal, Roles } from './decorators.js';
import type { Principal } from './principal.js';
import { ROLES } from './role.js';

/** `GET /me`: who the presented token belongs to (operators checking a token, clients checking their scope and the party they speak for; null: none). */
@Controller('me')
export class WhoAmIController {
  @Get()
  @Roles(...ROLES)
  whoAmI(@CurrentPrincipal() principal: Principal): { name: string; role: string; party: string | null; contracts: readonly string[] | '*' } {
    return { name: principal.name, role: principal.role, party: principal.party, contracts: principal.contracts };
  }
}
