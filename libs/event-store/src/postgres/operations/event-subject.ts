/**
 * What an event is about, as the indexes es_events_subject (migration event-store/003) and
 * es_events_stream_level (004) are built on, and as a query must write it to use them: the
 * participant its data names, else the payment; null when it names neither (an event about the
 * stream as a whole). The fields are compared as stored: an upcaster that renamed either would
 * need indexes of its own.
 */
export const SUBJECT = `coalesce(data->>'participantId', data->>'paymentId')`;
