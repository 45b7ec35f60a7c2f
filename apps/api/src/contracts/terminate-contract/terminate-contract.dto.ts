import type { TerminationMethod, TerminationTerms } from '../../../../../libs/domain/src/index.js';
import { CivilDateField, DomainObjectField, TextField } from '../../common/dto-fields.js';

export class TerminateContractDto {
  @CivilDateField('Effective date T of the termination', '2020-12-31') effectiveOn!: string;
  @TextField('Why the contract ends early', 'Programme continues as a municipal service') reason!: string;
  @DomainObjectField('Settlement method name or full terms, when both parties agree to override the contract’s (§7)', true) method?: TerminationMethod | TerminationTerms;
}
