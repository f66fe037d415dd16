// The store contract (contract.ts) against the in-memory store.
import { memoryStore } from '../../src/budget/index.js';
import { storeContract } from './contract.js';

storeContract('memoryStore', () => memoryStore());
