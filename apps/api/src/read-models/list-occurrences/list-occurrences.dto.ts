import { OCCURRENCE_FILTERS, type OccurrenceFilter } from '#contracts';
import { OneOfField } from '../../common/dto-fields.js';
import { AsOfQuery } from '../as-of.query.js';

export class ListOccurrencesQueryDto extends AsOfQuery {
  @OneOfField(
    'Only occurrences that are (as of asOf): verified (not reversed), reversed, capped (not reversed, cut below the price), ' +
      'due (not reversed, amount above 0, not confirmed) or paid (confirmed, even if reversed since)',
    OCCURRENCE_FILTERS,
    'due',
    true,
  )
  status?: OccurrenceFilter;
}
