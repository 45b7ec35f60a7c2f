import type { TerminationMethod, TerminationTerms } from '#domain';
import { CivilDateField, DomainObjectField, TextField } from '../../common/dto-fields.js';

export class TerminateContractDto {
  @CivilDateField('Effective date T of the termination', '2020-12-31') effectiveOn!: string;
  @TextField('Why the contract ends early', 'Programme continues as a municipal service') reason!: string;
  @DomainObjectField('The contract’s own settlement method, by name or in full; other terms need both parties: …/termination/proposals (§7)', true)
  method?: TerminationMethod | TerminationTerms;
}
