import type { PlacementKind } from '#domain';
import { CivilDateField, HoursField, IdField, OneOfField } from '../../common/dto-fields.js';

export class StartPlacementDto {
  @IdField('The provider’s id for this placement, unique per participant', 'A') placementId!: string;
  @IdField('Employer reference (no personal data)', 'employer-0042') employerRef!: string;
  @OneOfField('Kind of placement', ['ordinary', 'flexjob', 'education'], 'ordinary') kind!: PlacementKind;
  @HoursField('Agreed hours per week', 20) hoursPerWeek!: number;
  @CivilDateField('First day of the placement', '2019-02-04') startDate!: string;
}
