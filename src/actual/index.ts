// llm-spend/actual: what was actually spent — usage logs, traces and provider exports priced at
// their own dates, what-if, reconciliation, fits and SQL (issue 14). Its exports are added here
// as they land; until then the entry point exists (and is built and packed) but exports nothing.
export {};
