import { PARTICIPANT_STATUSES, type ParticipantStatus } from '#contracts';
import { OneOfField, TextField } from '../../common/dto-fields.js';
import { PageQuery } from '../page.query.js';

/** `GET …/participants`: asOf, a page (after, limit) and the filters (status, intakeVariant). */
export class ListParticipantsQueryDto extends PageQuery {
  @OneOfField(
    'Only participants that are (as of asOf): referred (accepted, not enrolled), rejected at intake, enrolled, withdrawn',
    PARTICIPANT_STATUSES,
    'enrolled',
    true,
  )
  status?: ParticipantStatus;

  @TextField('Only participants referred with this intake variant (as the referral recorded it)', 'thorough', true) intakeVariant?: string;
}
