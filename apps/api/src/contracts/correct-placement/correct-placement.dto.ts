import type { PlacementKind } from '#domain';
import { CivilDateField, HoursField, OneOfField, TextField } from '../../common/dto-fields.js';

export class CorrectPlacementDto {
  @CivilDateField('Corrected first day', '2019-02-11', true) startDate?: string;
  @CivilDateField('Corrected last day (null re-opens the placement)', '2019-03-10', true) endDate?: string | null;
  @HoursField('Corrected hours per week', 18, true) hoursPerWeek?: number;
  @OneOfField('Corrected kind', ['ordinary', 'flexjob', 'education'], 'flexjob', true) kind?: PlacementKind;
  @TextField('Why the record was wrong', 'start date misreported') reason!: string;
}
