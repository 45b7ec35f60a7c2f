import { TextField } from '../../common/dto-fields.js';

export class RevokePayrollEvidenceDto {
  @TextField('Why the evidence no longer stands', 'payslip belonged to another employee') reason!: string;
}
