import type { PipeTransform } from '@nestjs/common';
import { isPseudonym } from '#domain';
import { ApiError } from './api-error.js';

/**
 * Participants are addressed only by the pseudonym the referral answered with. Anything else in
 * that place (a CPR number pasted by mistake, say) is refused without being repeated.
 */
export class ParticipantIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isPseudonym(value)) {
      throw new ApiError(
        400,
        'invalid-participant-id',
        'participantId must be the pseudonym given at referral (p_ followed by 32 hex digits)',
        'participantId',
      );
    }
    return value;
  }
}
