/**
 * What the writer believes about the stream before appending:
 * - a number: the stream's exact version (number of events; 0 means it must not exist yet);
 * - 'no_stream' / 'stream_exists': only its existence;
 * - 'any': no check.
 */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';
