import { OCCURRENCE_FILTERS, type OccurrenceFilter } from '#contracts';
import { OneOfField } from '../../common/dto-fields.js';
import { ContractFiltersQuery } from '../page.query.js';

/** `GET …/occurrences`: asOf, a page (after, limit) and the filters (status, participantId, outcomeCode). */
export class ListOccurrencesQueryDto extends ContractFiltersQuery {
  @OneOfField(
    'Only occurrences that are (as of asOf): verified (not reversed), reversed, capped (not reversed, cut below the price), or whose ' +
      'money is in that state: due, paid, to-recover, recovered, superseded (an agreed settlement pays or collects it), cancelled',
    OCCURRENCE_FILTERS,
    'due',
    true,
  )
  status?: OccurrenceFilter;
}
