import { CivilDateField, IdField, Sha256Field, TextField } from '../../common/dto-fields.js';

export class RecordPayrollEvidenceDto {
  @IdField('Id of this piece of evidence, unique per participant', 'payslips-2019-q1') evidenceId!: string;
  @IdField('The placement it evidences', 'A') placementId!: string;
  @CivilDateField('First day covered', '2019-02-04') periodFrom!: string;
  @CivilDateField('Last day covered (inclusive)', '2019-03-10') periodTo!: string;
  @TextField('Where it comes from', 'eIndkomst') source!: string;
  @Sha256Field() documentSha256!: string;
}
