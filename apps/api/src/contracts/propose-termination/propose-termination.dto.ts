import type { TerminationMethod, TerminationTerms } from '#domain';
import { CivilDateField, DomainObjectField, TextField } from '../../common/dto-fields.js';

export class ProposeTerminationDto {
  @CivilDateField('Effective date T of the termination', '2020-12-31') effectiveOn!: string;
  @TextField('Why the contract ends early', 'Programme continues as a municipal service') reason!: string;
  @DomainObjectField('The settlement terms: a method by name (the contract’s own terms) or full terms (§4, §7)') method!: TerminationMethod | TerminationTerms;
}
