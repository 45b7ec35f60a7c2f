import { Controller, Get } from '@nestjs/common';
import { CurrentPrincipal, Roles } from './decorators.js';
import type { Principal } from './principal.js';
import { ROLES } from './role.js';

/** `GET /me`: who the presented token belongs to (operators checking a token, clients checking their scope). */
@Controller('me')
export class WhoAmIController {
  @Get()
  @Roles(...ROLES)
  whoAmI(@CurrentPrincipal() principal: Principal): { name: string; role: string; contracts: readonly string[] | '*' } {
    return { name: principal.name, role: principal.role, contracts: principal.contracts };
  }
}
