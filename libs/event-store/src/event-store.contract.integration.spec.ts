import { eventStoreAdapters } from '#test-support/event-store.adapters.js';
import { describeEventStoreContract } from '#test-support/event-store.contract.js';

for (const adapter of eventStoreAdapters) describeEventStoreContract(adapter);
