// overdue-guard: starts the content side once core.js and one adapter are loaded.
// Injecting the scripts twice is harmless: core keeps its first instance and start() runs once
// (a second start for the generic adapter just scans again).
(() => {
  const OG = globalThis.OverdueGuard;
  if (!OG) return;
  OG.start();
})();
