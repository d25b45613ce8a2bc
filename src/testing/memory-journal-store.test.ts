import { describeJournalStoreContract } from "./journal-store-contract.js";
import { MemoryJournalStore } from "./memory-journal-store.js";

describeJournalStoreContract("MemoryJournalStore", async () => {
  const store = new MemoryJournalStore();
  return { store, openSecond: async () => new MemoryJournalStore(store), cleanup: async () => {} };
});
