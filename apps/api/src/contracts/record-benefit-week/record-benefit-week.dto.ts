import { BooleanField, IsoWeekField, TextField } from '../../common/dto-fields.js';

export class RecordBenefitWeekDto {
  @IsoWeekField('The register week', '2019-W06') week!: string;
  @BooleanField('Whether a public benefit was paid that week', false) benefitPaid!: boolean;
  @TextField('Register extract it comes from', 'DREAM 2019-04') source!: string;
}
