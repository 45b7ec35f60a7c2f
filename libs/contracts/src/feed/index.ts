export * from './payment-events.js';
export * from './payment-feed.service.js';
export * from './payment-feed.module.js';
export * from './payment-feed-book.js';
